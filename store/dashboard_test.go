package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
)

// The dashboard, read from the roll-ups kept on write, equals an independent
// recomputation from the generated portfolio itself.
func TestDashboardOracle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		var owners, leads []*stride.Unit
		for i := range 5 {
			leads = append(leads, mustUnit(t, db, root, fmt.Sprintf("部门%d", i), stride.UnitDepartment))
		}
		for i := range 12 {
			owners = append(owners, mustUnit(t, db, root, fmt.Sprintf("企业%d", i), stride.UnitEnterprise))
		}
		ids := func(us []*stride.Unit) (out []int64) {
			for _, u := range us {
				out = append(out, u.ID)
			}
			return out
		}
		today := stride.DateOf(c.Now())
		portfolio := demo.Generate(demo.Options{Projects: 150, Years: 2, Seed: 7, Today: today,
			OwnerUnits: ids(owners), LeadUnits: ids(leads)})
		if _, err := db.Seed(ctx, sys, portfolio); err != nil {
			t.Fatal(err)
		}
		year := today.Year
		period := stride.DefaultLightSettings().DuePeriod(year, today)

		// The oracle, from the Go values that were loaded.
		var want stride.Dashboard
		want.Trend = make([]stride.TrendRow, 12)
		monthly := make([]stride.Money, 12)
		stages := map[string]int{}
		type unitSum struct {
			plan, done, planned stride.Money
			n                   int
		}
		units := map[int64]*unitSum{}
		for _, sp := range portfolio {
			var plan *store.SeedPlan
			for i := range sp.Plans {
				if sp.Plans[i].Year == year {
					plan = &sp.Plans[i]
				}
			}
			if plan == nil || sp.Input.Stage == stride.StageTerminated {
				continue
			}
			want.Projects++
			want.Total += sp.Input.TotalInvestment
			want.Plan += plan.Investment
			stages[string(sp.Input.Stage)]++
			u := units[sp.Input.LeadUnitID]
			if u == nil {
				u = &unitSum{}
				units[sp.Input.LeadUnitID] = u
			}
			u.n++
			u.plan += plan.Investment
			if period > 0 {
				u.planned += stride.PlannedThrough(plan.Investment, plan.Curve, period)
			}
			for m := 1; m <= 12; m++ {
				want.Trend[m-1].Planned += stride.PlannedThrough(plan.Investment, plan.Curve, m)
			}
			for _, r := range sp.Reports {
				if r.Year == year && r.Status == stride.ReportApproved {
					monthly[r.Month-1] += r.Investment
					if r.Month <= period {
						u.done += r.Investment
					}
				}
			}
		}
		var cum stride.Money
		for m := range monthly {
			want.Trend[m].Month = m + 1
			cum += monthly[m]
			want.Trend[m].Completed = cum
			if m < period {
				want.Completed = cum
			}
		}
		want.Rate = stride.Percent(want.Completed, want.Plan)

		got, err := db.Dashboard(ctx, sys, year)
		if err != nil {
			t.Fatal(err)
		}
		if got.Projects != want.Projects || got.Total != want.Total || got.Plan != want.Plan || got.Completed != want.Completed || got.Rate != want.Rate {
			t.Fatalf("headline: got %d %s %s %s %.1f, want %d %s %s %s %.1f", got.Projects, got.Total.Wan(), got.Plan.Wan(), got.Completed.Wan(), got.Rate,
				want.Projects, want.Total.Wan(), want.Plan.Wan(), want.Completed.Wan(), want.Rate)
		}
		for m := range 12 {
			if got.Trend[m] != want.Trend[m] {
				t.Errorf("month %d: got %+v, want %+v", m+1, got.Trend[m], want.Trend[m])
			}
		}
		for _, c := range got.ByStage {
			if stages[c.Key] != c.Count {
				t.Errorf("stage %s: got %d, want %d", c.Key, c.Count, stages[c.Key])
			}
			delete(stages, c.Key)
		}
		if len(stages) != 0 {
			t.Errorf("stages missing from the dashboard: %v", stages)
		}
		if len(got.Units) != len(units) {
			t.Fatalf("%d units ranked, want %d", len(got.Units), len(units))
		}
		for _, u := range got.Units {
			w := units[u.UnitID]
			rate, pace := stride.Percent(w.done, w.plan), stride.Percent(w.planned, w.plan)
			if u.Projects != w.n || u.Plan != w.plan || u.Completed != w.done || u.Rate != rate || u.Pace != pace || u.Gap != stride.PointsGap(rate, pace) {
				t.Errorf("unit %s: got %+v, want n=%d plan=%s done=%s rate=%.1f pace=%.1f", u.UnitName, u, w.n, w.plan.Wan(), w.done.Wan(), rate, pace)
			}
		}
		if !sort.SliceIsSorted(got.Units, func(i, j int) bool { return got.Units[i].Gap < got.Units[j].Gap }) {
			t.Error("units are not ranked lowest first")
		}
		// Roll-ups rebuilt from the raw rows equal those kept on write.
		before, _ := db.Dashboard(ctx, sys, year)
		if err := db.RebuildRollups(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Dashboard(ctx, sys, year)
		if before.Completed != after.Completed || before.Plan != after.Plan || fmt.Sprint(before.Trend) != fmt.Sprint(after.Trend) {
			t.Error("rebuilt roll-ups differ")
		}
	})
}

// A cached dashboard is served until a ledger write, and never after one.
func TestDashboardCacheFollowsWrites(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		today := stride.DateOf(c.Now())
		if _, err := db.Seed(ctx, sys, demo.Generate(demo.Options{Projects: 30, Years: 1, Seed: 3, Today: today,
			OwnerUnits: []int64{root.ID}, LeadUnits: []int64{root.ID}})); err != nil {
			t.Fatal(err)
		}
		first, err := db.Dashboard(ctx, sys, today.Year)
		if err != nil {
			t.Fatal(err)
		}
		first.Red = nil // a caller changing its copy does not change the cache
		again, _ := db.Dashboard(ctx, sys, today.Year)
		if again.Projects != first.Projects || again.Red == nil {
			t.Fatalf("cached copy: %+v", again)
		}
		p := mustProject(t, db, sys, "新增项目", root, root)
		if _, err := db.SavePlan(ctx, sys, p.ID, today.Year, stride.PlanInput{Investment: 5_000_000_000}); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Dashboard(ctx, sys, today.Year)
		if after.Projects != first.Projects+1 || after.Plan != first.Plan+5_000_000_000 {
			t.Fatalf("after a write: %d projects, plan %s; before %d, %s", after.Projects, after.Plan.Wan(), first.Projects, first.Plan.Wan())
		}
		if err := db.DeleteProject(ctx, sys, p.ID); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.Dashboard(ctx, sys, today.Year); d.Projects != first.Projects {
			t.Fatalf("after a delete: %d", d.Projects)
		}
	})
}
