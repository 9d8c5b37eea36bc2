package stride

import (
	"fmt"
	"math"
	"strings"
)

// Color is a light's colour. ColorNone marks a dimension that does not apply to a project
// (no plan this year, nothing due yet); it never makes a project's light worse.
type Color string

const (
	ColorNone   Color = ""
	ColorGreen  Color = "green"
	ColorYellow Color = "yellow"
	ColorRed    Color = "red"
)

func (c Color) rank() int {
	switch c {
	case ColorGreen:
		return 1
	case ColorYellow:
		return 2
	case ColorRed:
		return 3
	}
	return 0
}

// Dimension is one aspect a project is judged on.
type Dimension string

const (
	DimInvestment Dimension = "investment" // 投资进度 against 序时进度
	DimStart      Dimension = "start"      // 开工
	DimMilestone  Dimension = "milestone"  // 节点
	DimReport     Dimension = "report"     // 月报
	DimStats      Dimension = "stats"      // 入库
	DimApproval   Dimension = "approval"   // 审批时限
)

// Dimensions lists the dimensions in display order.
var Dimensions = []Dimension{DimInvestment, DimStart, DimMilestone, DimReport, DimStats, DimApproval}

// Light is one dimension's colour and the reasons for it, in words.
type Light struct {
	Dimension Dimension `json:"dimension"`
	Color     Color     `json:"color"`
	Reasons   []Msg     `json:"-"`
}

// LightSettings are the thresholds of the lights (defaults from Yinchuan's 2025 rules).
type LightSettings struct {
	PaceYellowPoints  float64 `json:"pace_yellow_points"`   // behind 序时进度 by at least this: yellow
	PaceRedPoints     float64 `json:"pace_red_points"`      // behind by more than this: red
	StartRedMonths    int     `json:"start_red_months"`     // planned start missed this many months running: red
	MilestoneRedDays  int     `json:"milestone_red_days"`   // a node overdue more than this many days: red
	ReportRedMissing  int     `json:"report_red_missing"`   // this many monthly reports missing: red
	StatsYellowMonths int     `json:"stats_yellow_months"`  // not entered this many months after the start: yellow
	StatsRedMonths    int     `json:"stats_red_months"`     // … this many: red
	StatsMinimum      Money   `json:"stats_min_investment"` // only projects of at least this total investment
	ReportDeadlineDay int     `json:"report_deadline_day"`  // the month's report is due by this day of the next
}

// DefaultLightSettings are the settings of a fresh database.
func DefaultLightSettings() LightSettings {
	return LightSettings{PaceYellowPoints: 10, PaceRedPoints: 30, StartRedMonths: 3, MilestoneRedDays: 30,
		ReportRedMissing: 2, StatsYellowMonths: 1, StatsRedMonths: 2, StatsMinimum: 500 * fenPerWan, ReportDeadlineDay: 5}
}

// MilestoneFact is a node as the rules see it.
type MilestoneFact struct {
	Name    string
	Planned Date
	Actual  Date
}

// ProjectFacts is everything the lights of one project in one plan year depend on.
type ProjectFacts struct {
	Year            int
	Stage           Stage
	TotalInvestment Money
	AnnualPlan      Money     // the year's planned investment; 0 when none was set
	PlanCurve       []Money   // optional: cumulative planned investment at the end of each month
	Completed       [12]Money // approved investment completed in each month of the year
	Reported        [12]bool  // whether each month's report was submitted or approved
	FirstMonth      int       // the first month a report is due for (1 unless the project joined later)
	PlannedStart    Date
	ActualStart     Date
	StatsEntry      Date
	Milestones      []MilestoneFact
	Approvals       []ApprovalFact // the approval items whose clocks are open
}

// ApprovalFact is an open approval clock as the rules see it: its state on the day (the
// near-due margin already applied) and the working days left (negative: overdue).
type ApprovalFact struct {
	Name      string
	State     ClockState
	Remaining int
}

// FirstReportMonth is the first month of year a project owes a monthly report for: the
// month it started, or, not started yet, the month it plans to start; 13 when that is
// after the year. A project that started before the year, or has no start planned, owes
// them from January.
func FirstReportMonth(actual, planned Date, year int) int {
	start := actual
	if start.IsZero() {
		start = planned
	}
	switch {
	case start.IsZero() || start.Year < year:
		return 1
	case start.Year > year:
		return 13
	}
	return int(start.Month)
}

// DuePeriod is the last month of year whose report is due on asOf: the month before
// asOf's, once the deadline day has passed, else the one before that. 0 means none yet;
// 12 for a past year.
func (s LightSettings) DuePeriod(year int, asOf Date) int {
	switch {
	case asOf.Year < year:
		return 0
	case asOf.Year > year:
		if asOf.Year == year+1 && asOf.Month == 1 && asOf.Day <= s.ReportDeadlineDay {
			return 11
		}
		return 12
	}
	p := int(asOf.Month) - 1
	if asOf.Day <= s.ReportDeadlineDay {
		p--
	}
	return max(p, 0)
}

