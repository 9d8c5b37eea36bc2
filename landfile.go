package stride

import (
	"fmt"
	"slices"
	"time"
)

// LandStep is an event of a land-approval file (土地报批). The land task force promises to
// accept, review, tell what to supplement and report up "at the first time" (第一时间): each
// of those four is due within one working day (a setting) of the event before it.
type LandStep string

const (
	LandReceived     LandStep = "received"     // 收件: the materials arrive
	LandAccepted     LandStep = "accepted"     // 受理 (first-time)
	LandReviewed     LandStep = "reviewed"     // 审查 (first-time)
	LandNotified     LandStep = "notified"     // 告知补证 (first-time), when the review finds gaps
	LandSupplemented LandStep = "supplemented" // the supplement is back
	LandReported     LandStep = "reported"     // 上报 (first-time)
)

// LandSteps lists the steps in order.
var LandSteps = []LandStep{LandReceived, LandAccepted, LandReviewed, LandNotified, LandSupplemented, LandReported}

// FirstTimes are the four timed steps.
var FirstTimes = []LandStep{LandAccepted, LandReviewed, LandNotified, LandReported}

// LandFile is the land-approval file of one parcel of a project, with the time of each
// step.
type LandFile struct {
	ID              int64            `json:"id"`
	ProjectID       int64            `json:"project_id"`
	ProjectName     string           `json:"project_name"`
	Parcel          string           `json:"parcel"`
	AreaMu          float64          `json:"area_mu"`
	LandUse         string           `json:"land_use"`
	UnitID          int64            `json:"unit_id"`
	UnitName        string           `json:"unit_name"`
	ReceivedAt      time.Time        `json:"received_at"`
	AcceptedAt      *time.Time       `json:"accepted_at"`
	ReviewedAt      *time.Time       `json:"reviewed_at"`
	NeedsSupplement bool             `json:"needs_supplement"`
	NotifiedAt      *time.Time       `json:"notified_at"`
	SupplementedAt  *time.Time       `json:"supplemented_at"`
	ReportedAt      *time.Time       `json:"reported_at"`
	Next            LandStep         `json:"next"` // "" when reported
	Checks          []FirstTimeCheck `json:"checks"`
	Note            string           `json:"note"`
	Version         int              `json:"version"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// At returns the time of a step, nil while it has not happened.
func (f *LandFile) At(s LandStep) *time.Time {
	switch s {
	case LandReceived:
		return &f.ReceivedAt
	case LandAccepted:
		return f.AcceptedAt
	case LandReviewed:
		return f.ReviewedAt
	case LandNotified:
		return f.NotifiedAt
	case LandSupplemented:
		return f.SupplementedAt
	case LandReported:
		return f.ReportedAt
	}
	return nil
}

// path is the file's sequence of steps: with the supplement's round trip when the review
// found gaps.
func (f *LandFile) path() []LandStep {
	if f.NeedsSupplement {
		return LandSteps
	}
	return []LandStep{LandReceived, LandAccepted, LandReviewed, LandReported}
}

// NextStep is the step the file waits for, "" when it has been reported.
func (f *LandFile) NextStep() LandStep {
	for _, s := range f.path() {
		if f.At(s) == nil {
			return s
		}
	}
	return ""
}

// Previous is the event a step follows on this file's path.
func (f *LandFile) Previous(s LandStep) LandStep {
	p := f.path()
	if i := slices.Index(p, s); i > 0 {
		return p[i-1]
	}
	return ""
}

// CheckStep returns a conflict error unless s is the step the file waits for.
func (f *LandFile) CheckStep(s LandStep) error {
	next := f.NextStep()
	if s == next {
		return nil
	}
	if next == "" {
		return Errorf(EConflict, "land.reported")
	}
	return Errorf(EConflict, "land.step_order", Msg{Key: "land.step." + string(s)}, Msg{Key: "land.step." + string(next)})
}

// Check states of a first-time.
const (
	CheckPending = "pending" // not done, not yet due past
	CheckOnTime  = "on_time"
	CheckLate    = "late"    // done after its due day
	CheckOverdue = "overdue" // not done, its due day has passed
	CheckUnknown = "unknown" // the calendar of its year is not entered
)

// FirstTimeCheck is one first-time of a file against its due day.
type FirstTimeCheck struct {
	Step  LandStep `json:"step"`
	After LandStep `json:"after"` // the event it is timed from
	Due   Date     `json:"due"`
	Done  Date     `json:"done"`
	State string   `json:"state"`
}

// Measured reports whether the check counts in the compliance rate: done, or overdue.
func (c FirstTimeCheck) Measured() bool {
	return c.State == CheckOnTime || c.State == CheckLate || c.State == CheckOverdue
}

// FirstTimeChecks times the file's first-times on today: each is due days working days
// after the day the event before it counts as received (after office hours: the next
// working day), and is on time when done by then. loc is the zone's time.
func (f *LandFile) FirstTimeChecks(cal Workdays, today Date, days int, loc *time.Location) []FirstTimeCheck {
	out := []FirstTimeCheck{}
	for _, s := range f.path() {
		if !slices.Contains(FirstTimes, s) {
			continue
		}
		prev := f.At(f.Previous(s))
		if prev == nil {
			break
		}
		c := FirstTimeCheck{Step: s, After: f.Previous(s), State: CheckUnknown}
		from, err := cal.ReceivedOn(prev.In(loc))
		if err == nil {
			c.Due, err = cal.AddWorkdays(from, days)
		}
		done := f.At(s)
		if done != nil {
			c.Done = DateOf(done.In(loc))
		}
		if err == nil {
			switch {
			case done != nil && c.Done.After(c.Due):
				c.State = CheckLate
			case done != nil:
				c.State = CheckOnTime
			case today.After(c.Due):
				c.State = CheckOverdue
			default:
				c.State = CheckPending
			}
		}
		out = append(out, c)
		if done == nil {
			break
		}
	}
	return out
}

// LandFileInput opens a file or changes its particulars (not its steps).
type LandFileInput struct {
	ProjectID  int64     `json:"project_id"`
	Parcel     string    `json:"parcel"`
	AreaMu     float64   `json:"area_mu"`
	LandUse    string    `json:"land_use"`
	UnitID     int64     `json:"unit_id"`
	ReceivedAt time.Time `json:"received_at"`
	Note       string    `json:"note"`
	Version    int       `json:"version"`
}

// Validate checks the input.
func (in *LandFileInput) Validate() error {
	f := Fields{}
	f.Ref("project_id", in.ProjectID)
	f.Text("parcel", &in.Parcel, true, 100)
	if in.AreaMu < 0 || in.AreaMu > 1_000_000 {
		f.Add("area_mu", "validate.range", 0, 1_000_000)
	}
	f.Text("land_use", &in.LandUse, false, 50)
	f.Ref("unit_id", in.UnitID)
	if in.ReceivedAt.IsZero() {
		f.Add("received_at", "validate.required")
	}
	f.Text("note", &in.Note, false, 500)
	return f.Err()
}

// LandStepInput records a step at a time (now when empty). NeedsSupplement goes with the
// review.
type LandStepInput struct {
	Step            LandStep   `json:"step"`
	At              *time.Time `json:"at"`
	NeedsSupplement bool       `json:"needs_supplement"`
	Note            string     `json:"note"`
	Version         int        `json:"version"`
}

// Validate checks the input.
func (in *LandStepInput) Validate() error {
	f := Fields{}
	if !slices.Contains(LandSteps[1:], in.Step) {
		f.Add("step", "validate.choice")
	}
	f.Text("note", &in.Note, false, 500)
	return f.Err()
}

// LandFilter selects land files.
type LandFilter struct {
	ProjectID int64
	UnitID    int64
	Next      LandStep // waiting for this step
	Open      bool     // not yet reported
	Query     string
	Page      Page
}

// StepCompliance counts one first-time.
type StepCompliance struct {
	Step     LandStep `json:"step"`
	Measured int      `json:"measured"`
	OnTime   int      `json:"on_time"`
	Rate     float64  `json:"rate"`
}

// ComplianceRow is the first-times compliance of one unit in one month ("" for all
// months), or of every unit (UnitID 0).
type ComplianceRow struct {
	UnitID   int64            `json:"unit_id"`
	UnitName string           `json:"unit_name"`
	Month    string           `json:"month"`
	Measured int              `json:"measured"`
	OnTime   int              `json:"on_time"`
	Rate     float64          `json:"rate"`
	Steps    []StepCompliance `json:"steps"`
}

func (r *ComplianceRow) add(c FirstTimeCheck) {
	i := slices.Index(FirstTimes, c.Step)
	if len(r.Steps) == 0 {
		for _, s := range FirstTimes {
			r.Steps = append(r.Steps, StepCompliance{Step: s})
		}
	}
	r.Measured++
	r.Steps[i].Measured++
	if c.State == CheckOnTime {
		r.OnTime++
		r.Steps[i].OnTime++
	}
	r.Rate = Rate(r.OnTime, r.Measured)
	r.Steps[i].Rate = Rate(r.Steps[i].OnTime, r.Steps[i].Measured)
}

// Compliance is the four first-times compliance over a period.
type Compliance struct {
	From    Date            `json:"from"`
	To      Date            `json:"to"`
	Total   ComplianceRow   `json:"total"`
	ByUnit  []ComplianceRow `json:"by_unit"`
	ByMonth []ComplianceRow `json:"by_month"`
	Rows    []ComplianceRow `json:"rows"` // per unit and month
}

// FirstTimesCompliance counts the measured first-times of the files (their Checks
// computed) whose due day falls in from..to, by unit and by month of the due day: the
// share done on time.
func FirstTimesCompliance(files []*LandFile, from, to Date) Compliance {
	out := Compliance{From: from, To: to, ByUnit: []ComplianceRow{}, ByMonth: []ComplianceRow{}, Rows: []ComplianceRow{}}
	rows, units, months := map[string]*ComplianceRow{}, map[int64]*ComplianceRow{}, map[string]*ComplianceRow{}
	for _, f := range files {
		for _, c := range f.Checks {
			if !c.Measured() || c.Due.Before(from) || c.Due.After(to) {
				continue
			}
			month := fmt.Sprintf("%04d-%02d", c.Due.Year, int(c.Due.Month))
			key := fmt.Sprintf("%d/%s", f.UnitID, month)
			if rows[key] == nil {
				rows[key] = &ComplianceRow{UnitID: f.UnitID, UnitName: f.UnitName, Month: month}
			}
			if units[f.UnitID] == nil {
				units[f.UnitID] = &ComplianceRow{UnitID: f.UnitID, UnitName: f.UnitName}
			}
			if months[month] == nil {
				months[month] = &ComplianceRow{Month: month}
			}
			for _, r := range []*ComplianceRow{rows[key], units[f.UnitID], months[month], &out.Total} {
				r.add(c)
			}
		}
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
	}
	for _, r := range units {
		out.ByUnit = append(out.ByUnit, *r)
	}
	for _, r := range months {
		out.ByMonth = append(out.ByMonth, *r)
	}
	byUnitMonth := func(a, b ComplianceRow) int {
		if a.UnitName != b.UnitName {
			if a.UnitName < b.UnitName {
				return -1
			}
			return 1
		}
		if a.UnitID != b.UnitID {
			return int(a.UnitID - b.UnitID)
		}
		if a.Month < b.Month {
			return -1
		}
		if a.Month > b.Month {
			return 1
		}
		return 0
	}
	slices.SortFunc(out.Rows, byUnitMonth)
	slices.SortFunc(out.ByUnit, byUnitMonth)
	slices.SortFunc(out.ByMonth, byUnitMonth)
	if len(out.Total.Steps) == 0 {
		for _, s := range FirstTimes {
			out.Total.Steps = append(out.Total.Steps, StepCompliance{Step: s})
		}
	}
	return out
}
