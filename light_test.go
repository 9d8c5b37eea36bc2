package stride_test

import (
	"strings"
	"testing"

	"github.com/stride-hq/stride"
)

func wan(s string) stride.Money {
	m, err := stride.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return m
}

// monthly spreads amounts (in 万元) over the first months of the year.
func monthly(amounts ...string) (out [12]stride.Money) {
	for i, a := range amounts {
		out[i] = wan(a)
	}
	return out
}

func reported(n int) (out [12]bool) {
	for i := range n {
		out[i] = true
	}
	return out
}

func reasons(l stride.Light) string {
	var s []string
	for _, r := range l.Reasons {
		s = append(s, r.In(stride.LangZH))
	}
	return strings.Join(s, "；")
}

func TestDuePeriod(t *testing.T) {
	s := stride.DefaultLightSettings()
	for _, tc := range []struct {
		asOf string
		want int
	}{
		{"2025-03-05", 1}, // February's report is due by 3-05: not late yet
		{"2025-03-06", 2},
		{"2025-03-31", 2},
		{"2025-01-31", 0},
		{"2025-02-06", 1},
		{"2025-12-31", 11},
		{"2026-01-05", 11}, // December of the plan year is due in January
		{"2026-01-06", 12},
		{"2024-12-31", 0}, // before the plan year
		{"2024-03-01", 0},
		{"2028-02-29", 12},
	} {
		if got := s.DuePeriod(2025, stride.MustDate(tc.asOf)); got != tc.want {
			t.Errorf("DuePeriod(2025, %s) = %d, want %d", tc.asOf, got, tc.want)
		}
	}
	// A leap year's February has 29 days; the period rule only reads the month.
	if got := s.DuePeriod(2024, stride.MustDate("2024-02-29")); got != 1 {
		t.Errorf("2024-02-29: %d", got)
	}
	if got := s.DuePeriod(2024, stride.MustDate("2024-03-06")); got != 2 {
		t.Errorf("2024-03-06: %d", got)
	}
}

func TestInvestmentLight(t *testing.T) {
	s := stride.DefaultLightSettings()
	base := stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, TotalInvestment: wan("100000"), AnnualPlan: wan("12000")}
	curve := make([]stride.Money, 12)
	for i := range curve {
		curve[i] = wan("500") * stride.Money(i+1) // a back-loaded plan: 500 a month, rest at year end
	}
	curve[11] = wan("12000")
	for _, tc := range []struct {
		name   string
		asOf   string
		edit   func(f *stride.ProjectFacts)
		color  stride.Color
		reason string
	}{
		// Through June (asOf 07-06), pace is 50%.
		{"on pace", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("1000", "1000", "1000", "1000", "1000", "1000") }, stride.ColorGreen, "超序时进度0.0个百分点"},
		{"ahead", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("7000") }, stride.ColorGreen, "超序时进度8.3个百分点"},
		{"slightly behind", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("5000") }, stride.ColorGreen, "低于序时进度8.3个百分点"},
		{"exactly 10 behind", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("4800") }, stride.ColorYellow, "低于序时进度10.0个百分点"},
		{"18.3 behind", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("3800") }, stride.ColorYellow, "低于序时进度18.3个百分点"},
		{"exactly 30 behind", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("2400") }, stride.ColorYellow, "低于序时进度30.0个百分点"},
		{"over 30 behind", "2025-07-06", func(f *stride.ProjectFacts) { f.Completed = monthly("2300") }, stride.ColorRed, "低于序时进度30.8个百分点"},
		{"before the deadline the old period applies", "2025-07-05", func(f *stride.ProjectFacts) { f.Completed = monthly("1000", "1000", "1000", "1000", "1000") }, stride.ColorGreen, "1-5月完成年度计划的41.7%"},
		{"months after the period do not count", "2025-03-06", func(f *stride.ProjectFacts) { f.Completed = monthly("0", "0", "9000") }, stride.ColorYellow, "低于序时进度16.7个百分点"},
		{"year end", "2026-01-06", func(f *stride.ProjectFacts) { f.Completed = monthly("12000") }, stride.ColorGreen, "1-12月完成年度计划的100.0%"},
		{"no plan", "2025-07-06", func(f *stride.ProjectFacts) { f.AnnualPlan = 0 }, stride.ColorNone, ""},
		{"nothing due yet", "2025-02-05", nil, stride.ColorNone, "本年尚无到期月报"},
		{"not yet in the plan year", "2024-12-01", nil, stride.ColorNone, "本年尚无到期月报"},
		{"planning stage", "2025-07-06", func(f *stride.ProjectFacts) { f.Stage = stride.StagePlanning }, stride.ColorNone, ""},
		// With a back-loaded curve, 3000 by June is on pace (curve says 3000 = 25%).
		{"own curve", "2025-07-06", func(f *stride.ProjectFacts) { f.PlanCurve = curve; f.Completed = monthly("3000") }, stride.ColorGreen, "序时进度25.0%"},
		// The plan was raised mid-year: the pace is measured against the current plan.
		{"plan raised mid-year", "2025-07-06", func(f *stride.ProjectFacts) { f.AnnualPlan = wan("24000"); f.Completed = monthly("6000") }, stride.ColorYellow, "低于序时进度25.0个百分点"},
	} {
		f := base
		if tc.edit != nil {
			tc.edit(&f)
		}
		l := stride.EvaluateLights(f, stride.MustDate(tc.asOf), s)[0]
		if l.Dimension != stride.DimInvestment || l.Color != tc.color || !strings.Contains(reasons(l), tc.reason) {
			t.Errorf("%s: %s %q, want %s containing %q", tc.name, l.Color, reasons(l), tc.color, tc.reason)
		}
	}
}

