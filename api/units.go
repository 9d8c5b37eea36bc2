package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listUnits(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.UnitFilter{Name: p.str("name", 100), Kind: stride.UnitKind(p.str("kind", 20))}
	if err := p.err(); err != nil {
		return err
	}
	tree := f.Name == "" && f.Kind == ""
	return answerList(s, w, r, nil, unitSheet(tree), func() (stride.List[*stride.Unit], error) {
		return s.store.ListUnits(r.Context(), f)
	})
}

func (s *Server) getUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "unit")
	if err != nil {
		return err
	}
	u, err := s.store.GetUnit(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) error {
	var in stride.UnitInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	u, err := s.store.CreateUnit(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) updateUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "unit")
	if err != nil {
		return err
	}
	var in stride.UnitInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	u, err := s.store.UpdateUnit(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) deleteUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "unit")
	if err != nil {
		return err
	}
	if err := s.store.DeleteUnit(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
