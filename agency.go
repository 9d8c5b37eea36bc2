package stride

import (
	"slices"
	"time"
)

// AgencyMode is how the agency centre serves an enterprise: 帮办 (guidance and
// coordination, the enterprise files) or 代办 (the agent files on the enterprise's behalf,
// with its signed authorisation; the enterprise stays the legal applicant).
type AgencyMode string

const (
	ModeAssist   AgencyMode = "assist"   // 帮办
	ModeDelegate AgencyMode = "delegate" // 代办
)

// Valid reports whether m is a known mode.
func (m AgencyMode) Valid() bool { return m == ModeAssist || m == ModeDelegate }

// CaseStage is where a case stands: 申请 → 受理 → 跟踪催办 → 送达 → 评价.
type CaseStage string

const (
	CaseApplied   CaseStage = "applied"   // 申请
	CaseAccepted  CaseStage = "accepted"  // 受理
	CaseTracking  CaseStage = "tracking"  // 跟踪催办
	CaseDelivered CaseStage = "delivered" // 送达
	CaseEvaluated CaseStage = "evaluated" // 评价
)

// CaseStages lists the stages in order.
var CaseStages = []CaseStage{CaseApplied, CaseAccepted, CaseTracking, CaseDelivered, CaseEvaluated}

// Valid reports whether s is a known stage.
func (s CaseStage) Valid() bool { return slices.Contains(CaseStages, s) }

// CheckCaseMove returns a conflict error unless a case may go from one stage to the
// other by an advance: one stage forward, or a further urging while tracking. 评价 comes
// only with the enterprise's score.
func CheckCaseMove(from, to CaseStage) error {
	i, j := slices.Index(CaseStages, from), slices.Index(CaseStages, to)
	if to != CaseEvaluated && (j == i+1 || from == CaseTracking && to == CaseTracking) {
		return nil
	}
	return Errorf(EConflict, "case.transition", Msg{Key: "case.stage." + string(from)}, Msg{Key: "case.stage." + string(to)})
}

// AgencyCase is one enterprise's agency-service case for a project: the agent, the
// service plan (一企一案), the stages with their times, the linked approval items and the
// enterprise's evaluation.
type AgencyCase struct {
	ID               int64           `json:"id"`
	ProjectID        int64           `json:"project_id"`
	ProjectName      string          `json:"project_name"`
	EnterpriseUnitID int64           `json:"enterprise_unit_id"`
	EnterpriseName   string          `json:"enterprise_name"`
	Mode             AgencyMode      `json:"mode"`
	AgentUserID      int64           `json:"agent_user_id"`
	AgentName        string          `json:"agent_name"`
	Plan             string          `json:"plan"`
	Note             string          `json:"note"`
	Stage            CaseStage       `json:"stage"`
	Authorized       bool            `json:"authorized"` // an authorisation letter is attached
	Score            *int            `json:"score"`
	Comment          string          `json:"comment"`
	ItemIDs          []int64         `json:"item_ids"`
	ItemsOpen        int             `json:"items_open"`
	ItemsOverdue     int             `json:"items_overdue"`
	AppliedAt        time.Time       `json:"applied_at"`
	AcceptedAt       *time.Time      `json:"accepted_at"`
	DeliveredAt      *time.Time      `json:"delivered_at"`
	EvaluatedAt      *time.Time      `json:"evaluated_at"`
	Items            []*ApprovalItem `json:"items,omitempty"`       // in the detail
	Events           []CaseEvent     `json:"events,omitempty"`      // in the detail
	Attachments      []Attachment    `json:"attachments,omitempty"` // in the detail
	Version          int             `json:"version"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
}

// CaseEvent is one step or urging of a case.
type CaseEvent struct {
	From CaseStage `json:"from"`
	To   CaseStage `json:"to"`
	Note string    `json:"note"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// CaseInput opens a case or changes it.
type CaseInput struct {
	ProjectID   int64      `json:"project_id"`
	Mode        AgencyMode `json:"mode"`
	AgentUserID int64      `json:"agent_user_id"`
	Plan        string     `json:"plan"`
	Note        string     `json:"note"`
	ItemIDs     []int64    `json:"item_ids"`
	AppliedAt   *time.Time `json:"applied_at"` // when the enterprise applied (now when empty), for entries made afterwards
	Version     int        `json:"version"`
}

// Validate checks the input.
func (in *CaseInput) Validate() error {
	f := Fields{}
	f.Ref("project_id", in.ProjectID)
	if !in.Mode.Valid() {
		f.Add("mode", "validate.choice")
	}
	f.Ref("agent_user_id", in.AgentUserID)
	f.Text("plan", &in.Plan, false, 5000)
	f.Text("note", &in.Note, false, 500)
	in.ItemIDs = dedupeIDs(in.ItemIDs)
	if len(in.ItemIDs) > 50 {
		f.Add("item_ids", "validate.too_many", 50)
	}
	return f.Err()
}

// CaseAdvanceInput moves a case to its next stage at a time (now when empty).
type CaseAdvanceInput struct {
	To      CaseStage  `json:"to"`
	At      *time.Time `json:"at"`
	Note    string     `json:"note"`
	Version int        `json:"version"`
}

// Validate checks the input.
func (in *CaseAdvanceInput) Validate() error {
	f := Fields{}
	if !in.To.Valid() {
		f.Add("to", "validate.choice")
	}
	f.Text("note", &in.Note, false, 1000)
	return f.Err()
}

// EvaluationInput is the enterprise's satisfaction score (1–5) and comment.
type EvaluationInput struct {
	Score   int    `json:"score"`
	Comment string `json:"comment"`
	Version int    `json:"version"`
}

// Validate checks the input.
func (in *EvaluationInput) Validate() error {
	f := Fields{}
	if in.Score < 1 || in.Score > 5 {
		f.Add("score", "validate.range", 1, 5)
	}
	f.Text("comment", &in.Comment, false, 1000)
	return f.Err()
}

// CaseFilter selects cases.
type CaseFilter struct {
	ProjectID   int64
	AgentUserID int64
	Mode        AgencyMode
	Stage       CaseStage
	Open        bool // not yet delivered
	Query       string
	Page        Page
}

// AgentLoad is one agent's workload.
type AgentLoad struct {
	AgentUserID  int64          `json:"agent_user_id"`
	AgentName    string         `json:"agent_name"`
	UnitName     string         `json:"unit_name"`
	Open         int            `json:"open"` // cases not yet delivered
	ByStage      map[string]int `json:"by_stage"`
	ItemsOpen    int            `json:"items_open"`
	ItemsNear    int            `json:"items_near"`
	ItemsOverdue int            `json:"items_overdue"`
	Evaluated    int            `json:"evaluated"`
	AvgScore     float64        `json:"avg_score"` // one decimal; 0 without evaluations
}
