package stride

import (
	"regexp"
	"slices"
	"time"
)

// ApprovalSettings are the clocks' thresholds (DESIGN.md §4). Every clock counts working
// days on the mainland calendar.
type ApprovalSettings struct {
	NearDueDays          int    `json:"near_due_days"`          // an item with this many working days left or fewer is near due (临期)
	OfficeCutoff         string `json:"office_cutoff"`          // a request at or after this time counts from the next working day
	BlockageResponseDays int    `json:"blockage_response_days"` // the owner unit accepts a blockage within this
	BlockageResolveDays  int    `json:"blockage_resolve_days"`  // … and answers it within this
	EscalateHQDays       int    `json:"escalate_hq_days"`       // overdue this many working days: 指挥部
	EscalateLeaderDays   int    `json:"escalate_leader_days"`   // … 分管领导
	EscalateTopDays      int    `json:"escalate_top_days"`      // … 主要领导 and the dispatch meeting (调度会)
	LandStepDays         int    `json:"land_step_days"`         // each of the four first-times is due within this of the event before
	Version              int    `json:"version"`
}

// DefaultApprovalSettings are the settings of a fresh database.
func DefaultApprovalSettings() ApprovalSettings {
	return ApprovalSettings{NearDueDays: 2, OfficeCutoff: "17:30", BlockageResponseDays: 3, BlockageResolveDays: 10,
		EscalateHQDays: 1, EscalateLeaderDays: 3, EscalateTopDays: 5, LandStepDays: 1}
}

var cutoffPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// CutoffMinutes is the office-hours cutoff as minutes after midnight.
func (s ApprovalSettings) CutoffMinutes() int {
	if !cutoffPattern.MatchString(s.OfficeCutoff) {
		return 17*60 + 30
	}
	h := int(s.OfficeCutoff[0]-'0')*10 + int(s.OfficeCutoff[1]-'0')
	m := int(s.OfficeCutoff[3]-'0')*10 + int(s.OfficeCutoff[4]-'0')
	return h*60 + m
}

// Validate checks the settings.
func (s *ApprovalSettings) Validate() error {
	f := Fields{}
	if s.NearDueDays < 0 || s.NearDueDays > 30 {
		f.Add("near_due_days", "validate.range", 0, 30)
	}
	if !cutoffPattern.MatchString(s.OfficeCutoff) {
		f.Add("office_cutoff", "settings.cutoff")
	}
	if s.BlockageResponseDays < 1 || s.BlockageResponseDays > 60 {
		f.Add("blockage_response_days", "validate.range", 1, 60)
	}
	if s.BlockageResolveDays < s.BlockageResponseDays || s.BlockageResolveDays > 250 {
		f.Add("blockage_resolve_days", "settings.resolve_after_response")
	}
	if s.EscalateHQDays < 1 || s.EscalateHQDays > 60 {
		f.Add("escalate_hq_days", "validate.range", 1, 60)
	}
	if s.EscalateLeaderDays <= s.EscalateHQDays || s.EscalateLeaderDays > 120 {
		f.Add("escalate_leader_days", "settings.escalation_order")
	}
	if s.EscalateTopDays <= s.EscalateLeaderDays || s.EscalateTopDays > 250 {
		f.Add("escalate_top_days", "settings.escalation_order")
	}
	if s.LandStepDays < 1 || s.LandStepDays > 30 {
		f.Add("land_step_days", "validate.range", 1, 30)
	}
	return f.Err()
}

// ApprovalStage is one of the four stages of the construction-project approval reform
// (工程建设项目审批制度改革).
type ApprovalStage string

const (
	ApprovalLandPlanning ApprovalStage = "land_planning" // 立项用地规划许可
	ApprovalEngineering  ApprovalStage = "engineering"   // 工程建设许可
	ApprovalConstruction ApprovalStage = "construction"  // 施工许可
	ApprovalAcceptance   ApprovalStage = "acceptance"    // 竣工验收
)

// ApprovalStages lists the stages in order.
var ApprovalStages = []ApprovalStage{ApprovalLandPlanning, ApprovalEngineering, ApprovalConstruction, ApprovalAcceptance}

// Valid reports whether s is a known stage.
func (s ApprovalStage) Valid() bool { return slices.Contains(ApprovalStages, s) }

