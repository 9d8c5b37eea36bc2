package stride

import "time"

// MilestoneKind names a standard node of a promotion plan.
type MilestoneKind string

const (
	NodeLand       MilestoneKind = "land"        // 拿地
	NodeStart      MilestoneKind = "start"       // 开工
	NodePiles      MilestoneKind = "piles"       // 桩基完成
	NodeTopping    MilestoneKind = "topping"     // 主体封顶
	NodePartialUse MilestoneKind = "partial_use" // 部分投用
	NodeCompletion MilestoneKind = "completion"  // 竣工验收
	NodeProduction MilestoneKind = "production"  // 投产
	NodeCustom     MilestoneKind = "custom"
)

// Milestone is a dated node of a project's promotion plan.
type Milestone struct {
	ID                int64         `json:"id"`
	ProjectID         int64         `json:"project_id"`
	Kind              MilestoneKind `json:"kind"`
	Name              string        `json:"name"`
	Seq               int           `json:"seq"`
	PlannedDate       Date          `json:"planned_date"`
	BaselineDate      Date          `json:"baseline_date"`
	ActualDate        Date          `json:"actual_date"`
	ResponsibleUnitID *int64        `json:"responsible_unit_id"`
	ResponsibleUnit   string        `json:"responsible_unit"`
	ResponsiblePerson string        `json:"responsible_person"`
	Note              string        `json:"note"`
	VerifiedAt        *time.Time    `json:"verified_at"`
	VerifiedBy        string        `json:"verified_by"`
	Photos            []Photo       `json:"photos"` // evidence
	Version           int           `json:"version"`
}

// MilestoneInput creates or changes a node. Change is required when a baselined planned
// date moves.
type MilestoneInput struct {
	Kind              MilestoneKind `json:"kind"`
	Name              string        `json:"name"`
	Seq               int           `json:"seq"`
	PlannedDate       Date          `json:"planned_date"`
	ActualDate        Date          `json:"actual_date"`
	ResponsibleUnitID *int64        `json:"responsible_unit_id"`
	ResponsiblePerson string        `json:"responsible_person"`
	Note              string        `json:"note"`
	Change            *ChangeReason `json:"change"`
	Version           int           `json:"version"`
}

// Validate checks the node.
func (in *MilestoneInput) Validate(today Date) error {
	f := Fields{}
	switch in.Kind {
	case NodeLand, NodeStart, NodePiles, NodeTopping, NodePartialUse, NodeCompletion, NodeProduction, NodeCustom:
	default:
		f.Add("kind", "validate.choice")
	}
	f.Text("name", &in.Name, true, 50)
	if in.Seq < 0 || in.Seq > 999 {
		f.Add("seq", "validate.range", 0, 999)
	}
	if !in.ActualDate.IsZero() && in.ActualDate.After(today) {
		f.Add("actual_date", "milestone.actual_future")
	}
	f.Text("responsible_person", &in.ResponsiblePerson, false, 50)
	f.Text("note", &in.Note, false, 500)
	if in.Change != nil {
		in.Change.Validate(f)
	}
	return f.Err()
}

// MilestoneTemplate is a node of the standard library for a project category, with its
// standard duration in working days after the node before it.
type MilestoneTemplate struct {
	Kind         MilestoneKind `json:"kind"`
	Name         string        `json:"name"`
	Seq          int           `json:"seq"`
	DurationDays int           `json:"duration_days"`
}

// DefaultMilestoneTemplates is the node library of a fresh database, the same for every
// category until an administrator edits it.
var DefaultMilestoneTemplates = []MilestoneTemplate{
	{NodeLand, "拿地", 10, 0},
	{NodeStart, "开工", 20, 60},
	{NodePiles, "桩基完成", 30, 60},
	{NodeTopping, "主体封顶", 40, 120},
	{NodePartialUse, "部分投用", 50, 90},
	{NodeCompletion, "竣工验收", 60, 60},
	{NodeProduction, "投产", 70, 40},
}

// BackSchedule proposes planned dates for the nodes before the last one, counting their
// standard durations back from its target date with addWorkdays (a working-day calendar;
// negative n goes back). It returns one date per template, the last being target.
func BackSchedule(nodes []MilestoneTemplate, target Date, addWorkdays func(Date, int) (Date, error)) ([]Date, error) {
	out := make([]Date, len(nodes))
	if len(nodes) == 0 {
		return out, nil
	}
	out[len(nodes)-1] = target
	for i := len(nodes) - 1; i > 0; i-- {
		d, err := addWorkdays(out[i], -nodes[i].DurationDays)
		if err != nil {
			return nil, err
		}
		out[i-1] = d
	}
	return out, nil
}
