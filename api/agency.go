package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

// listCases serves the cases in the caller's reach: filters project_id, agent_user_id,
// mode, stage, open=true, q; page, size, sort (applied_at, updated_at, project, agent, stage).
func (s *Server) listCases(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.CaseFilter{ProjectID: p.int("project_id"), AgentUserID: p.int("agent_user_id"),
		Mode: stride.AgencyMode(p.str("mode", 20)), Stage: stride.CaseStage(p.str("stage", 20)), Open: boolParam(r, "open"),
		Query: p.str("q", 100), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, caseSheet(), func() (stride.List[*stride.AgencyCase], error) {
		return s.store.ListCases(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	c, err := s.store.GetCase(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request) error {
	var in stride.CaseInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.CreateCase(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) updateCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	var in stride.CaseInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	in.ProjectID = max(in.ProjectID, 1) // the case keeps its project
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.UpdateCase(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) advanceCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	var in stride.CaseAdvanceInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.AdvanceCase(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) evaluateCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	var in stride.EvaluationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.EvaluateCase(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) agentWorkload(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.store.AgentWorkload(r.Context(), stride.ActorFrom(r.Context()))
	if err != nil {
		return calendarError(err)
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.AgentLoad]{Items: ls, Total: len(ls)})
}