func TestOtherLights(t *testing.T) {
	s := stride.DefaultLightSettings()
	for _, tc := range []struct {
		name   string
		facts  stride.ProjectFacts
		asOf   string
		dim    int
		color  stride.Color
		reason string
	}{
		{"start on time", stride.ProjectFacts{PlannedStart: stride.MustDate("2025-05-20")}, "2025-05-20", 1, stride.ColorNone, ""},
		{"start missed this month", stride.ProjectFacts{PlannedStart: stride.MustDate("2025-05-20")}, "2025-05-21", 1, stride.ColorYellow, "计划2025年5月开工，已连续1个月未开工"},
		{"start missed two months", stride.ProjectFacts{PlannedStart: stride.MustDate("2025-05-20")}, "2025-06-30", 1, stride.ColorYellow, "连续2个月"},
		{"start missed three months", stride.ProjectFacts{PlannedStart: stride.MustDate("2025-05-20")}, "2025-07-01", 1, stride.ColorRed, "连续3个月"},
		{"start across the year", stride.ProjectFacts{PlannedStart: stride.MustDate("2024-12-10")}, "2025-02-01", 1, stride.ColorRed, "2024年12月"},
		{"started", stride.ProjectFacts{PlannedStart: stride.MustDate("2025-05-20"), ActualStart: stride.MustDate("2025-06-02")}, "2025-09-01", 1, stride.ColorGreen, "已于2025-06-02开工"},
		{"node on time", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "主体封顶", Planned: stride.MustDate("2025-05-31")}}}, "2025-05-31", 2, stride.ColorGreen, ""},
		{"node 12 days late", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "主体封顶", Planned: stride.MustDate("2025-05-31")}}}, "2025-06-12", 2, stride.ColorYellow, "主体封顶逾期12天"},
		{"node 30 days late", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "主体封顶", Planned: stride.MustDate("2025-05-31")}}}, "2025-06-30", 2, stride.ColorYellow, "逾期30天"},
		{"node 31 days late", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "主体封顶", Planned: stride.MustDate("2025-05-31")}}}, "2025-07-01", 2, stride.ColorRed, "逾期31天"},
		{"leap day", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "竣工验收", Planned: stride.MustDate("2024-02-28")}}}, "2024-03-01", 2, stride.ColorYellow, "逾期2天"},
		{"node done late", stride.ProjectFacts{Milestones: []stride.MilestoneFact{{Name: "开工", Planned: stride.MustDate("2025-01-31"), Actual: stride.MustDate("2025-03-01")}}}, "2025-07-01", 2, stride.ColorGreen, ""},
		{"report missing", stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, AnnualPlan: wan("100"), Reported: reported(2)}, "2025-04-06", 3, stride.ColorYellow, "3月月报未报（共1个月）"},
		{"two reports missing", stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, AnnualPlan: wan("100"), Reported: reported(1)}, "2025-04-06", 3, stride.ColorRed, "2、3月月报未报（共2个月）"},
		{"joined in March", stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, AnnualPlan: wan("100"), FirstMonth: 3, Reported: [12]bool{2: true}}, "2025-04-06", 3, stride.ColorGreen, ""},
		{"report before deadline", stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, AnnualPlan: wan("100"), Reported: reported(2)}, "2025-04-05", 3, stride.ColorGreen, ""},
		{"not in statistics, 1 month", stride.ProjectFacts{TotalInvestment: wan("500"), ActualStart: stride.MustDate("2025-01-31")}, "2025-03-01", 4, stride.ColorYellow, "开工已29天未入库"},
		{"not in statistics, exactly a month", stride.ProjectFacts{TotalInvestment: wan("500"), ActualStart: stride.MustDate("2025-03-15")}, "2025-04-15", 4, stride.ColorGreen, ""},
		{"not in statistics, 2 months", stride.ProjectFacts{TotalInvestment: wan("500"), ActualStart: stride.MustDate("2025-03-15")}, "2025-05-16", 4, stride.ColorRed, "开工已62天"},
		{"small projects exempt", stride.ProjectFacts{TotalInvestment: wan("499.99"), ActualStart: stride.MustDate("2025-01-01")}, "2025-12-01", 4, stride.ColorNone, ""},
		{"entered", stride.ProjectFacts{TotalInvestment: wan("800"), ActualStart: stride.MustDate("2025-01-01"), StatsEntry: stride.MustDate("2025-01-20")}, "2025-12-01", 4, stride.ColorGreen, ""},
	} {
		lights := stride.EvaluateLights(tc.facts, stride.MustDate(tc.asOf), s)
		l := lights[tc.dim]
		if l.Color != tc.color || !strings.Contains(reasons(l), tc.reason) {
			t.Errorf("%s: %s %s %q, want %s containing %q", tc.name, l.Dimension, l.Color, reasons(l), tc.color, tc.reason)
		}
	}
}

