package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

// dateParam reads a required civil date query parameter into fields.
func dateParam(r *http.Request, f stride.Fields, name string, required bool) stride.Date {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		if required {
			f.Add(name, "validate.required")
		}
		return stride.Date{}
	}
	d, err := stride.ParseDate(v)
	if err != nil {
		f.Add(name, "validate.date")
	}
	return d
}

// boolParam reads a query flag: "true" or "1".
func boolParam(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "true" || v == "1"
}

type calendarAddOut struct {
	From       stride.Date `json:"from"`        // the day counted from
	ReceivedOn stride.Date `json:"received_on"` // for a timestamp: the working day it counts as received
	Days       int         `json:"days"`
	Date       stride.Date `json:"date"`
}

// calendarAdd answers date + days working days: GET /api/v1/calendar/add?date=2025-01-24&days=3
// gives {"date":"2025-02-05"}. With at=<RFC 3339 time> instead of date, the count starts
// from the working day the moment counts as received (after office hours: the next).
func (s *Server) calendarAdd(w http.ResponseWriter, r *http.Request) error {
	f := stride.Fields{}
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	if err != nil || days < -1000 || days > 1000 {
		f.Add("days", "validate.range", -1000, 1000)
	}
	var at time.Time
	var from stride.Date
	if v := r.URL.Query().Get("at"); v != "" {
		if at, err = time.Parse(time.RFC3339, v); err != nil {
			f.Add("at", "error.query_param")
		}
	} else {
		from = dateParam(r, f, "date", true)
	}
	if err := f.Err(); err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	out := calendarAddOut{From: from, Days: days}
	if !at.IsZero() {
		if out.ReceivedOn, err = cal.ReceivedOn(at.In(s.zone)); err != nil {
			return calendarError(err)
		}
		out.From = out.ReceivedOn
	}
	if out.Date, err = cal.AddWorkdays(out.From, days); err != nil {
		return calendarError(err)
	}
	return writeJSON(w, http.StatusOK, out)
}

type calendarBetweenOut struct {
	From stride.Date `json:"from"`
	To   stride.Date `json:"to"`
	Days int         `json:"days"` // working days after from up to and including to
}

func (s *Server) calendarBetween(w http.ResponseWriter, r *http.Request) error {
	f := stride.Fields{}
	from, to := dateParam(r, f, "from", true), dateParam(r, f, "to", true)
	if err := f.Err(); err != nil {
		return err
	}
	if d := from.DaysUntil(to); d > 3660 || d < -3660 {
		return stride.Fields{"to": {Key: "validate.range", Args: []any{-3660, 3660}}}.Err()
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	n, err := cal.WorkdaysBetween(from, to)
	if err != nil {
		return calendarError(err)
	}
	return writeJSON(w, http.StatusOK, calendarBetweenOut{From: from, To: to, Days: n})
}

type calendarDayOut struct {
	Date    stride.Date   `json:"date"`
	Kind    calendar.Kind `json:"kind"` // workday, weekend, holiday, makeup
	Working bool          `json:"working"`
	Name    string        `json:"name"`
}

func (s *Server) calendarDay(w http.ResponseWriter, r *http.Request) error {
	f := stride.Fields{}
	d := dateParam(r, f, "date", true)
	if err := f.Err(); err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	k, err := cal.KindOf(d)
	if err != nil {
		return calendarError(err)
	}
	out := calendarDayOut{Date: d, Kind: k, Working: k.Working()}
	for _, e := range cal.Entries(d.Year) {
		if e.Date == d {
			out.Name = e.Name
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) calendarYears(w http.ResponseWriter, r *http.Request) error {
	ys, err := s.store.CalendarYears(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.CalendarYear]{Items: ys, Total: len(ys)})
}

// calendarYear reads the {year} path value.
func calendarYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, stride.NotFound("calendar_entry")
	}
	return y, nil
}

func (s *Server) calendarYearEntries(w http.ResponseWriter, r *http.Request) error {
	y, err := calendarYear(r)
	if err != nil {
		return err
	}
	es, err := s.store.CalendarEntries(r.Context(), y)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.CalendarEntry]{Items: es, Total: len(es)})
}

func (s *Server) replaceCalendarYear(w http.ResponseWriter, r *http.Request) error {
	y, err := calendarYear(r)
	if err != nil {
		return err
	}
	var in stride.CalendarYearInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(y); err != nil {
		return err
	}
	es, err := s.store.ReplaceCalendarYear(r.Context(), stride.ActorFrom(r.Context()), y, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.CalendarEntry]{Items: es, Total: len(es)})
}

func (s *Server) addCalendarEntry(w http.ResponseWriter, r *http.Request) error {
	var in stride.CalendarEntryInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(0); err != nil {
		return err
	}
	e, err := s.store.AddCalendarEntry(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

func (s *Server) deleteCalendarEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "calendar_entry")
	if err != nil {
		return err
	}
	if err := s.store.DeleteCalendarEntry(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) getApprovalSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.ApprovalSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) updateApprovalSettings(w http.ResponseWriter, r *http.Request) error {
	var in stride.ApprovalSettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	st, err := s.store.UpdateApprovalSettings(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
