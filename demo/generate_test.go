package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

// With EveryMonth every project reports every month that has come due in every generated
// year, with no investment before it starts; a year before its start has no plan.
func TestGenerateEveryMonth(t *testing.T) {
	today := stride.NewDate(2026, 11, 29)
	period := stride.DefaultLightSettings().DuePeriod(today.Year, today)
	o := demo.Options{Projects: 500, Years: 3, Seed: 4, Today: today, OwnerUnits: []int64{1}, LeadUnits: []int64{2}, EveryMonth: true}
	missing := 0
	for _, p := range demo.Generate(o) {
		startActual := actualStart(p.Milestones)
		planned := map[int]bool{}
		for _, pl := range p.Plans {
			planned[pl.Year] = true
		}
		seen := map[[2]int]bool{}
		for _, r := range p.Reports {
			seen[[2]int{r.Year, r.Month}] = true
			started := !startActual.IsZero() && (r.Year > startActual.Year || r.Year == startActual.Year && r.Month >= int(startActual.Month))
			if !started && r.Investment != 0 {
				t.Fatalf("%s reports %s万元 in %d-%02d before it started", p.Input.Name, r.Investment.Wan(), r.Year, r.Month)
			}
			if started && !planned[r.Year] {
				t.Fatalf("%s reports investment in %d without a plan", p.Input.Name, r.Year)
			}
		}
		for y := today.Year - 2; y <= today.Year; y++ {
			last := 12
			if y == today.Year {
				last = period
			}
			for m := 1; m <= last; m++ {
				if !seen[[2]int{y, m}] {
					if y < today.Year || m < last-1 {
						t.Fatalf("%s has no report for %d-%02d", p.Input.Name, y, m)
					}
					missing++
				}
			}
		}
	}
	if missing == 0 || missing > 500/5 {
		t.Errorf("%d of 500 projects miss a recent report; want a few", missing)
	}
}

// actualStart is the actual date of a project's start node.
func actualStart(ms []store.SeedMilestone) stride.Date {
	for _, m := range ms {
		if m.Kind == stride.NodeStart {
			return m.Actual
		}
	}
	return stride.Date{}
}

// A generated portfolio has the other modules' records too, written through the store so
// that they are what use would have made: approval paths under way with running clocks,
// blockages at every step of their course, and site photo records on the reports, which
// the report list shows.
func TestPortfolioHasApprovalsBlockagesAndPhotos(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			c := storetest.NewClock(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC))
			db := storetest.Open(t, e.DSN(t), c.Now)
			ctx := context.Background()
			if err := demo.Portfolio(ctx, db, demo.PortfolioOptions{Projects: 1500, Years: 2, Seed: 3, Today: stride.DateOf(c.Now())}); err != nil {
				t.Fatal(err)
			}
			q := func(sql string) int64 {
				t.Helper()
				var n int64
				if err := db.SQL().QueryRowContext(ctx, sql).Scan(&n); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
				return n
			}
			if n := q(`SELECT COUNT(DISTINCT project_id) FROM approval_items`); n < 10 {
				t.Errorf("projects with an approval path: %d", n)
			}
			if n := q(`SELECT COUNT(*) FROM approval_items WHERE status = 'approved' AND permit_no <> ''`); n == 0 {
				t.Error("no approved item with its permit")
			}
			if n := q(`SELECT COUNT(*) FROM approval_items WHERE clock_start IS NOT NULL AND clock_stopped IS NULL AND paused_since IS NULL AND due_date IS NULL`); n != 0 {
				t.Errorf("%d running clocks without a due date", n)
			}
			if n := q(`SELECT COUNT(*) FROM blockages`); n != 15 {
				t.Errorf("blockages: %d, want one per hundred projects", n)
			}
			if n := q(`SELECT COUNT(DISTINCT status) FROM blockages`); n < 4 {
				t.Errorf("blockages in %d statuses", n)
			}
			if n := q(`SELECT COUNT(*) FROM blockages b WHERE NOT EXISTS (SELECT 1 FROM blockage_events e WHERE e.blockage_id = b.id)`); n != 0 {
				t.Errorf("%d blockages without their history", n)
			}
			photos, reports := q(`SELECT COUNT(*) FROM report_photos`), q(`SELECT COUNT(*) FROM monthly_reports`)
			if photos < reports/10 || photos > reports/2 {
				t.Errorf("%d photo records on %d reports", photos, reports)
			}
			if n := q(`SELECT COUNT(*) FROM report_photos ph JOIN monthly_reports r ON r.id = ph.report_id WHERE r.project_id <> ph.project_id`); n != 0 {
				t.Errorf("%d photos on another project's report", n)
			}
			list, err := db.ListReports(ctx, stride.SystemActor("t"), stride.ReportFilter{Page: stride.Page{Number: 1, Size: stride.MaxPageSize}})
			if err != nil {
				t.Fatal(err)
			}
			withPhotos := 0
			for _, r := range list.Items {
				if len(r.Photos) > 0 {
					withPhotos++
				}
			}
			if withPhotos == 0 {
				t.Error("the report list shows no photos")
			}
		})
	}
}
