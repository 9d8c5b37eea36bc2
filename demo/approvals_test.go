package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store/storetest"
)

// The demo zone's approvals, cases, land files and blockages show every state a user
// should see: clocks near due, overdue and stopped; blockages at each turn and level. So
// does a zone started in late November, when some clocks already run into a year whose
// holiday notice is not entered yet, and one started on a Sunday.
func TestDemoApprovals(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	for _, e := range storetest.Engines() {
		for _, now := range []time.Time{time.Date(2025, 3, 31, 10, 0, 0, 0, shanghai), time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai), time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai)} {
			t.Run(e.Name+"/"+now.Format("2006-01-02"), func(t *testing.T) { demoApprovals(t, e, now) })
		}
	}
}

func demoApprovals(t *testing.T, e storetest.Engine, now time.Time) {
	shanghai := now.Location()
	c := storetest.NewClock(now)
	db := storetest.Open(t, e.DSN(t), c.Now)
	db.SetZone(shanghai)
	ctx := context.Background()
	if err := demo.Seed(ctx, db, stride.DateOf(c.Now().In(shanghai))); err != nil {
		t.Fatal(err)
	}
	a := stride.SystemActor("test")
	page := stride.Page{Number: 1, Size: 100}
	for clock, want := range map[stride.ClockState]int{stride.ClockOverdue: 1, stride.ClockNear: 2, stride.ClockPaused: 1} {
		l, err := db.ListApprovalItems(ctx, a, stride.ApprovalFilter{Clock: clock, Page: page})
		if err != nil || l.Total != want {
			t.Errorf("%s items: %d %v, want %d", clock, l.Total, err, want)
		}
	}
	bl, err := db.ListBlockages(ctx, a, stride.BlockageFilter{Page: page})
	if err != nil {
		t.Fatal(err)
	}
	levels, statuses := map[stride.EscalationLevel]int{}, map[stride.BlockageStatus]int{}
	for _, b := range bl.Items {
		levels[b.Level]++
		statuses[b.Status]++
	}
	if levels[stride.LevelHQ] != 1 || levels[stride.LevelTop] != 1 || statuses[stride.BlockResolved] != 2 ||
		statuses[stride.BlockReturned] != 1 || statuses[stride.BlockPending] != 1 || statuses[stride.BlockRaised] != 3 {
		t.Errorf("blockages: levels %v, statuses %v", levels, statuses)
	}
	cases, err := db.ListCases(ctx, a, stride.CaseFilter{Page: page})
	if err != nil || cases.Total != 4 {
		t.Fatalf("cases: %d %v", cases.Total, err)
	}
	today := stride.DateOf(now)
	cmp, err := db.LandCompliance(ctx, a, today.AddMonths(-4), today, 0)
	if err != nil || cmp.Total.Measured == 0 || cmp.Total.Rate >= 100 || cmp.Total.Rate < 50 {
		t.Errorf("first-times: %+v %v", cmp.Total, err)
	}
	var red int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM project_lights WHERE dimension = 'approval' AND color = 'red'`).Scan(&red)
	if red != 1 {
		t.Errorf("%d projects red on approvals", red)
	}
}
