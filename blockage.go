package stride

import (
	"slices"
	"time"
)

// BlockageCategory is what kind of problem holds a project back.
type BlockageCategory string

const (
	BlockLand         BlockageCategory = "land"         // 用地
	BlockApproval     BlockageCategory = "approval"     // 审批
	BlockFunding      BlockageCategory = "funding"      // 资金
	BlockUtilities    BlockageCategory = "utilities"    // 水电气
	BlockRelocation   BlockageCategory = "relocation"   // 征迁
	BlockEnvironment  BlockageCategory = "environment"  // 环保
	BlockConstruction BlockageCategory = "construction" // 施工
	BlockOther        BlockageCategory = "other"        // 其他
)

// BlockageCategories lists the categories in display order.
var BlockageCategories = []BlockageCategory{BlockLand, BlockApproval, BlockFunding, BlockUtilities, BlockRelocation,
	BlockEnvironment, BlockConstruction, BlockOther}

// Valid reports whether c is a known category.
func (c BlockageCategory) Valid() bool { return slices.Contains(BlockageCategories, c) }

// BlockageStatus is where a blockage stands: 提出 → 受理 → 办理中 → 待确认 → 已解决, or 退回.
type BlockageStatus string

const (
	BlockRaised     BlockageStatus = "raised"          // 提出
	BlockAccepted   BlockageStatus = "accepted"        // 受理
	BlockInProgress BlockageStatus = "in_progress"     // 办理中
	BlockPending    BlockageStatus = "pending_confirm" // 待确认: the raiser's turn
	BlockResolved   BlockageStatus = "resolved"        // 已解决
	BlockReturned   BlockageStatus = "returned"        // 退回, with a reason
)

// BlockageStatuses lists the statuses in order.
var BlockageStatuses = []BlockageStatus{BlockRaised, BlockAccepted, BlockInProgress, BlockPending, BlockResolved, BlockReturned}

// Valid reports whether s is a known status.
func (s BlockageStatus) Valid() bool { return slices.Contains(BlockageStatuses, s) }

// Open reports whether the blockage still waits for a solution.
func (s BlockageStatus) Open() bool { return s != BlockResolved && s != BlockReturned }

// BlockageAction is one move on a blockage; each has its route and permission.
type BlockageAction string

const (
	ActAssign   BlockageAction = "assign"   // HQ names the owner unit (分派)
	ActAccept   BlockageAction = "accept"   // the owner unit takes it on (受理)
	ActProgress BlockageAction = "progress" // … reports progress (办理中)
	ActReply    BlockageAction = "reply"    // … answers it: the raiser's turn (待确认)
	ActReturn   BlockageAction = "return"   // … or HQ sends it back with a reason (退回)
	ActConfirm  BlockageAction = "confirm"  // the raiser confirms the answer (已解决)
	ActReopen   BlockageAction = "reopen"   // … or reopens it with a reason
	ActResubmit BlockageAction = "resubmit" // the raiser sends a returned one again
)

// BlockageActions lists the actions in order.
var BlockageActions = []BlockageAction{ActAssign, ActAccept, ActProgress, ActReply, ActReturn, ActConfirm, ActReopen, ActResubmit}

// blockageMoves is the state machine: for each action, the statuses it starts from and
// the status it leads to.
var blockageMoves = map[BlockageAction]struct {
	from []BlockageStatus
	to   BlockageStatus
}{
	ActAssign:   {[]BlockageStatus{BlockRaised, BlockReturned}, BlockRaised},
	ActAccept:   {[]BlockageStatus{BlockRaised}, BlockAccepted},
	ActProgress: {[]BlockageStatus{BlockAccepted, BlockInProgress}, BlockInProgress},
	ActReply:    {[]BlockageStatus{BlockAccepted, BlockInProgress}, BlockPending},
	ActReturn:   {[]BlockageStatus{BlockRaised, BlockAccepted}, BlockReturned},
	ActConfirm:  {[]BlockageStatus{BlockPending}, BlockResolved},
	ActReopen:   {[]BlockageStatus{BlockPending}, BlockInProgress},
	ActResubmit: {[]BlockageStatus{BlockReturned}, BlockRaised},
}

// BlockageMove returns the status act leads to from s, or a conflict error naming both
// when the state machine forbids it.
func BlockageMove(s BlockageStatus, act BlockageAction) (BlockageStatus, error) {
	m, ok := blockageMoves[act]
	if !ok || !slices.Contains(m.from, s) {
		return s, Errorf(EConflict, "blockage.transition", Msg{Key: "blockage.action." + string(act)}, Msg{Key: "blockage.status." + string(s)})
	}
	return m.to, nil
}

// BlockageNext lists the actions the state machine allows from s.
func BlockageNext(s BlockageStatus) []BlockageAction {
	out := []BlockageAction{}
	for _, act := range BlockageActions {
		if slices.Contains(blockageMoves[act].from, s) {
			out = append(out, act)
		}
	}
	return out
}