// CatalogItem is a standard approval item of the catalogue: who handles it by default,
// its limits in working days, how long the permit stays valid, and what must be done
// before it. HQ edits the catalogue.
type CatalogItem struct {
	ID              int64         `json:"id"`
	Code            string        `json:"code"`
	Name            string        `json:"name"`
	Stage           ApprovalStage `json:"stage"`
	Seq             int           `json:"seq"`
	DefaultUnitID   *int64        `json:"default_unit_id"`
	DefaultUnitName string        `json:"default_unit_name"`
	StatutoryDays   int           `json:"statutory_days"` // 法定时限
	PromisedDays    int           `json:"promised_days"`  // 承诺时限 (0: the statutory one)
	ValidityMonths  int           `json:"validity_months"`
	Prerequisites   []string      `json:"prerequisites"` // codes of items that come before
	Categories      []Category    `json:"categories"`    // project categories it applies to; empty: all
	Active          bool          `json:"active"`
	Note            string        `json:"note"`
	Version         int           `json:"version"`
}

// CatalogInput creates or changes a catalogue item.
type CatalogInput struct {
	Code           string        `json:"code"`
	Name           string        `json:"name"`
	Stage          ApprovalStage `json:"stage"`
	Seq            int           `json:"seq"`
	DefaultUnitID  *int64        `json:"default_unit_id"`
	StatutoryDays  int           `json:"statutory_days"`
	PromisedDays   int           `json:"promised_days"`
	ValidityMonths int           `json:"validity_months"`
	Prerequisites  []string      `json:"prerequisites"`
	Categories     []Category    `json:"categories"`
	Active         bool          `json:"active"`
	Note           string        `json:"note"`
	Version        int           `json:"version"`
}

var itemCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// validateLimits checks an item's limits, shared by the catalogue and the items.
func validateLimits(f Fields, statutory, promised, validity int) {
	if statutory < 1 || statutory > 365 {
		f.Add("statutory_days", "validate.range", 1, 365)
	}
	if promised < 0 || promised > statutory {
		f.Add("promised_days", "approval.promised_over_statutory")
	}
	if validity < 0 || validity > 120 {
		f.Add("validity_months", "validate.range", 0, 120)
	}
}

