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

// The demo zone says what the source article says, counted from the raw rows.
func TestDemoZoneMatchesTheArticle(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			c := storetest.NewClock(time.Date(2025, 11, 20, 2, 0, 0, 0, time.UTC))
			db := storetest.Open(t, e.DSN(t), c.Now)
			today := stride.DateOf(c.Now())
			ctx := context.Background()
			if err := demo.Seed(ctx, db, today); err != nil {
				t.Fatal(err)
			}
			q := func(sql string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := db.SQL().QueryRowContext(ctx, sql, args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
				return n
			}
			year := today.Year
			if n := q(`SELECT COUNT(*) FROM annual_plans WHERE year = $1`, year); n != 293 {
				t.Errorf("projects with a plan this year: %d, want 293", n)
			}
			if sum := q(`SELECT CAST(COALESCE(SUM(investment), 0) AS BIGINT) FROM annual_plans WHERE year = $1`, year); sum != 2_141_000*1_000_000 {
				t.Errorf("this year's plans add up to %s万元, want 2141000.00", stride.Money(sum).Wan())
			}
			y0, y1 := stride.NewDate(year-1, 1, 1), stride.NewDate(year-1, 12, 31)
			if n := q(`SELECT COUNT(*) FROM projects WHERE start_actual >= $1 AND start_actual <= $2`, y0, y1); n != 43 {
				t.Errorf("started last year: %d, want 43", n)
			}
			if n := q(`SELECT COUNT(*) FROM projects WHERE end_actual >= $1 AND end_actual <= $2`, y0, y1); n != 34 {
				t.Errorf("completed last year: %d, want 34", n)
			}
			key := `FROM projects p JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = $1
				WHERE (',' || p.key_levels || ',') LIKE '%,province,%' OR (',' || p.key_levels || ',') LIKE '%,city,%'`
			if n := q(`SELECT COUNT(*) `+key, year-1); n != 136 {
				t.Errorf("provincial or municipal key projects last year: %d, want 136", n)
			}
			done := q(`SELECT CAST(COALESCE(SUM(r.investment), 0) AS BIGINT) FROM monthly_reports r WHERE r.status = 'approved' AND r.year = $1
				AND r.project_id IN (SELECT p.id `+key+`)`, year-1)
			if got := float64(done) / 1e6 / 1e4; got < 192.9 || got > 193.1 {
				t.Errorf("key projects completed %.2f亿元 last year, want about 193", got)
			}
			// The four named projects, in the states the article gives.
			a := stride.SystemActor("test")
			for _, tc := range []struct {
				name string
				kind stride.MilestoneKind
				done bool
			}{
				{"高新区综合医院", stride.NodeTopping, true},
				{"保利通信产业园", stride.NodePartialUse, true},
				{"福州国际人才港(一期)", stride.NodeCompletion, true},
				{"良存华侨学校新校区", stride.NodeTopping, true}, // planned for May, so done by November
			} {
				list, err := db.ListProjects(ctx, a, stride.ProjectFilter{Query: tc.name, Year: year, Page: stride.Page{Number: 1, Size: 5}})
				if err != nil || list.Total != 1 {
					t.Fatalf("%s: %v %d", tc.name, err, list.Total)
				}
				ms, err := db.ListMilestones(ctx, a, list.Items[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, m := range ms {
					if m.Kind == tc.kind {
						found = true
						if (!m.ActualDate.IsZero()) != tc.done {
							t.Errorf("%s %s: actual %v", tc.name, m.Name, m.ActualDate)
						}
						if tc.name == "良存华侨学校新校区" && m.PlannedDate.Month != time.May {
							t.Errorf("school topping out planned %v, want May", m.PlannedDate)
						}
					}
				}
				if !found {
					t.Errorf("%s has no %s node", tc.name, tc.kind)
				}
			}
			// A realistic mix of lights, and a running campaign.
			for _, color := range []string{"green", "yellow", "red"} {
				n := q(`SELECT COUNT(*) FROM projects p JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = $1 WHERE p.light = $2`, year, color)
				if n < 10 {
					t.Errorf("only %d %s projects", n, color)
				}
			}
			list, err := db.ListCampaigns(ctx, a)
			if err != nil || list.Total != 1 || list.Items[0].Tally.Status != "running" {
				t.Fatalf("campaign: %v %+v", err, list)
			}
			// Deterministic: a second zone on the same day is the same zone.
			db2 := storetest.Open(t, e.DSN(t), c.Now)
			if err := demo.Seed(ctx, db2, today); err != nil {
				t.Fatal(err)
			}
			sum := func(db *store.DB) int64 {
				var n int64
				db.SQL().QueryRowContext(ctx, `SELECT CAST(COALESCE(SUM(investment * month), 0) AS BIGINT) FROM monthly_reports`).Scan(&n)
				return n
			}
			if sum(db) != sum(db2) {
				t.Error("two seeds on the same day differ")
			}
		})
	}
}
