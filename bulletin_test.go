package stride_test

import (
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestParseWeek(t *testing.T) {
	for _, tc := range []struct {
		in       string
		monday   string
		ok       bool
		wantCode string
	}{
		{in: "2025-W14", monday: "2025-03-31", ok: true},
		{in: "2025-W01", monday: "2024-12-30", ok: true}, // ISO week 1 holds the year's first Thursday
		{in: "2026-W53", monday: "2026-12-28", ok: true}, // 2026 has 53 weeks
		{in: "2020-W53", monday: "2020-12-28", ok: true},
		{in: "2025-W53"}, // 2025 has 52
		{in: "2025-W00"},
		{in: "2025-W54"},
		{in: "2025-14"},
		{in: "2025W14"},
		{in: ""},
		{in: "1999-W10"},
	} {
		w, err := stride.ParseWeek(tc.in)
		if !tc.ok {
			if err == nil || stride.ErrorCode(err) != stride.EInvalid {
				t.Errorf("ParseWeek(%q) = %v, %v; want invalid", tc.in, w, err)
			}
			continue
		}
		if err != nil || w.Monday().String() != tc.monday || w.String() != tc.in {
			t.Errorf("ParseWeek(%q) = %v (Monday %s), %v; want Monday %s", tc.in, w, w.Monday(), err, tc.monday)
		}
		if stride.WeekOf(w.Monday().AddDays(6)) != w || stride.WeekOf(w.Monday().AddDays(7)) == w {
			t.Errorf("%s does not run Monday to Sunday", tc.in)
		}
	}
	w, _ := stride.ParseWeek("2025-W14")
	if from, to := w.Period(7); from.String() != "2025-03-31" || to.String() != "2025-04-06" {
		t.Errorf("Monday–Sunday period %s–%s", from, to)
	}
	if from, to := w.Period(5); from.String() != "2025-03-29" || to.String() != "2025-04-04" {
		t.Errorf("period cut off on Friday %s–%s", from, to)
	}
}

func TestDraftDue(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	s := stride.DefaultBulletinSettings()
	at := func(day, hh, mm int) time.Time { return time.Date(2025, 4, day, hh, mm, 0, 0, sh) }
	for _, tc := range []struct {
		t    time.Time
		week string
	}{
		{at(3, 23, 0), ""},           // Thursday
		{at(4, 15, 59), ""},          // Friday before 16:00
		{at(4, 16, 0), "2025-W14"},   // Friday 16:00
		{at(5, 9, 0), "2025-W14"},    // Saturday: still due if no one claimed it
		{at(6, 23, 59), "2025-W14"},  // Sunday
		{at(7, 0, 0), ""},            // Monday: next week's is not due yet
		{at(11, 16, 30), "2025-W15"}, // the next Friday
		{at(11, 16, 30).UTC(), ""},   // read in UTC it is 08:30: callers pass the zone's time
		{time.Date(2026, 1, 2, 16, 0, 0, 0, sh), "2026-W01"},
	} {
		w, ok := s.DraftDue(tc.t)
		if got := map[bool]string{true: w.String(), false: ""}[ok]; got != tc.week {
			t.Errorf("DraftDue(%s) = %q, want %q", tc.t, got, tc.week)
		}
	}
	s.AutoDraft = false
	if _, ok := s.DraftDue(at(4, 17, 0)); ok {
		t.Error("drafted with the schedule off")
	}
	bad := stride.BulletinSettings{DraftWeekday: 8, DraftTime: "25:00", CutoffWeekday: 0, ListLimit: 1, OrderDays: 0}
	err := bad.Validate()
	var e *stride.Error
	if !asError(err, &e) || len(e.Fields) != 6 {
		t.Errorf("Validate: %v", err)
	}
}

func TestDocumentFigures(t *testing.T) {
	wan := func(s string) stride.Money { m, _ := stride.ParseWan(s); return m }
	for in, want := range map[string]string{"12345.67": "12,345.67", "0.004999": "0.00", "0.005": "0.01", "1234567.899": "1,234,567.90",
		"-3.125": "-3.13", "100": "100.00", "0": "0.00"} {
		if got := stride.WanText(wan(in)); got != want {
			t.Errorf("WanText(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{"2141000": "214.10", "1930000": "193.00", "4999.99": "0.50", "123456789": "12,345.68"} {
		if got := stride.YiText(wan(in)); got != want {
			t.Errorf("YiText(%s) = %s, want %s", in, got, want)
		}
	}
	if got := stride.DateText(stride.MustDate("2025-03-31"), stride.LangZH); got != "2025年3月31日" {
		t.Errorf("DateText = %s", got)
	}
	if got := stride.PaceText(7.3, stride.LangZH); got != "超序时进度7.3个百分点" {
		t.Errorf("PaceText = %s", got)
	}
	if got := stride.PaceText(-8.25, stride.LangZH); got != "欠序时进度8.3个百分点" && got != "欠序时进度8.2个百分点" {
		t.Errorf("PaceText = %s", got)
	}
	if got := stride.PaceText(-8.3, stride.LangEN); got != "behind the time pace by 8.3 points" {
		t.Errorf("PaceText = %s", got)
	}
}

func TestOrderOverdue(t *testing.T) {
	o := &stride.Order{Status: stride.OrderOpen, DueOn: stride.MustDate("2025-04-03")}
	if stride.OrderOverdue(o, stride.MustDate("2025-04-03")) || !stride.OrderOverdue(o, stride.MustDate("2025-04-07")) {
		t.Error("an open order is overdue the day after its due date")
	}
	o.Status, o.Result = stride.OrderClosed, stride.ResultDone
	if stride.OrderOverdue(o, stride.MustDate("2026-01-01")) {
		t.Error("a closed order is not overdue")
	}
	o.Result = stride.ResultOverdue
	if !stride.OrderOverdue(o, stride.MustDate("2025-04-01")) {
		t.Error("an order closed as 逾期 is overdue")
	}
}

func TestChecklistValidate(t *testing.T) {
	in := stride.InspectionTemplateInput{Name: " 现场督查表 ", Sections: []stride.ChecklistSection{{Title: "安全", Items: []stride.ChecklistItem{
		{Text: "围挡", Answer: stride.AnswerProblem, Note: "破损"}}}}}
	if err := in.Validate(); err != nil || in.Name != "现场督查表" || in.Sections[0].Items[0].Answer != stride.AnswerNone {
		t.Fatalf("a template keeps no answers: %v %+v", err, in)
	}
	v := stride.VisitInput{ProjectID: 1, VisitedOn: stride.MustDate("2025-04-01"), Checklist: []stride.ChecklistSection{{Title: "安全",
		Items: []stride.ChecklistItem{{Text: "围挡", Answer: "bad"}}}}}
	var e *stride.Error
	if err := v.Validate(stride.MustDate("2025-03-31")); !asError(err, &e) || e.Fields["visited_on"].Key != "inspection.future_visit" || e.Fields["sections"].Key != "validate.choice" {
		t.Fatalf("visit: %v", err)
	}
	if n := stride.CountProblems([]stride.ChecklistSection{{Items: []stride.ChecklistItem{{Answer: stride.AnswerProblem}, {Answer: stride.AnswerOK}, {Answer: stride.AnswerProblem}}}}); n != 2 {
		t.Errorf("problems %d", n)
	}
	p := stride.InspectionInput{Week: "2025-W14", Title: "督查", PlannedOn: stride.MustDate("2025-04-07"), ProjectIDs: []int64{1}}
	if err := p.Validate(); !asError(err, &e) || e.Fields["planned_on"].Key != "inspection.date_in_week" {
		t.Fatalf("plan date outside its week: %v", err)
	}
}
