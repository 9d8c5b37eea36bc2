package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listCatalog(w http.ResponseWriter, r *http.Request) error {
	names := map[string]string{} // prerequisites are codes; the export shows their names
	return answerList(s, w, r, nil, catalogSheet(names), func() (stride.List[*stride.CatalogItem], error) {
		cs, err := s.store.ApprovalCatalog(r.Context())
		for _, c := range cs {
			names[c.Code] = c.Name
		}
		return stride.List[*stride.CatalogItem]{Items: cs, Total: len(cs)}, err
	})
}

func (s *Server) createCatalogItem(w http.ResponseWriter, r *http.Request) error {
	var in stride.CatalogInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.CreateCatalogItem(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) updateCatalogItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "catalog_item")
	if err != nil {
		return err
	}
	var in stride.CatalogInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.store.UpdateCatalogItem(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// listApprovalItems serves the items in the caller's reach: filters project_id, unit_id,
// case_id, stage, status, open=true, clock=near|overdue|paused, q; page, size, sort
// (due_date, project, name, status, unit, updated_at; "-" for descending).
func (s *Server) listApprovalItems(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.ApprovalFilter{ProjectID: p.int("project_id"), UnitID: p.int("unit_id"), CaseID: p.int("case_id"),
		Stage: stride.ApprovalStage(p.str("stage", 20)), Status: stride.ApprovalStatus(p.str("status", 20)),
		Open: boolParam(r, "open"), Clock: stride.ClockState(p.str("clock", 10)), Query: p.str("q", 100), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, approvalItemSheet(), func() (stride.List[*stride.ApprovalItem], error) {
		return s.store.ListApprovalItems(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

func (s *Server) getApprovalItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "approval_item")
	if err != nil {
		return err
	}
	it, err := s.store.GetApprovalItem(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}

func (s *Server) createApprovalItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.ApprovalItemInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	it, err := s.store.CreateApprovalItem(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, it)
}

func (s *Server) buildApprovalPath(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.PathInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	items, err := s.store.BuildApprovalPath(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[*stride.ApprovalItem]{Items: items, Total: len(items)})
}

func (s *Server) updateApprovalItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "approval_item")
	if err != nil {
		return err
	}
	var in stride.ApprovalItemInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	it, err := s.store.UpdateApprovalItem(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}

func (s *Server) deleteApprovalItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "approval_item")
	if err != nil {
		return err
	}
	if err := s.store.DeleteApprovalItem(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// moveApprovalItem moves an item as one side: the applicant files, the authority handles.
func (s *Server) moveApprovalItem(side stride.Side) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "approval_item")
		if err != nil {
			return err
		}
		var in stride.TransitionInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		a := stride.ActorFrom(r.Context())
		before, err := s.store.GetApprovalItem(r.Context(), a, id)
		if err != nil {
			return err
		}
		if err := in.Validate(before.Status); err != nil {
			return err
		}
		it, err := s.store.MoveApprovalItem(r.Context(), a, id, side, in)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, it)
	}
}

func (s *Server) applyApprovalItem(w http.ResponseWriter, r *http.Request) error {
	return s.moveApprovalItem(stride.SideApplicant)(w, r)
}

func (s *Server) handleApprovalItem(w http.ResponseWriter, r *http.Request) error {
	return s.moveApprovalItem(stride.SideAuthority)(w, r)
}

// approvalSchedule schedules a project's path back from ?start= (default: the planned
// start) and ?end= (default: the planned completion).
func (s *Server) approvalSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	f := stride.Fields{}
	start, end := dateParam(r, f, "start", false), dateParam(r, f, "end", false)
	if err := f.Err(); err != nil {
		return err
	}
	sc, err := s.store.ApprovalSchedule(r.Context(), stride.ActorFrom(r.Context()), id, start, end)
	if err != nil {
		return calendarError(err)
	}
	return writeJSON(w, http.StatusOK, sc)
}