// TimePace is 序时进度 after period months, as a percentage: period/12, or the share of the
// plan the project's own monthly curve puts there.
func (f ProjectFacts) TimePace(period int) float64 {
	if period <= 0 {
		return 0
	}
	if len(f.PlanCurve) == 12 && f.AnnualPlan > 0 {
		return 100 * float64(f.PlanCurve[period-1]) / float64(f.AnnualPlan)
	}
	return 100 * float64(min(period, 12)) / 12
}

// PlannedThrough is the plan's cumulative amount at the end of month: the curve's value, or
// the plan spread evenly (rounded down to the fen, the last month taking the remainder).
func PlannedThrough(plan Money, curve []Money, month int) Money {
	if month <= 0 {
		return 0
	}
	if len(curve) == 12 {
		return curve[month-1]
	}
	return plan * Money(month) / 12
}

// CompletedThrough is the investment completed in months 1..period.
func (f ProjectFacts) CompletedThrough(period int) Money {
	var sum Money
	for m := 0; m < period && m < 12; m++ {
		sum += f.Completed[m]
	}
	return sum
}

// CompletionRate is the completed share of the annual plan through period, in percent.
func (f ProjectFacts) CompletionRate(period int) float64 {
	if f.AnnualPlan <= 0 {
		return 0
	}
	return 100 * float64(f.CompletedThrough(period)) / float64(f.AnnualPlan)
}

// PaceGap is the completion rate minus 序时进度, in points rounded to one decimal:
// positive ahead of pace, negative behind.
func (f ProjectFacts) PaceGap(period int) float64 {
	return math.Round((f.CompletionRate(period)-f.TimePace(period))*10) / 10
}

// reporting reports whether investment and monthly reports are expected of the project.
func (f ProjectFacts) reporting() bool {
	switch f.Stage {
	case StagePlanning, StageReserve, StageTerminated:
		return false
	}
	return f.AnnualPlan > 0
}

// EvaluateLights computes every dimension's light on asOf.
func EvaluateLights(f ProjectFacts, asOf Date, s LightSettings) []Light {
	return []Light{
		investmentLight(f, asOf, s), startLight(f, asOf, s), milestoneLight(f, asOf, s),
		reportLight(f, asOf, s), statsLight(f, asOf, s), approvalLight(f),
	}
}

// approvalLight is red when an approval item is past its promised limit, yellow when one
// is near it, green while open clocks are within it, and does not apply without them.
func approvalLight(f ProjectFacts) Light {
	if len(f.Approvals) == 0 {
		return light(DimApproval, ColorNone)
	}
	var overdue, near []Msg
	for _, a := range f.Approvals {
		switch a.State {
		case ClockOverdue:
			overdue = append(overdue, Msg{Key: "light.approval_overdue", Args: []any{a.Name, -a.Remaining}})
		case ClockNear:
			near = append(near, Msg{Key: "light.approval_near", Args: []any{a.Name, a.Remaining}})
		}
	}
	switch {
	case len(overdue) > 0:
		return light(DimApproval, ColorRed, append(overdue, near...)...)
	case len(near) > 0:
		return light(DimApproval, ColorYellow, near...)
	}
	return light(DimApproval, ColorGreen)
}

// Worst is the project's light: its worst dimension.
func Worst(lights []Light) Color {
	worst := ColorNone
	for _, l := range lights {
		if l.Color.rank() > worst.rank() {
			worst = l.Color
		}
	}
	return worst
}

func light(d Dimension, c Color, reasons ...Msg) Light {
	return Light{Dimension: d, Color: c, Reasons: reasons}
}

func points(v float64) string { return fmt.Sprintf("%.1f", math.Abs(v)) }

func investmentLight(f ProjectFacts, asOf Date, s LightSettings) Light {
	if !f.reporting() {
		return light(DimInvestment, ColorNone)
	}
	period := s.DuePeriod(f.Year, asOf)
	if period == 0 {
		return light(DimInvestment, ColorNone, Msg{Key: "light.no_period"})
	}
	gap := f.PaceGap(period)
	rate := Msg{Key: "light.rate", Args: []any{period, fmt.Sprintf("%.1f", f.CompletionRate(period)), fmt.Sprintf("%.1f", f.TimePace(period))}}
	switch {
	case gap < -s.PaceRedPoints:
		return light(DimInvestment, ColorRed, Msg{Key: "light.behind_pace", Args: []any{points(gap)}}, rate)
	case gap <= -s.PaceYellowPoints:
		return light(DimInvestment, ColorYellow, Msg{Key: "light.behind_pace", Args: []any{points(gap)}}, rate)
	case gap < 0:
		return light(DimInvestment, ColorGreen, Msg{Key: "light.behind_pace", Args: []any{points(gap)}}, rate)
	}
	return light(DimInvestment, ColorGreen, Msg{Key: "light.ahead_pace", Args: []any{points(gap)}}, rate)
}

