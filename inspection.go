package stride

import (
	"slices"
	"time"
)

// ChecklistSection is one part of an inspection checklist (安全文明施工, 进度, 要素保障 …)
// with its items.
type ChecklistSection struct {
	Title string          `json:"title"`
	Items []ChecklistItem `json:"items"`
}

// ChecklistItem is one question of a checklist. In a visit it carries the inspector's
// answer and note; in a template both are empty.
type ChecklistItem struct {
	Text   string `json:"text"`
	Answer Answer `json:"answer"`
	Note   string `json:"note"`
}

// Answer is an inspector's verdict on one checklist item.
type Answer string

const (
	AnswerNone    Answer = ""        // not answered yet
	AnswerOK      Answer = "ok"      // 符合
	AnswerProblem Answer = "problem" // 存在问题
	AnswerNA      Answer = "na"      // 不适用
)

// Valid reports whether a is a known answer (the empty one included).
func (a Answer) Valid() bool {
	return a == AnswerNone || a == AnswerOK || a == AnswerProblem || a == AnswerNA
}

// InspectionTemplate is a checklist an administrator edits; a visit copies it, so editing
// or removing a template never changes a recorded visit.
type InspectionTemplate struct {
	ID        int64              `json:"id"`
	Name      string             `json:"name"`
	Sections  []ChecklistSection `json:"sections"`
	Active    bool               `json:"active"`
	Version   int                `json:"version"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// InspectionTemplateInput creates or changes a template.
type InspectionTemplateInput struct {
	Name     string             `json:"name"`
	Sections []ChecklistSection `json:"sections"`
	Active   bool               `json:"active"`
	Version  int                `json:"version"`
}

// Validate checks the template: a name, 1–20 sections of 1–50 items each, no answers.
func (in *InspectionTemplateInput) Validate() error {
	f := Fields{}
	f.Text("name", &in.Name, true, 100)
	validateSections(f, in.Sections, false)
	return f.Err()
}

func validateSections(f Fields, sections []ChecklistSection, answers bool) {
	if len(sections) == 0 || len(sections) > 20 {
		f.Add("sections", "inspection.sections", 1, 20)
		return
	}
	for i := range sections {
		s := &sections[i]
		f.Text("sections", &s.Title, true, 100)
		if len(s.Items) == 0 || len(s.Items) > 50 {
			f.Add("sections", "inspection.items", 1, 50)
		}
		for j := range s.Items {
			it := &s.Items[j]
			f.Text("sections", &it.Text, true, 200)
			f.Text("sections", &it.Note, false, 500)
			if !answers {
				it.Answer, it.Note = AnswerNone, ""
			} else if !it.Answer.Valid() {
				f.Add("sections", "validate.choice")
			}
		}
	}
}

// Inspection statuses.
const (
	InspectionPlanned = "planned" // 计划
	InspectionDone    = "done"    // 已完成
)

// Inspection is one week's inspection plan (督查计划): which projects and units, the team
// and the date, with the visits made under it.
type Inspection struct {
	ID        int64                `json:"id"`
	Week      string               `json:"week"` // ISO week, 2025-W14
	Title     string               `json:"title"`
	PlannedOn Date                 `json:"planned_on"`
	Leader    string               `json:"leader"` // 带队领导
	Team      string               `json:"team"`   // members, as written
	Note      string               `json:"note"`
	Status    string               `json:"status"`
	Projects  []InspectionProject  `json:"projects"`
	Units     []UnitRef            `json:"units"`
	Visits    []*InspectionVisit   `json:"visits,omitempty"`
	Counts    InspectionCounts     `json:"counts"`
	CreatedBy string               `json:"created_by"`
	Version   int                  `json:"version"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
	Findings  []*InspectionFinding `json:"-"`
}

// InspectionProject is a project an inspection plans to visit.
type InspectionProject struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	LeadUnit string `json:"lead_unit"`
}

// InspectionCounts summarises an inspection's visits, findings and orders.
type InspectionCounts struct {
	Visits   int `json:"visits"`
	Findings int `json:"findings"`
	Orders   int `json:"orders"`
	Open     int `json:"open"` // orders not closed
}

// InspectionInput creates or changes an inspection plan.
type InspectionInput struct {
	Week       string  `json:"week"`
	Title      string  `json:"title"`
	PlannedOn  Date    `json:"planned_on"`
	Leader     string  `json:"leader"`
	Team       string  `json:"team"`
	Note       string  `json:"note"`
	Status     string  `json:"status"`
	ProjectIDs []int64 `json:"project_ids"`
	UnitIDs    []int64 `json:"unit_ids"`
	Version    int     `json:"version"`
}