// Validate checks the catalogue item.
func (in *CatalogInput) Validate() error {
	f := Fields{}
	f.Text("code", &in.Code, true, 40)
	if in.Code != "" && !itemCodePattern.MatchString(in.Code) {
		f.Add("code", "approval.code")
	}
	f.Text("name", &in.Name, true, 50)
	if !in.Stage.Valid() {
		f.Add("stage", "validate.choice")
	}
	if in.Seq < 0 || in.Seq > 999 {
		f.Add("seq", "validate.range", 0, 999)
	}
	validateLimits(f, in.StatutoryDays, in.PromisedDays, in.ValidityMonths)
	prereqs := []string{}
	for _, p := range in.Prerequisites {
		if p == in.Code || !itemCodePattern.MatchString(p) {
			f.Add("prerequisites", "validate.choice")
		} else if !slices.Contains(prereqs, p) {
			prereqs = append(prereqs, p)
		}
	}
	in.Prerequisites = prereqs
	cats := []Category{}
	for _, c := range in.Categories {
		if !c.Valid() {
			f.Add("categories", "validate.choice")
		} else if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	in.Categories = cats
	f.Text("note", &in.Note, false, 500)
	return f.Err()
}

// AppliesTo reports whether the catalogue item belongs in the path of a project of
// category c.
func (c *CatalogItem) AppliesTo(cat Category) bool {
	return c.Active && (len(c.Categories) == 0 || slices.Contains(c.Categories, cat))
}

// ApprovalStatus is where an approval item stands: 未启动 → 材料准备 → 已收件 → 已受理 →
// 补正 (the clock stops) → 审查中 → 已办结 or 不予许可.
type ApprovalStatus string

const (
	ItemNotStarted ApprovalStatus = "not_started" // 未启动
	ItemPreparing  ApprovalStatus = "preparing"   // 材料准备
	ItemReceived   ApprovalStatus = "received"    // 已收件
	ItemAccepted   ApprovalStatus = "accepted"    // 已受理: the clock runs
	ItemSupplement ApprovalStatus = "supplement"  // 补正: the clock stops until the materials are back
	ItemReviewing  ApprovalStatus = "reviewing"   // 审查中
	ItemApproved   ApprovalStatus = "approved"    // 已办结
	ItemRejected   ApprovalStatus = "rejected"    // 不予许可
)

// ApprovalStatuses lists the statuses in order.
var ApprovalStatuses = []ApprovalStatus{ItemNotStarted, ItemPreparing, ItemReceived, ItemAccepted, ItemSupplement,
	ItemReviewing, ItemApproved, ItemRejected}

// Side says who moves an item: the applicant (the enterprise or its agent) or the
// authority (the department that handles it). Each side has its own permission.
type Side string

const (
	SideApplicant Side = "applicant"
	SideAuthority Side = "authority"
)

// itemTransitions is the state machine of an approval item: for each status, the
// statuses it may move to and the side that moves it.
var itemTransitions = map[ApprovalStatus]map[ApprovalStatus]Side{
	ItemNotStarted: {ItemPreparing: SideApplicant, ItemReceived: SideApplicant},
	ItemPreparing:  {ItemReceived: SideApplicant},
	ItemReceived:   {ItemAccepted: SideAuthority, ItemPreparing: SideAuthority}, // 不予受理: back to the applicant
	ItemAccepted:   {ItemSupplement: SideAuthority, ItemReviewing: SideAuthority, ItemApproved: SideAuthority, ItemRejected: SideAuthority},
	ItemSupplement: {ItemReviewing: SideAuthority}, // the materials are back: the clock runs again
	ItemReviewing:  {ItemSupplement: SideAuthority, ItemApproved: SideAuthority, ItemRejected: SideAuthority},
	ItemRejected:   {ItemPreparing: SideApplicant}, // a new application
}

// Valid reports whether s is a known status.
func (s ApprovalStatus) Valid() bool { return slices.Contains(ApprovalStatuses, s) }

// Done reports whether the item has its answer.
func (s ApprovalStatus) Done() bool { return s == ItemApproved || s == ItemRejected }

// Ball says whose turn it is on an item in this status.
func (s ApprovalStatus) Ball() Side {
	switch s {
	case ItemNotStarted, ItemPreparing, ItemSupplement, ItemRejected:
		return SideApplicant
	case ItemReceived, ItemAccepted, ItemReviewing:
		return SideAuthority
	}
	return ""
}

// NextStatuses lists the statuses side may move an item in s to, in order.
func NextStatuses(s ApprovalStatus, side Side) []ApprovalStatus {
	out := []ApprovalStatus{}
	for _, to := range ApprovalStatuses {
		if itemTransitions[s][to] == side {
			out = append(out, to)
		}
	}
	return out
}

// CheckTransition returns a conflict error unless side may move an item from one status to
// the other; the message names both.
func CheckTransition(from, to ApprovalStatus, side Side) error {
	if s, ok := itemTransitions[from][to]; !ok || s != side {
		return Errorf(EConflict, "approval.transition", Msg{Key: "approval.status." + string(from)}, Msg{Key: "approval.status." + string(to)})
	}
	return nil
}

// ApprovalItem is one permit or filing in a project's approval path, on its clock.
type ApprovalItem struct {
	ID             int64            `json:"id"`
	ProjectID      int64            `json:"project_id"`
	ProjectName    string           `json:"project_name"`
	CatalogID      *int64           `json:"catalog_id"`
	Code           string           `json:"code"`
	Name           string           `json:"name"`
	Stage          ApprovalStage    `json:"stage"`
	Seq            int              `json:"seq"`
	UnitID         int64            `json:"unit_id"`
	UnitName       string           `json:"unit_name"`
	StatutoryDays  int              `json:"statutory_days"`
	PromisedDays   int              `json:"promised_days"`
	ValidityMonths int              `json:"validity_months"`
	Status         ApprovalStatus   `json:"status"`
	DependsOn      []int64          `json:"depends_on"`
	WaitingFor     []string         `json:"waiting_for"` // prerequisites not yet approved
	Clock          ClockView        `json:"clock"`       // against the promised limit
	StatutoryOver  bool             `json:"statutory_over"`
	Ball           Side             `json:"ball"`
	NextApply      []ApprovalStatus `json:"next_apply"`  // moves for the applicant's side
	NextHandle     []ApprovalStatus `json:"next_handle"` // moves for the authority's side
	ReceivedAt     *time.Time       `json:"received_at"`
	AcceptedAt     *time.Time       `json:"accepted_at"`
	DoneAt         *time.Time       `json:"done_at"`
	PermitNo       string           `json:"permit_no"`
	ValidUntil     Date             `json:"valid_until"`
	Note           string           `json:"note"`
	CaseID         *int64           `json:"case_id"`
	Events         []ApprovalEvent  `json:"events,omitempty"` // in the detail
	Version        int              `json:"version"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`

	Timer       Clock      `json:"-"` // the stored clock ClockView is computed from
	LastEventAt *time.Time `json:"-"` // the time of the latest step, which the next cannot precede
}

// Limit is the clock's limit: the promised one when set, else the statutory one.
func (it *ApprovalItem) Limit() int {
	if it.PromisedDays > 0 {
		return it.PromisedDays
	}
	return it.StatutoryDays
}

// ApprovalEvent is one timed transition of an item, kept for its history.
type ApprovalEvent struct {
	From       ApprovalStatus `json:"from"`
	To         ApprovalStatus `json:"to"`
	At         time.Time      `json:"at"`
	Note       string         `json:"note"`
	By         string         `json:"by"`
	UnitName   string         `json:"unit_name"`
	RecordedAt time.Time      `json:"recorded_at"`
}

// ApprovalItemInput adds an item to a project's path or changes one.
type ApprovalItemInput struct {
	Code           string        `json:"code"`
	Name           string        `json:"name"`
	Stage          ApprovalStage `json:"stage"`
	Seq            int           `json:"seq"`
	UnitID         int64         `json:"unit_id"`
	StatutoryDays  int           `json:"statutory_days"`
	PromisedDays   int           `json:"promised_days"`
	ValidityMonths int           `json:"validity_months"`
	DependsOn      []int64       `json:"depends_on"`
	Note           string        `json:"note"`
	CaseID         *int64        `json:"case_id"`
	Version        int           `json:"version"`
}

// Validate checks the item.
func (in *ApprovalItemInput) Validate() error {
	f := Fields{}
	f.Text("code", &in.Code, true, 40)
	if in.Code != "" && !itemCodePattern.MatchString(in.Code) {
		f.Add("code", "approval.code")
	}
	f.Text("name", &in.Name, true, 50)
	if !in.Stage.Valid() {
		f.Add("stage", "validate.choice")
	}
	if in.Seq < 0 || in.Seq > 999 {
		f.Add("seq", "validate.range", 0, 999)
	}
	f.Ref("unit_id", in.UnitID)
	validateLimits(f, in.StatutoryDays, in.PromisedDays, in.ValidityMonths)
	in.DependsOn = dedupeIDs(in.DependsOn)
	if len(in.DependsOn) > 30 {
		f.Add("depends_on", "validate.too_many", 30)
	}
	f.Text("note", &in.Note, false, 500)
	return f.Err()
}

// PathInput builds a project's path from the catalogue: the items that apply to its
// category, plus Include and minus Exclude (catalogue codes). Items already in the path
// stay as they are.
type PathInput struct {
	Include []string `json:"include"`
	Exclude []string `json:"exclude"`
}

// TransitionInput moves an item. At is when it happened (now when empty); it cannot be in
// the future or before the item's previous step.
type TransitionInput struct {
	To         ApprovalStatus `json:"to"`
	At         *time.Time     `json:"at"`
	Note       string         `json:"note"`
	PermitNo   string         `json:"permit_no"`
	ValidUntil Date           `json:"valid_until"`
	Version    int            `json:"version"`
}

// Validate checks the input; a reason is needed to ask for supplements, to refuse, and to
// send materials back.
func (in *TransitionInput) Validate(from ApprovalStatus) error {
	f := Fields{}
	if !in.To.Valid() {
		f.Add("to", "validate.choice")
	}
	f.Text("note", &in.Note, false, 500)
	if in.Note == "" && (in.To == ItemSupplement || in.To == ItemRejected || from == ItemReceived && in.To == ItemPreparing) {
		f.Add("note", "approval.reason_required")
	}
	f.Text("permit_no", &in.PermitNo, false, 50)
	return f.Err()
}

// CheckEventTime checks the time of a step: not in the future, not before the step before
// it. field names the input field.
func CheckEventTime(field string, at, previous, now time.Time) error {
	switch {
	case at.After(now):
		return Fields{field: {Key: "event.future"}}.Err()
	case !previous.IsZero() && at.Before(previous):
		return Fields{field: {Key: "event.before_previous", Args: []any{previous.Format("2006-01-02 15:04")}}}.Err()
	}
	return nil
}

// ApprovalFilter selects approval items.
type ApprovalFilter struct {
	ProjectID int64
	UnitID    int64
	CaseID    int64
	Stage     ApprovalStage
	Status    ApprovalStatus
	Open      bool       // not yet answered
	Clock     ClockState // near, overdue or paused
	Query     string     // item or project name contains
	Page      Page
}

// HasCycle reports whether the dependencies (item → items it depends on) loop.
func HasCycle(deps map[int64][]int64) bool {
	const (
		unseen = iota
		open
		closed
	)
	state := map[int64]int{}
	var visit func(int64) bool
	visit = func(n int64) bool {
		switch state[n] {
		case open:
			return true
		case closed:
			return false
		}
		state[n] = open
		for _, d := range deps[n] {
			if visit(d) {
				return true
			}
		}
		state[n] = closed
		return false
	}
	keys := make([]int64, 0, len(deps))
	for k := range deps {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if visit(k) {
			return true
		}
	}
	return false
}