func TestWorstLight(t *testing.T) {
	f := stride.ProjectFacts{Year: 2025, Stage: stride.StageConstruction, AnnualPlan: wan("1200"), Completed: monthly("100", "100"),
		Reported: reported(2), Milestones: []stride.MilestoneFact{{Name: "主体封顶", Planned: stride.MustDate("2025-03-01")}}}
	lights := stride.EvaluateLights(f, stride.MustDate("2025-03-10"), stride.DefaultLightSettings())
	if got := stride.Worst(lights); got != stride.ColorYellow {
		t.Fatalf("worst = %s, want yellow (node 9 days late, investment on pace)", got)
	}
	if got := stride.Worst(nil); got != stride.ColorNone {
		t.Fatalf("worst of none = %s", got)
	}
}

func TestFirstReportMonth(t *testing.T) {
	d := stride.MustDate
	for _, tc := range []struct {
		actual, planned string
		want            int
	}{
		{"", "", 1},
		{"2024-06-01", "", 1},
		{"2025-03-15", "2025-01-01", 3},
		{"", "2025-08-10", 8},
		{"", "2026-02-01", 13},
		{"", "2023-02-01", 1},
	} {
		var a, p stride.Date
		if tc.actual != "" {
			a = d(tc.actual)
		}
		if tc.planned != "" {
			p = d(tc.planned)
		}
		if got := stride.FirstReportMonth(a, p, 2025); got != tc.want {
			t.Errorf("FirstReportMonth(%s, %s) = %d, want %d", tc.actual, tc.planned, got, tc.want)
		}
	}
}
