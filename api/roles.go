package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listRoles(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListRoles(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

func (s *Server) getRole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "role")
	if err != nil {
		return err
	}
	role, err := s.store.GetRole(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, role)
}

func (s *Server) createRole(w http.ResponseWriter, r *http.Request) error {
	var in stride.RoleInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	role, err := s.store.CreateRole(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, role)
}

func (s *Server) updateRole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "role")
	if err != nil {
		return err
	}
	var in stride.RoleInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	role, err := s.store.UpdateRole(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, role)
}

func (s *Server) deleteRole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "role")
	if err != nil {
		return err
	}
	if err := s.store.DeleteRole(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
