package api

import (
	"net/http"
	"strconv"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

// lightOut is a light with its reasons rendered in the request's language.
type lightOut struct {
	Dimension stride.Dimension `json:"dimension"`
	Color     stride.Color     `json:"color"`
	Reasons   []string         `json:"reasons"`
}

func renderLights(ls []stride.Light, lang stride.Lang) []lightOut {
	out := make([]lightOut, len(ls))
	for i, l := range ls {
		out[i] = lightOut{Dimension: l.Dimension, Color: l.Color, Reasons: make([]string, len(l.Reasons))}
		for j, m := range l.Reasons {
			out[i].Reasons[j] = m.In(lang)
		}
	}
	return out
}

func (s *Server) projectLights(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	ls, err := s.store.ProjectLights(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, renderLights(ls, lang(r)))
}

func (s *Server) projectStages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	h, err := s.store.StageHistory(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) listCustomFields(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.store.ListCustomFields(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.CustomField]{Items: fs, Total: len(fs)})
}

func (s *Server) createCustomField(w http.ResponseWriter, r *http.Request) error {
	var in stride.CustomFieldInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	f, err := s.store.CreateCustomField(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}

func (s *Server) updateCustomField(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "custom_field")
	if err != nil {
		return err
	}
	var in stride.CustomFieldInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	f, err := s.store.UpdateCustomField(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

func (s *Server) deleteCustomField(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "custom_field")
	if err != nil {
		return err
	}
	if err := s.store.DeleteCustomField(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// pathYear reads the {year} path value.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, stride.NotFound("plan")
	}
	return y, nil
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	p, err := s.store.GetPlan(r.Context(), stride.ActorFrom(r.Context()), id, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) savePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in stride.PlanInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	p, err := s.store.SavePlan(r.Context(), stride.ActorFrom(r.Context()), id, year, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

type versionIn struct {
	Version int `json:"version"`
}

func (s *Server) approvePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in versionIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := s.store.ApprovePlan(r.Context(), stride.ActorFrom(r.Context()), id, year, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) today() stride.Date { return stride.DateOf(s.now().In(s.zone)) }

func (s *Server) listMilestones(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	project := ""
	if wantsXLSX(r) { // the workbook's title names the project
		p, err := s.store.GetProject(r.Context(), stride.ActorFrom(r.Context()), id)
		if err != nil {
			return err
		}
		project = p.Name
	}
	return answerList(s, w, r, nil, milestoneSheet(project), func() (stride.List[*stride.Milestone], error) {
		ms, err := s.store.ListMilestones(r.Context(), stride.ActorFrom(r.Context()), id)
		return stride.List[*stride.Milestone]{Items: ms, Total: len(ms)}, err
	})
}

func (s *Server) createMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.MilestoneInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(s.today()); err != nil {
		return err
	}
	m, err := s.store.CreateMilestone(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

func (s *Server) updateMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "milestone")
	if err != nil {
		return err
	}
	var in stride.MilestoneInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(s.today()); err != nil {
		return err
	}
	m, err := s.store.UpdateMilestone(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) verifyMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "milestone")
	if err != nil {
		return err
	}
	var in versionIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.store.VerifyMilestone(r.Context(), stride.ActorFrom(r.Context()), id, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) deleteMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "milestone")
	if err != nil {
		return err
	}
	if err := s.store.DeleteMilestone(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) milestoneTemplates(w http.ResponseWriter, r *http.Request) error {
	c := stride.Category(r.URL.Query().Get("category"))
	if !c.Valid() {
		return stride.Fields{"category": {Key: "validate.choice"}}.Err()
	}
	ts, err := s.store.MilestoneTemplates(r.Context(), c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stride.List[stride.MilestoneTemplate]{Items: ts, Total: len(ts)})
}

type templatesIn struct {
	Nodes []stride.MilestoneTemplate `json:"nodes"`
}

func (s *Server) saveMilestoneTemplates(w http.ResponseWriter, r *http.Request) error {
	c := stride.Category(r.PathValue("category"))
	if !c.Valid() {
		return stride.NotFound("milestone")
	}
	var in templatesIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f := stride.Fields{}
	if len(in.Nodes) == 0 || len(in.Nodes) > 30 {
		f.Add("nodes", "validate.too_many", 30)
	}
	for i := range in.Nodes {
		n := &in.Nodes[i]
		f.Text("nodes", &n.Name, true, 50)
		if n.DurationDays < 0 || n.DurationDays > 2000 {
			f.Add("nodes", "validate.range", 0, 2000)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.store.SaveMilestoneTemplates(r.Context(), stride.ActorFrom(r.Context()), c, in.Nodes); err != nil {
		return err
	}
	return noContent(w)
}

type scheduleIn struct {
	TargetDate stride.Date `json:"target_date"`
}

type scheduleOut struct {
	Kind        stride.MilestoneKind `json:"kind"`
	Name        string               `json:"name"`
	PlannedDate stride.Date          `json:"planned_date"`
}

// scheduleMilestones proposes node dates counted back from a target date for the last
// node, in working days on the mainland calendar. It writes nothing.
func (s *Server) scheduleMilestones(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in scheduleIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.TargetDate.IsZero() {
		return stride.Fields{"target_date": {Key: "validate.required"}}.Err()
	}
	p, err := s.store.GetProject(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	nodes, err := s.store.MilestoneTemplates(r.Context(), p.Category)
	if err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context()) // with the years and overrides administrators entered
	if err != nil {
		return err
	}
	dates, err := stride.BackSchedule(nodes, in.TargetDate, cal.AddWorkdays)
	if err != nil {
		return calendarError(err)
	}
	out := make([]scheduleOut, len(nodes))
	for i, n := range nodes {
		out[i] = scheduleOut{Kind: n.Kind, Name: n.Name, PlannedDate: dates[i]}
	}
	return writeJSON(w, http.StatusOK, out)
}

// calendarError turns a calculation that reached an unconfirmed year into a message.
func calendarError(err error) error {
	var ue *calendar.UnconfirmedError
	if errorsAs(err, &ue) {
		return stride.Errorf(stride.EInvalid, "calendar.unconfirmed", ue.Year)
	}
	return err
}