// Court is whose turn it is (ball in court).
type Court string

const (
	CourtNone   Court = ""
	CourtHQ     Court = "hq"     // 指挥部: to assign the owner unit
	CourtOwner  Court = "owner"  // the owner unit: to accept, handle, answer
	CourtRaiser Court = "raiser" // the raiser: to confirm or reopen, or to resubmit
)

// BallIn says whose turn it is on a blockage in s, assigned or not.
func BallIn(s BlockageStatus, assigned bool) Court {
	switch s {
	case BlockRaised:
		if !assigned {
			return CourtHQ
		}
		return CourtOwner
	case BlockAccepted, BlockInProgress:
		return CourtOwner
	case BlockPending, BlockReturned:
		return CourtRaiser
	}
	return CourtNone
}

// EscalationLevel is how high an overdue blockage has gone: 责任单位 → 指挥部 → 分管领导 →
// 主要领导/调度会.
type EscalationLevel int

const (
	LevelUnit   EscalationLevel = 0 // 责任单位
	LevelHQ     EscalationLevel = 1 // 指挥部
	LevelLeader EscalationLevel = 2 // 分管领导
	LevelTop    EscalationLevel = 3 // 主要领导 and the dispatch meeting (调度会)
)

// Valid reports whether l is a known level.
func (l EscalationLevel) Valid() bool { return l >= LevelUnit && l <= LevelTop }

// EscalationFor is the level a blockage overdue by this many working days has reached.
func (s ApprovalSettings) EscalationFor(overdue int) EscalationLevel {
	switch {
	case overdue >= s.EscalateTopDays:
		return LevelTop
	case overdue >= s.EscalateLeaderDays:
		return LevelLeader
	case overdue >= s.EscalateHQDays:
		return LevelHQ
	}
	return LevelUnit
}

// Overdue is how many working days past its limits a blockage is: the larger of its
// response and resolution clocks' overruns.
func Overdue(response, resolve ClockView) int {
	return max(response.Used-response.Limit, resolve.Used-resolve.Limit, 0)
}

// Blockage is one problem that holds a project back (难点堵点), owned by a unit, on a
// clock, escalating when overdue.
type Blockage struct {
	ID             int64            `json:"id"`
	ProjectID      int64            `json:"project_id"`
	ProjectName    string           `json:"project_name"`
	Title          string           `json:"title"`
	Category       BlockageCategory `json:"category"`
	Description    string           `json:"description"`
	ApprovalItemID *int64           `json:"approval_item_id"`
	CaseID         *int64           `json:"case_id"`
	LandFileID     *int64           `json:"land_file_id"`
	RaisedBy       *int64           `json:"raised_by"`
	RaiserName     string           `json:"raiser_name"`
	RaiserUnitID   *int64           `json:"raiser_unit_id"`
	RaiserUnitName string           `json:"raiser_unit_name"`
	OwnerUnitID    *int64           `json:"owner_unit_id"`
	OwnerUnitName  string           `json:"owner_unit_name"`
	Status         BlockageStatus   `json:"status"`
	Ball           Court            `json:"ball"`
	BallUnitName   string           `json:"ball_unit_name"`
	Next           []BlockageAction `json:"next"`
	ReturnReason   string           `json:"return_reason"`
	Answer         string           `json:"answer"`
	Level          EscalationLevel  `json:"level"`
	Response       ClockView        `json:"response"` // to acceptance
	Resolve        ClockView        `json:"resolve"`  // to the answer, stopped while the raiser confirms
	OverdueDays    int              `json:"overdue_days"`
	DaysToResolve  *int             `json:"days_to_resolve"` // working days from raising to confirmation
	RaisedAt       time.Time        `json:"raised_at"`
	AssignedAt     *time.Time       `json:"assigned_at"`
	AcceptedAt     *time.Time       `json:"accepted_at"`
	AnsweredAt     *time.Time       `json:"answered_at"`
	ResolvedAt     *time.Time       `json:"resolved_at"`
	Events         []BlockageEvent  `json:"events,omitempty"`      // the timeline, in the detail
	Escalations    []Escalation     `json:"escalations,omitempty"` // in the detail
	Attachments    []Attachment     `json:"attachments,omitempty"` // in the detail
	Version        int              `json:"version"`
	UpdatedAt      time.Time        `json:"updated_at"`

	ResponseTimer Clock     `json:"-"`
	ResolveTimer  Clock     `json:"-"`
	LastEventAt   time.Time `json:"-"` // the next step cannot precede it
}