// Validate checks the plan; its date must fall in its week.
func (in *InspectionInput) Validate() error {
	f := Fields{}
	w, err := ParseWeek(in.Week)
	if err != nil {
		f.Add("week", "bulletin.week_format")
	}
	f.Text("title", &in.Title, true, 100)
	switch {
	case in.PlannedOn.IsZero():
		f.Add("planned_on", "validate.required")
	case err == nil && WeekOf(in.PlannedOn) != w:
		f.Add("planned_on", "inspection.date_in_week", in.Week)
	}
	f.Text("leader", &in.Leader, false, 50)
	f.Text("team", &in.Team, false, 500)
	f.Text("note", &in.Note, false, 2000)
	if in.Status == "" {
		in.Status = InspectionPlanned
	}
	if in.Status != InspectionPlanned && in.Status != InspectionDone {
		f.Add("status", "validate.choice")
	}
	in.ProjectIDs, in.UnitIDs = dedupeIDs(in.ProjectIDs), dedupeIDs(in.UnitIDs)
	if len(in.ProjectIDs) == 0 && len(in.UnitIDs) == 0 {
		f.Add("project_ids", "inspection.no_targets")
	}
	if len(in.ProjectIDs) > 200 {
		f.Add("project_ids", "validate.too_many", 200)
	}
	if len(in.UnitIDs) > 100 {
		f.Add("unit_ids", "validate.too_many", 100)
	}
	return f.Err()
}

// InspectionFilter selects inspection plans.
type InspectionFilter struct {
	Week   string
	Status string
	Page   Page
}

// InspectionVisit is the record of one site visit under a plan: the checklist as answered,
// the photos and the findings.
type InspectionVisit struct {
	ID           int64                `json:"id"`
	InspectionID int64                `json:"inspection_id"`
	ProjectID    int64                `json:"project_id"`
	ProjectName  string               `json:"project_name"`
	TemplateID   *int64               `json:"template_id"`
	VisitedOn    Date                 `json:"visited_on"`
	Inspectors   string               `json:"inspectors"`
	Checklist    []ChecklistSection   `json:"checklist"`
	Summary      string               `json:"summary"`
	Problems     int                  `json:"problems"` // items answered "problem"
	Photos       []Photo              `json:"photos"`
	Findings     []*InspectionFinding `json:"findings"`
	Version      int                  `json:"version"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
}

// VisitInput records or changes a visit. A new visit with a template and no checklist
// starts from the template's checklist.
type VisitInput struct {
	ProjectID  int64              `json:"project_id"`
	TemplateID *int64             `json:"template_id"`
	VisitedOn  Date               `json:"visited_on"`
	Inspectors string             `json:"inspectors"`
	Checklist  []ChecklistSection `json:"checklist"`
	Summary    string             `json:"summary"`
	Version    int                `json:"version"`
}

// Validate checks the visit; today bounds its date.
func (in *VisitInput) Validate(today Date) error {
	f := Fields{}
	f.Ref("project_id", in.ProjectID)
	switch {
	case in.VisitedOn.IsZero():
		f.Add("visited_on", "validate.required")
	case in.VisitedOn.After(today):
		f.Add("visited_on", "inspection.future_visit")
	}
	f.Text("inspectors", &in.Inspectors, false, 200)
	f.Text("summary", &in.Summary, false, 2000)
	if len(in.Checklist) > 0 || in.TemplateID == nil {
		validateSections(f, in.Checklist, true)
	}
	return f.Err()
}

// CountProblems counts the items answered "problem".
func CountProblems(sections []ChecklistSection) int {
	n := 0
	for _, s := range sections {
		for _, it := range s.Items {
			if it.Answer == AnswerProblem {
				n++
			}
		}
	}
	return n
}

// Finding severities.
const (
	SeverityGeneral = "general" // 一般
	SeveritySerious = "serious" // 严重
)

// InspectionFinding is a problem a visit found. It becomes a rectification order when HQ
// issues one.
type InspectionFinding struct {
	ID          int64     `json:"id"`
	VisitID     int64     `json:"visit_id"`
	ProjectID   int64     `json:"project_id"`
	ProjectName string    `json:"project_name"`
	Item        string    `json:"item"` // the checklist item it comes from, if any
	Matter      string    `json:"matter"`
	Severity    string    `json:"severity"`
	Order       *Order    `json:"order"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
}

// FindingInput records or changes a finding.
type FindingInput struct {
	Item     string `json:"item"`
	Matter   string `json:"matter"`
	Severity string `json:"severity"`
	Version  int    `json:"version"`
}

// Validate checks the finding.
func (in *FindingInput) Validate() error {
	f := Fields{}
	f.Text("item", &in.Item, false, 200)
	f.Text("matter", &in.Matter, true, 1000)
	if in.Severity == "" {
		in.Severity = SeverityGeneral
	}
	if in.Severity != SeverityGeneral && in.Severity != SeveritySerious {
		f.Add("severity", "validate.choice")
	}
	return f.Err()
}

