package stride_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a time in Shanghai: "2025-03-03 10:00".
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func d(s string) stride.Date { return stride.MustDate(s) }

// A five-day clock accepted on Monday 2025-03-03: due the next Monday, near due from the
// Thursday (two days left), overdue from the Tuesday after; weekends change nothing.
func TestClockLimitsAndEdges(t *testing.T) {
	cal := calendar.Builtin()
	c, err := stride.Clock{Limit: 5}.Begin(cal, at("2025-03-03 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := c.Due(cal); due != d("2025-03-10") {
		t.Fatalf("due %s, want 2025-03-10", due)
	}
	for _, tc := range []struct {
		day   string
		used  int
		state stride.ClockState
	}{
		{"2025-03-03", 0, stride.ClockRunning},
		{"2025-03-05", 2, stride.ClockRunning},
		{"2025-03-06", 3, stride.ClockNear}, // exactly the margin left
		{"2025-03-07", 4, stride.ClockNear},
		{"2025-03-08", 4, stride.ClockNear}, // Saturday: nothing passes
		{"2025-03-09", 4, stride.ClockNear},
		{"2025-03-10", 5, stride.ClockNear}, // the limit hit exactly: due, not overdue
		{"2025-03-11", 6, stride.ClockOverdue},
	} {
		v := c.View(cal, d(tc.day), 2)
		if v.Used != tc.used || v.State != tc.state || v.Remaining != 5-tc.used {
			t.Errorf("%s: used %d %s (remaining %d), want %d %s", tc.day, v.Used, v.State, v.Remaining, tc.used, tc.state)
		}
	}
	// After office hours the clock counts from the next working day.
	late, _ := stride.Clock{Limit: 5}.Begin(cal, at("2025-03-03 17:30"))
	if due, _ := late.Due(cal); late.Start != d("2025-03-04") || due != d("2025-03-11") {
		t.Errorf("after hours: start %s due %s", late.Start, due)
	}
	// Stopped on the due day is on time; a day later is late.
	if v := c.Stop(at("2025-03-10 16:00")).View(cal, d("2025-04-01"), 2); v.State != stride.ClockOnTime || v.Used != 5 {
		t.Errorf("stopped on the due day: %+v", v)
	}
	if v := c.Stop(at("2025-03-11 09:00")).View(cal, d("2025-04-01"), 2); v.State != stride.ClockLate || v.Used != 6 {
		t.Errorf("stopped a day late: %+v", v)
	}
	// The fixture README's example: three working days from 2025-01-24 reach 2025-02-05.
	sf, _ := stride.Clock{Limit: 3}.Begin(cal, at("2025-01-24 10:00"))
	if due, _ := sf.Due(cal); due != d("2025-02-05") {
		t.Errorf("across the Spring Festival: due %s", due)
	}
	if v := sf.View(cal, d("2025-02-05"), 0); v.State != stride.ClockNear {
		t.Errorf("2025-02-05: %s", v.State)
	}
	if v := sf.View(cal, d("2025-02-06"), 0); v.State != stride.ClockOverdue {
		t.Errorf("2025-02-06: %s", v.State)
	}
}

// 补正 stops the clock: the working days between the notice and the materials' return are
// given back, the return day being the new day 0.
func TestClockPauses(t *testing.T) {
	cal := calendar.Builtin()
	c, _ := stride.Clock{Limit: 5}.Begin(cal, at("2025-03-03 10:00"))
	c = c.Pause(at("2025-03-05 15:00"))
	if v := c.View(cal, d("2025-03-20"), 2); v.State != stride.ClockPaused || v.Used != 2 || !v.Due.IsZero() {
		t.Fatalf("paused: %+v", v)
	}
	for _, back := range []string{"2025-03-10 09:00", "2025-03-07 18:00"} { // Friday after hours counts as Monday
		r, err := c.Resume(cal, at(back))
		if err != nil {
			t.Fatal(err)
		}
		due, _ := r.Due(cal)
		if r.PausedDays != 3 || due != d("2025-03-13") {
			t.Errorf("back %s: paused %d, due %s; want 3 and 2025-03-13", back, r.PausedDays, due)
		}
		if v := r.View(cal, d("2025-03-13"), 0); v.Used != 5 || v.State != stride.ClockNear {
			t.Errorf("back %s, on the due day: %+v", back, v)
		}
		if v := r.View(cal, d("2025-03-14"), 0); v.Used != 6 || v.State != stride.ClockOverdue {
			t.Errorf("back %s, a day after: %+v", back, v)
		}
	}
	// Two pauses add up; a pause over a holiday gives back only working days.
	q, _ := stride.Clock{Limit: 10}.Begin(cal, at("2025-04-01 09:00"))
	q = q.Pause(at("2025-04-02 10:00"))
	q, _ = q.Resume(cal, at("2025-04-07 10:00")) // 4-3 Thu, then 4-4…4-6 Qingming and weekend, 4-7 Mon
	q = q.Pause(at("2025-04-08 10:00"))
	q, _ = q.Resume(cal, at("2025-04-09 10:00"))
	if q.PausedDays != 3 {
		t.Errorf("two pauses: %d working days given back, want 2 + 1", q.PausedDays)
	}
	// Refused while waiting for supplements: the days used stay those before the pause.
	r := c.Stop(at("2025-03-20 10:00"))
	if v := r.View(cal, d("2025-04-30"), 2); v.Used != 2 || v.State != stride.ClockOnTime || v.Paused {
		t.Errorf("stopped while paused: %+v", v)
	}
	// A year nobody entered: the view says so instead of failing.
	far, _ := stride.Clock{Limit: 5}.Begin(cal, at("2026-12-28 10:00"))
	if v := far.View(cal, d("2027-01-05"), 2); v.State != stride.ClockUnknown {
		t.Errorf("into 2027: %+v", v)
	}
}

func TestApprovalStateMachine(t *testing.T) {
	allowed := map[[2]stride.ApprovalStatus]stride.Side{
		{"not_started", "preparing"}: "applicant", {"not_started", "received"}: "applicant",
		{"preparing", "received"}: "applicant", {"received", "accepted"}: "authority", {"received", "preparing"}: "authority",
		{"accepted", "supplement"}: "authority", {"accepted", "reviewing"}: "authority", {"accepted", "approved"}: "authority",
		{"accepted", "rejected"}: "authority", {"supplement", "reviewing"}: "authority", {"reviewing", "supplement"}: "authority",
		{"reviewing", "approved"}: "authority", {"reviewing", "rejected"}: "authority", {"rejected", "preparing"}: "applicant",
	}
	for _, from := range stride.ApprovalStatuses {
		for _, to := range stride.ApprovalStatuses {
			for _, side := range []stride.Side{stride.SideApplicant, stride.SideAuthority} {
				err := stride.CheckTransition(from, to, side)
				if want := allowed[[2]stride.ApprovalStatus{from, to}] == side; want != (err == nil) {
					t.Errorf("%s → %s by %s: %v", from, to, side, err)
				}
				if err != nil && !stride.IsCode(err, stride.EConflict) {
					t.Errorf("%s → %s: %v is not a conflict", from, to, err)
				}
			}
		}
	}
	e := stride.CheckTransition(stride.ItemNotStarted, stride.ItemApproved, stride.SideAuthority).(*stride.Error)
	if got := e.Msg.In(stride.LangZH); got != "审批事项当前为“未启动”，不能变为“已办结”" {
		t.Errorf("message %q", got)
	}
	if got := stride.NextStatuses(stride.ItemAccepted, stride.SideAuthority); !slices.Equal(got, []stride.ApprovalStatus{"supplement", "reviewing", "approved", "rejected"}) {
		t.Errorf("next from accepted: %v", got)
	}
}

func TestBlockageStateMachine(t *testing.T) {
	next := map[stride.BlockageStatus][]stride.BlockageAction{
		stride.BlockRaised:     {"assign", "accept", "return"},
		stride.BlockAccepted:   {"progress", "reply", "return"},
		stride.BlockInProgress: {"progress", "reply"},
		stride.BlockPending:    {"confirm", "reopen"},
		stride.BlockResolved:   {},
		stride.BlockReturned:   {"assign", "resubmit"},
	}
	for s, want := range next {
		if got := stride.BlockageNext(s); !slices.Equal(got, want) {
			t.Errorf("%s: next %v, want %v", s, got, want)
		}
		for _, act := range stride.BlockageActions {
			_, err := stride.BlockageMove(s, act)
			if (err == nil) != slices.Contains(want, act) {
				t.Errorf("%s %s: %v", s, act, err)
			}
		}
	}
	if to, _ := stride.BlockageMove(stride.BlockPending, stride.ActReopen); to != stride.BlockInProgress {
		t.Errorf("reopen leads to %s", to)
	}
	for s, want := range map[stride.BlockageStatus]stride.Court{stride.BlockAccepted: "owner", stride.BlockPending: "raiser",
		stride.BlockReturned: "raiser", stride.BlockResolved: ""} {
		if got := stride.BallIn(s, true); got != want {
			t.Errorf("ball in %s: %s", s, got)
		}
	}
	if got := stride.BallIn(stride.BlockRaised, false); got != stride.CourtHQ {
		t.Errorf("unassigned: ball with %s", got)
	}
}

// The levels are reached exactly at their thresholds.
func TestEscalationThresholds(t *testing.T) {
	s := stride.DefaultApprovalSettings() // 1, 3, 5 working days overdue
	for overdue, want := range []stride.EscalationLevel{0, 1, 1, 2, 2, 3, 3} {
		if got := s.EscalationFor(overdue); got != want {
			t.Errorf("%d days overdue: level %d, want %d", overdue, got, want)
		}
	}
	if got := stride.Overdue(stride.ClockView{Limit: 3, Used: 5}, stride.ClockView{Limit: 10, Used: 5}); got != 2 {
		t.Errorf("response 2 days over: %d", got)
	}
	if got := stride.Overdue(stride.ClockView{Limit: 3, Used: 1}, stride.ClockView{Limit: 10, Used: 14}); got != 4 {
		t.Errorf("resolution 4 days over: %d", got)
	}
	bad := s
	bad.EscalateLeaderDays = 1
	if err := bad.Validate(); err == nil || !strings.Contains(err.(*stride.Error).Fields["escalate_leader_days"].Key, "escalation_order") {
		t.Errorf("thresholds out of order: %v", err)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestBlockageInputValidate(t *testing.T) {
	ok := stride.BlockageInput{ProjectID: 1, Title: strings.Repeat("堵", 150), Category: stride.BlockLand}
	if err := ok.Validate(); err != nil {
		t.Fatalf("150 characters: %v", err)
	}
	long := stride.BlockageInput{ProjectID: 1, Title: strings.Repeat("堵", 151), Category: stride.BlockLand}
	err := long.Validate()
	if e, _ := err.(*stride.Error); e == nil || e.Fields["title"].Key != "validate.max_len" || e.Fields.In(stride.LangZH)["title"] != "不能超过150个字符" {
		t.Fatalf("151 characters: %v", err)
	}
	bad := stride.BlockageInput{ProjectID: 1, Title: "x", Category: "weather"}
	if err := bad.Validate(); err == nil {
		t.Fatal("unknown category accepted")
	}
	reply := stride.BlockageActionInput{}
	if err := reply.Validate(stride.ActReply); err == nil {
		t.Fatal("an answer without words accepted")
	}
}

func TestCheckEventTime(t *testing.T) {
	now := at("2025-03-31 10:00")
	if err := stride.CheckEventTime("at", at("2025-03-28 09:00"), at("2025-03-28 10:00"), now); err == nil ||
		err.(*stride.Error).Fields.In(stride.LangZH)["at"] != "时间不能早于上一步（2025-03-28 10:00）" {
		t.Errorf("before the previous step: %v", err)
	}
	if err := stride.CheckEventTime("at", at("2025-03-31 10:01"), time.Time{}, now); err == nil {
		t.Error("a future time accepted")
	}
	if err := stride.CheckEventTime("at", at("2025-03-28 10:00"), at("2025-03-28 10:00"), now); err != nil {
		t.Errorf("the same time as the previous step: %v", err)
	}
}

// The four first-times on a fixed set of files, by unit and month, with the office-hours
// rule and the Qingming holiday in play.
func TestFirstTimesCompliance(t *testing.T) {
	cal := calendar.Builtin()
	p := func(s string) *time.Time { v := at(s); return &v }
	files := []*stride.LandFile{
		{ID: 1, UnitID: 1, UnitName: "自然资源", ReceivedAt: at("2025-03-03 10:00"), AcceptedAt: p("2025-03-04 09:00"),
			ReviewedAt: p("2025-03-05 16:00"), NeedsSupplement: true, NotifiedAt: p("2025-03-07 10:00"),
			SupplementedAt: p("2025-03-10 10:00"), ReportedAt: p("2025-03-11 15:00")},
		// After hours on Friday: counted from Monday.
		{ID: 2, UnitID: 1, UnitName: "自然资源", ReceivedAt: at("2025-03-28 18:30"), AcceptedAt: p("2025-04-01 11:00"),
			ReviewedAt: p("2025-04-03 10:00")},
		{ID: 3, UnitID: 2, UnitName: "规划建设局", ReceivedAt: at("2025-03-17 09:00")},
	}
	check := func(today string) stride.Compliance {
		for _, f := range files {
			f.Checks = f.FirstTimeChecks(cal, d(today), 1, shanghai)
		}
		return stride.FirstTimesCompliance(files, d("2025-03-01"), d("2025-04-30"))
	}
	states := func(f *stride.LandFile) string {
		var s []string
		for _, c := range f.Checks {
			s = append(s, string(c.Step)+":"+c.State+"@"+c.Due.String())
		}
		return strings.Join(s, " ")
	}
	c := check("2025-04-07")
	for i, want := range []string{
		"accepted:on_time@2025-03-04 reviewed:on_time@2025-03-05 notified:late@2025-03-06 reported:on_time@2025-03-11",
		// Reviewed Thursday 4-3; Friday to Sunday are Qingming and the weekend: due Monday 4-7.
		"accepted:on_time@2025-04-01 reviewed:late@2025-04-02 reported:pending@2025-04-07",
		"accepted:overdue@2025-03-18",
	} {
		if got := states(files[i]); got != want {
			t.Errorf("file %d: %s\nwant %s", i+1, got, want)
		}
	}
	row := func(rows []stride.ComplianceRow, unit int64, month string) stride.ComplianceRow {
		for _, r := range rows {
			if r.UnitID == unit && r.Month == month {
				return r
			}
		}
		t.Fatalf("no row %d %s", unit, month)
		return stride.ComplianceRow{}
	}
	for _, tc := range []struct {
		unit             int64
		month            string
		measured, onTime int
		rate             float64
	}{{1, "2025-03", 4, 3, 75}, {1, "2025-04", 2, 1, 50}, {2, "2025-03", 1, 0, 0}} {
		r := row(c.Rows, tc.unit, tc.month)
		if r.Measured != tc.measured || r.OnTime != tc.onTime || r.Rate != tc.rate {
			t.Errorf("unit %d %s: %d/%d %.1f%%, want %d/%d %.1f%%", tc.unit, tc.month, r.OnTime, r.Measured, r.Rate, tc.onTime, tc.measured, tc.rate)
		}
	}
	if c.Total.Measured != 7 || c.Total.OnTime != 4 || c.Total.Rate != 57.1 {
		t.Errorf("total %+v", c.Total)
	}
	var steps []string
	for _, s := range c.Total.Steps {
		steps = append(steps, string(s.Step)+":"+strconv.Itoa(s.OnTime)+"/"+strconv.Itoa(s.Measured))
	}
	if got := strings.Join(steps, " "); got != "accepted:2/3 reviewed:1/2 notified:0/1 reported:1/1" {
		t.Errorf("by step: %s", got)
	}
	if u := row(c.ByUnit, 1, ""); u.Measured != 6 || u.OnTime != 4 {
		t.Errorf("unit 1: %+v", u)
	}
	// A day later the pending report is overdue and counts.
	if c := check("2025-04-08"); row(c.Rows, 1, "2025-04").Measured != 3 {
		t.Errorf("4-8: %+v", c.Rows)
	}
	// Steps out of order are refused with the step the file waits for.
	if err := files[1].CheckStep(stride.LandNotified); err == nil || !strings.Contains(err.(*stride.Error).Msg.In(stride.LangZH), "上报") {
		t.Errorf("notify without gaps: %v", err)
	}
	if err := files[0].CheckStep(stride.LandReported); !stride.IsCode(err, stride.EConflict) {
		t.Errorf("report twice: %v", err)
	}
}

// The back-schedule of a chain with a shorter branch beside it: latest dates counted
// back from the start target, the chain of least slack critical, short items flagged.
func TestScheduleApprovals(t *testing.T) {
	cal := calendar.Builtin()
	item := func(id int64, stage stride.ApprovalStage, days int, deps ...int64) *stride.ApprovalItem {
		return &stride.ApprovalItem{ID: id, Code: "i" + string(rune('a'+id)), Name: string(rune('A' + id - 1)), Stage: stage, Seq: int(id),
			StatutoryDays: days, Status: stride.ItemNotStarted, DependsOn: deps}
	}
	items := []*stride.ApprovalItem{
		item(1, stride.ApprovalLandPlanning, 20),
		item(2, stride.ApprovalEngineering, 10, 1),
		item(3, stride.ApprovalConstruction, 5, 2, 4),
		item(4, stride.ApprovalLandPlanning, 5),
		item(5, stride.ApprovalAcceptance, 12, 3),
	}
	s, err := stride.ScheduleApprovals(items, d("2025-06-30"), stride.Date{}, d("2025-03-31"), shanghai, cal)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int64]stride.ScheduleRow{}
	for _, r := range s.Rows {
		rows[r.ItemID] = r
	}
	if r := rows[3]; r.LatestDone != d("2025-06-30") || r.LatestFile != d("2025-06-23") {
		t.Errorf("C: %+v", r)
	}
	if r := rows[2]; r.LatestDone != d("2025-06-23") || r.LatestFile != d("2025-06-09") {
		t.Errorf("B: %+v", r)
	}
	// A: 20 working days back from 6-9 skip the Dragon Boat holiday (5-31 to 6-2).
	if r := rows[1]; r.LatestFile != d("2025-05-09") {
		t.Errorf("A files by %s, want 2025-05-09", r.LatestFile)
	}
	if !slices.Equal(s.CriticalPath, []int64{1, 2, 3}) || rows[4].Critical {
		t.Errorf("critical path %v", s.CriticalPath)
	}
	if r := rows[5]; !r.LatestFile.IsZero() || r.Slack != nil {
		t.Errorf("acceptance without an end target: %+v", r)
	}
	if s.Warnings != 0 || s.EarliestStart.After(d("2025-06-30")) {
		t.Errorf("warnings %d, earliest start %s", s.Warnings, s.EarliestStart)
	}
	// Six weeks are too few: the first items are short of their statutory time.
	s, err = stride.ScheduleApprovals(items, d("2025-05-15"), stride.Date{}, d("2025-03-31"), shanghai, cal)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Rows {
		if r.ItemID == 1 && (!r.Short || *r.Slack >= 0) {
			t.Errorf("A with a tight target: %+v", r)
		}
	}
	if s.Warnings == 0 {
		t.Error("no warnings for a tight target")
	}
	if !stride.HasCycle(map[int64][]int64{1: {2}, 2: {3}, 3: {1}}) || stride.HasCycle(map[int64][]int64{1: {2}, 2: {3}, 3: {}}) {
		t.Error("HasCycle")
	}
}

// The approval dimension: red when an item is overdue, yellow when near due.
func TestApprovalLight(t *testing.T) {
	s := stride.DefaultLightSettings()
	for _, tc := range []struct {
		facts  []stride.ApprovalFact
		color  stride.Color
		reason string
	}{
		{nil, stride.ColorNone, ""},
		{[]stride.ApprovalFact{{Name: "施工许可证", State: stride.ClockRunning, Remaining: 5}}, stride.ColorGreen, ""},
		{[]stride.ApprovalFact{{Name: "施工许可证", State: stride.ClockPaused, Remaining: 1}}, stride.ColorGreen, ""},
		{[]stride.ApprovalFact{{Name: "施工许可证", State: stride.ClockNear, Remaining: 1}}, stride.ColorYellow, "施工许可证剩余1个工作日到期"},
		{[]stride.ApprovalFact{{Name: "施工许可证", State: stride.ClockNear, Remaining: 0}, {Name: "联合验收", State: stride.ClockOverdue, Remaining: -3}},
			stride.ColorRed, "联合验收超过承诺时限3个工作日"},
	} {
		l := stride.EvaluateLights(stride.ProjectFacts{Year: 2025, Approvals: tc.facts}, d("2025-03-31"), s)[5]
		var rs []string
		for _, m := range l.Reasons {
			rs = append(rs, m.In(stride.LangZH))
		}
		if l.Dimension != stride.DimApproval || l.Color != tc.color || !strings.Contains(strings.Join(rs, "；"), tc.reason) {
			t.Errorf("%v: %s %v", tc.facts, l.Color, rs)
		}
	}
}
