package stride

import (
	"slices"
	"time"
)

// Plan statuses.
const (
	PlanDraft    = "draft"
	PlanApproved = "approved" // baselined: later changes need a reason and an approver
)

// ReasonCode says why a baselined amount or date changed.
type ReasonCode string

// ReasonCodes are the allowed reasons for changing a baseline.
var ReasonCodes = []ReasonCode{"owner", "approval", "resources", "weather", "policy", "other"} // 业主原因, 审批原因, 要素保障, 天气, 政策调整, 其他

// ChangeReason accompanies a change to a baselined plan or node date.
type ChangeReason struct {
	Code     ReasonCode `json:"reason_code"`
	Note     string     `json:"note"`
	Approver string     `json:"approver"`
}

// Validate checks that the reason is complete.
func (c *ChangeReason) Validate(f Fields) {
	if !slices.Contains(ReasonCodes, c.Code) {
		f.Add("reason_code", "plan.reason_required")
	}
	f.Text("note", &c.Note, true, 500)
	f.Text("approver", &c.Approver, true, 50)
}

// AnnualPlan is a project's plan for one year.
type AnnualPlan struct {
	ID                 int64        `json:"id"`
	ProjectID          int64        `json:"project_id"`
	Year               int          `json:"year"`
	Investment         Money        `json:"investment"`
	Goals              string       `json:"goals"`
	Curve              []Money      `json:"curve"` // empty, or 12 cumulative month-end amounts
	Status             string       `json:"status"`
	BaselineInvestment *Money       `json:"baseline_investment"`
	BaselineCurve      []Money      `json:"baseline_curve"`
	BaselinedAt        *time.Time   `json:"baselined_at"`
	ApprovedBy         string       `json:"approved_by"`
	Changes            []PlanChange `json:"changes"`
	Version            int          `json:"version"`
	CreatedAt          time.Time    `json:"created_at"`
	UpdatedAt          time.Time    `json:"updated_at"`
}

// PlanInput creates or changes a year's plan. Change is required once the plan is baselined
// and the amount, curve or goals move.
type PlanInput struct {
	Investment Money         `json:"investment"`
	Goals      string        `json:"goals"`
	Curve      []Money       `json:"curve"`
	Change     *ChangeReason `json:"change"`
	Version    int           `json:"version"`
}

// Validate checks the plan.
func (in *PlanInput) Validate() error {
	f := Fields{}
	if in.Investment < 0 {
		f.Add("investment", "validate.money_negative")
	}
	f.Text("goals", &in.Goals, false, 2000)
	switch len(in.Curve) {
	case 0:
		in.Curve = []Money{}
	case 12:
		for i, v := range in.Curve {
			if v < 0 || i > 0 && v < in.Curve[i-1] {
				f.Add("curve", "plan.curve_order")
				break
			}
		}
		if in.Curve[11] != in.Investment {
			f.Add("curve", "plan.curve_total")
		}
	default:
		f.Add("curve", "plan.curve_months")
	}
	if in.Change != nil {
		in.Change.Validate(f)
	}
	return f.Err()
}

// PlanChange is one recorded change to a baselined plan or node date.
type PlanChange struct {
	ID        int64      `json:"id"`
	Year      int        `json:"year"`
	Subject   string     `json:"subject"` // "investment", "curve", "goals" or "milestone:NAME"
	OldValue  string     `json:"old_value"`
	NewValue  string     `json:"new_value"`
	Reason    ReasonCode `json:"reason_code"`
	Note      string     `json:"note"`
	Approver  string     `json:"approver"`
	ChangedBy string     `json:"changed_by"`
	ChangedAt time.Time  `json:"changed_at"`
}