// Order statuses: issued and waiting for the target unit, answered and waiting for HQ to
// check, closed with a result.
const (
	OrderOpen     = "open"
	OrderAnswered = "answered"
	OrderClosed   = "closed"
)

// OrderResult is how a rectification order was closed.
type OrderResult string

const (
	ResultNone      OrderResult = ""
	ResultDone      OrderResult = "done"      // 办结
	ResultOverdue   OrderResult = "overdue"   // 逾期: rectified late, recorded as such
	ResultInterview OrderResult = "interview" // 约谈: the unit's head is summoned
)

// OrderResults lists the results a close may give.
var OrderResults = []OrderResult{ResultDone, ResultOverdue, ResultInterview}

// Order is a rectification order (督办单): a finding handed to a unit to put right within
// a number of working days, its feedback and evidence, and the result.
type Order struct {
	ID           int64       `json:"id"`
	Code         string      `json:"code"` // 督办〔2025〕3号
	FindingID    int64       `json:"finding_id"`
	ProjectID    int64       `json:"project_id"`
	ProjectName  string      `json:"project_name"`
	TargetUnitID int64       `json:"target_unit_id"`
	TargetUnit   string      `json:"target_unit"`
	Matter       string      `json:"matter"`
	Requirement  string      `json:"requirement"`
	IssuedOn     Date        `json:"issued_on"` // the working day it counts as received (day 0)
	LimitDays    int         `json:"limit_days"`
	DueOn        Date        `json:"due_on"`
	Status       string      `json:"status"`
	Result       OrderResult `json:"result"`
	Overdue      bool        `json:"overdue"`       // see OrderOverdue
	DaysLeft     *int        `json:"days_left"`     // working days to the due date while open; negative when overdue
	Feedback     string      `json:"feedback"`      // the target unit's answer
	ReturnReason string      `json:"return_reason"` // why HQ sent the last answer back
	CloseNote    string      `json:"close_note"`
	AnsweredAt   *time.Time  `json:"answered_at"`
	AnsweredBy   string      `json:"answered_by"`
	ClosedAt     *time.Time  `json:"closed_at"`
	ClosedBy     string      `json:"closed_by"`
	BlockageID   *int64      `json:"blockage_id"` // the blockage-ledger entry chasing it, when that ledger exists
	Evidence     []Photo     `json:"evidence"`
	IssuedBy     string      `json:"issued_by"`
	Version      int         `json:"version"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// OrderInput issues an order from a finding.
type OrderInput struct {
	TargetUnitID int64  `json:"target_unit_id"`
	Matter       string `json:"matter"` // defaults to the finding's
	Requirement  string `json:"requirement"`
	LimitDays    int    `json:"limit_days"`
	// Category files the order in the blockage ledger (其他 by default).
	Category BlockageCategory `json:"category"`
}

// Validate checks the order.
func (in *OrderInput) Validate() error {
	f := Fields{}
	if in.Category == "" {
		in.Category = BlockOther
	}
	if !in.Category.Valid() {
		f.Add("category", "validate.choice")
	}
	f.Ref("target_unit_id", in.TargetUnitID)
	f.Text("matter", &in.Matter, false, 1000)
	f.Text("requirement", &in.Requirement, false, 1000)
	if in.LimitDays < 1 || in.LimitDays > 60 {
		f.Add("limit_days", "validate.range", 1, 60)
	}
	return f.Err()
}

// OrderFeedback is the target unit's answer to an order.
type OrderFeedback struct {
	Feedback string `json:"feedback"`
	Version  int    `json:"version"`
}

// Validate checks the answer.
func (in *OrderFeedback) Validate() error {
	f := Fields{}
	f.Text("feedback", &in.Feedback, true, 2000)
	return f.Err()
}

// OrderClose is HQ's verdict on an order: closed with a result, or sent back.
type OrderClose struct {
	Result  OrderResult `json:"result"`
	Note    string      `json:"note"`
	Version int         `json:"version"`
}

// Validate checks the verdict; a return (result "") needs its reason in note.
func (in *OrderClose) Validate(returning bool) error {
	f := Fields{}
	if returning {
		f.Text("note", &in.Note, true, 500)
		in.Result = ResultNone
	} else {
		f.Text("note", &in.Note, false, 500)
		if !slices.Contains(OrderResults, in.Result) {
			f.Add("result", "validate.choice")
		}
	}
	return f.Err()
}

// OrderFilter selects orders.
type OrderFilter struct {
	Status       string
	TargetUnitID int64
	ProjectID    int64
	Overdue      bool
	Page         Page
}

// OrderOverdue reports whether an order is overdue on today: not closed and past its due
// date, or closed with the result 逾期.
func OrderOverdue(o *Order, today Date) bool {
	if o.Status == OrderClosed {
		return o.Result == ResultOverdue
	}
	return today.After(o.DueOn)
}