// BlockageEvent is one entry of a blockage's timeline: an action, a comment or a leader's
// instruction (批示).
type BlockageEvent struct {
	ID       int64          `json:"id"`
	Kind     string         `json:"kind"` // an action, "raise", "comment", "instruct", "escalate", "edit"
	From     BlockageStatus `json:"from"`
	To       BlockageStatus `json:"to"`
	Note     string         `json:"note"`
	By       string         `json:"by"`
	UnitName string         `json:"unit_name"`
	At       time.Time      `json:"at"`
}

// Escalation is one rise of a blockage's level and who was told.
type Escalation struct {
	Level    EscalationLevel `json:"level"`
	Overdue  int             `json:"overdue_days"`
	Manual   bool            `json:"manual"`
	Note     string          `json:"note"`
	Notified string          `json:"notified"`
	By       string          `json:"by"`
	At       time.Time       `json:"at"`
}

// BlockageInput raises a blockage or changes it while it waits for its owner unit.
type BlockageInput struct {
	ProjectID      int64            `json:"project_id"`
	Title          string           `json:"title"`
	Category       BlockageCategory `json:"category"`
	Description    string           `json:"description"`
	ApprovalItemID *int64           `json:"approval_item_id"`
	CaseID         *int64           `json:"case_id"`
	LandFileID     *int64           `json:"land_file_id"`
	RaisedAt       *time.Time       `json:"raised_at"` // when it was raised (now when empty), for entries made afterwards
	Version        int              `json:"version"`
}

// Validate checks the input: one problem per blockage, its title at most 150 characters.
func (in *BlockageInput) Validate() error {
	f := Fields{}
	f.Ref("project_id", in.ProjectID)
	f.Text("title", &in.Title, true, 150)
	if !in.Category.Valid() {
		f.Add("category", "validate.choice")
	}
	f.Text("description", &in.Description, false, 5000)
	return f.Err()
}

// BlockageActionInput carries an action's note (a reason where one is needed), the owner
// unit for assign, the level for a manual escalation, and the version read.
type BlockageActionInput struct {
	At          *time.Time      `json:"at"` // when it happened (now when empty): not in the future, not before the last step
	Note        string          `json:"note"`
	OwnerUnitID int64           `json:"owner_unit_id"`
	Level       EscalationLevel `json:"level"`
	Version     int             `json:"version"`
}

// Validate checks the input for act: answers, returns and reopenings need words; an
// assignment needs a unit.
func (in *BlockageActionInput) Validate(act BlockageAction) error {
	f := Fields{}
	f.Text("note", &in.Note, false, 2000)
	switch act {
	case ActReply, ActReturn, ActReopen:
		if in.Note == "" {
			f.Add("note", "blockage.note_required")
		}
	case ActAssign:
		f.Ref("owner_unit_id", in.OwnerUnitID)
	}
	return f.Err()
}

// BlockageFilter selects blockages.
type BlockageFilter struct {
	ProjectID   int64
	OwnerUnitID int64
	Category    BlockageCategory
	Status      BlockageStatus
	Open        bool
	Overdue     bool
	MinLevel    EscalationLevel
	Mine        bool // the caller's turn: its unit owns it, or raised it and must act
	Query       string
	Page        Page
}

// BlockageStat is one row of the statistics by unit or by category.
type BlockageStat struct {
	Key            string  `json:"key"` // the owner unit's id, or the category
	Name           string  `json:"name"`
	Total          int     `json:"total"`
	Open           int     `json:"open"`
	Overdue        int     `json:"overdue"`
	Resolved       int     `json:"resolved"`
	Returned       int     `json:"returned"`
	AvgDays        float64 `json:"avg_days"`        // working days from raising to resolution, one decimal
	ResolutionRate float64 `json:"resolution_rate"` // resolved of those not returned, percent with one decimal
}

// BlockageStats are the blockage statistics over the actor's scope.
type BlockageStats struct {
	AsOf       Date           `json:"as_of"`
	From       Date           `json:"from"`
	To         Date           `json:"to"`
	Total      BlockageStat   `json:"total"`
	ByUnit     []BlockageStat `json:"by_unit"`
	ByCategory []BlockageStat `json:"by_category"`
	ByLevel    [4]int         `json:"by_level"` // open blockages at each escalation level
}

// Attachment is a file attached to a blockage or an agency case (an authorisation letter,
// a photo, a document).
type Attachment struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"` // "authorization" or "file"
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	By          string    `json:"by"`
	CreatedAt   time.Time `json:"created_at"`
	File        string    `json:"-"`
}

// CommentInput is a comment or an instruction on a blockage.
type CommentInput struct {
	Body string `json:"body"`
}

// Validate checks the comment.
func (in *CommentInput) Validate() error {
	f := Fields{}
	f.Text("body", &in.Body, true, 2000)
	return f.Err()
}

// Rate is part of whole in percent with one decimal; 0 when whole is 0.
func Rate(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(int(float64(part)*1000/float64(whole)+0.5)) / 10
}
