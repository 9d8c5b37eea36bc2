package api

import (
	"net/http"
	"time"

	"github.com/stride-hq/stride"
)

// listLandFiles serves the land files in the caller's reach: filters project_id, unit_id,
// next (the step waited for), open=true, overdue=true, q; page, size, sort (received_at,
// updated_at, project, next_due).
func (s *Server) listLandFiles(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.LandFilter{ProjectID: p.int("project_id"), UnitID: p.int("unit_id"), Next: stride.LandStep(p.str("next", 20)),
		Open: boolParam(r, "open"), Query: p.str("q", 100), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, landSheet(), func() (stride.List[*stride.LandFile], error) {
		return s.store.ListLandFiles(r.Context(), stride.ActorFrom(r.Context()), f, boolParam(r, "overdue"))
	})
}

func (s *Server) getLandFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "land_file")
	if err != nil {
		return err
	}
	f, err := s.store.GetLandFile(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

func (s *Server) createLandFile(w http.ResponseWriter, r *http.Request) error {
	var in stride.LandFileInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	f, err := s.store.CreateLandFile(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}

func (s *Server) updateLandFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "land_file")
	if err != nil {
		return err
	}
	var in stride.LandFileInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	// The project and the receipt are fixed once the file is open.
	in.ProjectID = max(in.ProjectID, 1)
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = time.Unix(0, 0)
	}
	if err := in.Validate(); err != nil {
		return err
	}
	f, err := s.store.UpdateLandFile(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

func (s *Server) recordLandStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "land_file")
	if err != nil {
		return err
	}
	var in stride.LandStepInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	f, err := s.store.RecordLandStep(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// landCompliance serves the four first-times compliance for ?from=&to= (default: this
// year to today) and optionally one unit_id, by unit, by month, and by unit and month.
func (s *Server) landCompliance(w http.ResponseWriter, r *http.Request) error {
	f := stride.Fields{}
	from, to := dateParam(r, f, "from", false), dateParam(r, f, "to", false)
	p := newParams(r, s.zone)
	unit := p.int("unit_id")
	if err := f.Err(); err != nil {
		return err
	}
	if err := p.err(); err != nil {
		return err
	}
	today := stride.DateOf(s.now().In(s.zone))
	if to.IsZero() {
		to = today
	}
	if from.IsZero() {
		from = stride.NewDate(to.Year, 1, 1)
	}
	if to.Before(from) || from.DaysUntil(to) > 3660 {
		return stride.Fields{"to": {Key: "campaign.end_before_start"}}.Err()
	}
	c, err := s.store.LandCompliance(r.Context(), stride.ActorFrom(r.Context()), from, to, unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
