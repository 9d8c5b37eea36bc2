package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

// listBlockages serves the blockages in the caller's reach: filters project_id,
// owner_unit_id, category, status, open=true, overdue=true, level (at least), mine=true
// (the caller's turn), q; page, size, sort (raised_at, updated_at, level, status, project,
// resolve_due, category). By default the open, highest and most overdue come first.
func (s *Server) listBlockages(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.BlockageFilter{ProjectID: p.int("project_id"), OwnerUnitID: p.int("owner_unit_id"),
		Category: stride.BlockageCategory(p.str("category", 20)), Status: stride.BlockageStatus(p.str("status", 20)),
		Open: boolParam(r, "open"), Overdue: boolParam(r, "overdue"), MinLevel: stride.EscalationLevel(p.int("level")),
		Mine: boolParam(r, "mine"), Query: p.str("q", 100), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, blockageSheet(), func() (stride.List[*stride.Blockage], error) {
		return s.store.ListBlockages(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

func (s *Server) getBlockage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "blockage")
	if err != nil {
		return err
	}
	b, err := s.store.GetBlockage(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

func (s *Server) createBlockage(w http.ResponseWriter, r *http.Request) error {
	var in stride.BlockageInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	b, err := s.store.CreateBlockage(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

func (s *Server) updateBlockage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "blockage")
	if err != nil {
		return err
	}
	var in stride.BlockageInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	in.ProjectID = max(in.ProjectID, 1) // a blockage keeps its project
	if err := in.Validate(); err != nil {
		return err
	}
	b, err := s.store.UpdateBlockage(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// blockageAction serves one action of the state machine.
func (s *Server) blockageAction(act stride.BlockageAction) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "blockage")
		if err != nil {
			return err
		}
		var in stride.BlockageActionInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(act); err != nil {
			return err
		}
		b, err := s.store.ActOnBlockage(r.Context(), stride.ActorFrom(r.Context()), id, act, in)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, b)
	}
}

func (s *Server) escalateBlockage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "blockage")
	if err != nil {
		return err
	}
	var in stride.BlockageActionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(""); err != nil {
		return err
	}
	b, err := s.store.EscalateBlockage(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

func (s *Server) commentBlockage(instruction bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "blockage")
		if err != nil {
			return err
		}
		var in stride.CommentInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		e, err := s.store.CommentOnBlockage(r.Context(), stride.ActorFrom(r.Context()), id, instruction, in.Body)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusCreated, e)
	}
}

// blockageStats serves the statistics by unit and category for blockages raised ?from=
// to ?to= (default: this year to today), labels in the request's language.
func (s *Server) blockageStats(w http.ResponseWriter, r *http.Request) error {
	f := stride.Fields{}
	from, to := dateParam(r, f, "from", false), dateParam(r, f, "to", false)
	if err := f.Err(); err != nil {
		return err
	}
	today := stride.DateOf(s.now().In(s.zone))
	if to.IsZero() {
		to = today
	}
	if from.IsZero() {
		from = stride.NewDate(to.Year, 1, 1)
	}
	st, err := s.store.BlockageStats(r.Context(), stride.ActorFrom(r.Context()), from, to)
	if err != nil {
		return err
	}
	l := lang(r)
	for i := range st.ByCategory {
		st.ByCategory[i].Name = stride.T(l, "blockage.category."+st.ByCategory[i].Key)
	}
	return writeJSON(w, http.StatusOK, st)
}
