package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.ProjectFilter{Query: p.str("q", 100), Category: stride.Category(p.str("category", 20)),
		Stage: stride.Stage(p.str("stage", 20)), OwnerUnitID: p.int("owner_unit_id"), LeadUnitID: p.int("lead_unit_id"), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	list, err := s.store.ListProjects(r.Context(), stride.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	p, err := s.store.GetProject(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) error {
	var in stride.ProjectInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	p, err := s.store.CreateProject(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.ProjectInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	p, err := s.store.UpdateProject(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	if err := s.store.DeleteProject(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