func startLight(f ProjectFacts, asOf Date, s LightSettings) Light {
	if !f.ActualStart.IsZero() {
		return light(DimStart, ColorGreen, Msg{Key: "light.started", Args: []any{f.ActualStart.String()}})
	}
	if f.PlannedStart.IsZero() || !asOf.After(f.PlannedStart) || f.Stage == StageTerminated {
		return light(DimStart, ColorNone)
	}
	months := asOf.MonthIndex() - f.PlannedStart.MonthIndex() + 1
	reason := Msg{Key: "light.start_missed", Args: []any{f.PlannedStart.Year, int(f.PlannedStart.Month), months}}
	if months >= s.StartRedMonths {
		return light(DimStart, ColorRed, reason)
	}
	return light(DimStart, ColorYellow, reason)
}

func milestoneLight(f ProjectFacts, asOf Date, s LightSettings) Light {
	color := ColorNone
	var reasons []Msg
	for _, m := range f.Milestones {
		if m.Planned.IsZero() {
			continue
		}
		if color == ColorNone {
			color = ColorGreen
		}
		if !m.Actual.IsZero() || !asOf.After(m.Planned) {
			continue
		}
		days := m.Planned.DaysUntil(asOf)
		reasons = append(reasons, Msg{Key: "light.milestone_overdue", Args: []any{m.Name, days}})
		if days > s.MilestoneRedDays {
			color = ColorRed
		} else if color != ColorRed {
			color = ColorYellow
		}
	}
	return light(DimMilestone, color, reasons...)
}

func reportLight(f ProjectFacts, asOf Date, s LightSettings) Light {
	if !f.reporting() {
		return light(DimReport, ColorNone)
	}
	period := s.DuePeriod(f.Year, asOf)
	first := max(f.FirstMonth, 1)
	var missing []string
	for m := first; m <= period; m++ {
		if !f.Reported[m-1] {
			missing = append(missing, fmt.Sprint(m))
		}
	}
	switch {
	case period < first:
		return light(DimReport, ColorNone)
	case len(missing) == 0:
		return light(DimReport, ColorGreen)
	}
	reason := Msg{Key: "light.reports_missing", Args: []any{strings.Join(missing, "、"), len(missing)}}
	if len(missing) >= s.ReportRedMissing {
		return light(DimReport, ColorRed, reason)
	}
	return light(DimReport, ColorYellow, reason)
}

func statsLight(f ProjectFacts, asOf Date, s LightSettings) Light {
	if f.TotalInvestment < s.StatsMinimum || f.ActualStart.IsZero() {
		return light(DimStats, ColorNone)
	}
	if !f.StatsEntry.IsZero() {
		return light(DimStats, ColorGreen)
	}
	days := f.ActualStart.DaysUntil(asOf)
	reason := Msg{Key: "light.stats_missing", Args: []any{days}}
	switch {
	case asOf.After(f.ActualStart.AddMonths(s.StatsRedMonths)):
		return light(DimStats, ColorRed, reason)
	case asOf.After(f.ActualStart.AddMonths(s.StatsYellowMonths)):
		return light(DimStats, ColorYellow, reason)
	}
	return light(DimStats, ColorGreen)
}

// Validate checks the thresholds.
func (s *LightSettings) Validate() error {
	f := Fields{}
	if s.PaceYellowPoints <= 0 || s.PaceYellowPoints > 100 {
		f.Add("pace_yellow_points", "validate.range", 1, 100)
	}
	if s.PaceRedPoints < s.PaceYellowPoints || s.PaceRedPoints > 100 {
		f.Add("pace_red_points", "light.red_above_yellow")
	}
	if s.StartRedMonths < 1 || s.StartRedMonths > 24 {
		f.Add("start_red_months", "validate.range", 1, 24)
	}
	if s.MilestoneRedDays < 1 || s.MilestoneRedDays > 365 {
		f.Add("milestone_red_days", "validate.range", 1, 365)
	}
	if s.ReportRedMissing < 1 || s.ReportRedMissing > 12 {
		f.Add("report_red_missing", "validate.range", 1, 12)
	}
	if s.StatsYellowMonths < 1 || s.StatsRedMonths < s.StatsYellowMonths || s.StatsRedMonths > 24 {
		f.Add("stats_red_months", "light.red_above_yellow")
	}
	if s.StatsMinimum < 0 {
		f.Add("stats_min_investment", "validate.money_negative")
	}
	return f.Err()
}
