package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/stride-hq/stride"
)

// listRoles serves every role; q keeps those whose name or code contains it.
func (s *Server) listRoles(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	q := p.str("q", 64)
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, nil, roleSheet(), func() (stride.List[*stride.Role], error) {
		list, err := s.store.ListRoles(r.Context())
		if err != nil || q == "" {
			return list, err
		}
		list.Items = slices.DeleteFunc(list.Items, func(ro *stride.Role) bool {
			return !strings.Contains(ro.Name, q) && !strings.Contains(ro.Code, q)
		})
		list.Total = len(list.Items)
		return list, nil
	})
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
