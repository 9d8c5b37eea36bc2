package bench

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// ledgerProject returns a project in this year's ledger: the lowest id with a plan for
// the year that is not terminated.
func ledgerProject(b *testing.B, db *store.DB, year int) int64 {
	var id int64
	if err := db.SQL().QueryRow(`SELECT MIN(p.id) FROM projects p JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = $1
		WHERE p.stage <> 'terminated'`, year).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

// changePlan is a ledger write through the store: the project's plan for year moved up or
// down by one yuan, as an editor saving it would (with a change reason once baselined).
func changePlan(b *testing.B, db *store.DB, a *stride.Actor, id int64, year, i int) {
	ctx := context.Background()
	cur, err := db.GetPlan(ctx, a, id, year)
	if err != nil {
		b.Fatal(err)
	}
	in := stride.PlanInput{Investment: cur.Investment + stride.Money(1-2*(i%2))*100, Goals: cur.Goals, Curve: cur.Curve, Version: cur.Version}
	if cur.Status == stride.PlanApproved {
		in.Change = &stride.ChangeReason{Code: "other", Note: "基准测试"}
	}
	if len(in.Curve) == 12 {
		in.Curve = slices.Clone(in.Curve)
		in.Curve[11] = in.Investment
	}
	if _, err := db.SavePlan(ctx, a, id, year, in); err != nil {
		b.Fatal(err)
	}
}

// percentile reports the p-th percentile of the durations in milliseconds.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
}

// The dashboard right after a ledger write: each round saves a plan through the store
// (outside the timer), so the cached dashboard is stale, then reads the dashboard as HQ,
// who sees the whole zone. p95-ms is the 95th percentile of the reads.
func BenchmarkDashboardAfterLedgerWrite(b *testing.B) { dashboardAfterWrite(b, "hq") }

// The same for a department's reader, whose dashboard is summed project by project over
// its scope.
func BenchmarkDashboardScopedAfterLedgerWrite(b *testing.B) { dashboardAfterWrite(b, "dept") }

func dashboardAfterWrite(b *testing.B, username string) {
	db := portfolio(b)
	hq := actor(b, db, "hq")
	a := actor(b, db, username)
	year := time.Now().In(zone).Year()
	id := ledgerProject(b, db, year)
	var reads []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		changePlan(b, db, hq, id, year, i)
		b.StartTimer()
		start := time.Now()
		if _, err := db.Dashboard(context.Background(), a, year); err != nil {
			b.Fatal(err)
		}
		reads = append(reads, time.Since(start))
	}
	b.ReportMetric(percentile(reads, 0.95), "p95-ms")
}

// The write itself: saving a plan, with the lights and every roll-up it keeps.
func BenchmarkLedgerWrite(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	year := time.Now().In(zone).Year()
	id := ledgerProject(b, db, year)
	var writes []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		changePlan(b, db, a, id, year, i)
		writes = append(writes, time.Since(start))
	}
	b.ReportMetric(percentile(writes, 0.95), "p95-ms")
}

// The floor of the zone dashboard: its reads of the roll-ups by hand through
// database/sql: the year's groups and lead-unit months, the unit names, the 50 reddest
// projects and their reasons.
func BenchmarkFloorDashboardRollupsSQL(b *testing.B) {
	db := portfolio(b)
	year := time.Now().In(zone).Year()
	months := make([]string, 0, 24)
	for _, k := range []string{"planned", "completed"} {
		for m := 1; m <= 12; m++ {
			months = append(months, fmt.Sprintf("%s_%02d", k, m))
		}
	}
	drain := func(q string, args ...any) []int64 {
		rows, err := db.SQL().Query(q, args...)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var ids []int64
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			if id, ok := vals[0].(int64); ok {
				ids = append(ids, id)
			}
		}
		return ids
	}
	b.ReportAllocs()
	for b.Loop() {
		units := drain(`SELECT lead_unit_id, stage, category, light, projects, total_investment, plan, started, completions, new_projects,
			level_province, level_city, level_district FROM dashboard_groups WHERE year = $1`, year)
		drain(`SELECT lead_unit_id, `+strings.Join(months, ", ")+` FROM dashboard_unit_months WHERE year = $1`, year)
		drain(`SELECT id, name FROM units WHERE id IN (` + list(slices.Compact(slices.Sorted(slices.Values(units)))) + `)`)
		ids := drain(`SELECT dm.project_id, p.name, lu.name FROM dashboard_members dm JOIN projects p ON p.id = dm.project_id
			JOIN units lu ON lu.id = dm.lead_unit_id WHERE dm.year = $1 AND dm.red_dims > 0 ORDER BY dm.red_dims DESC, dm.project_id LIMIT 50`, year)
		if len(ids) > 0 {
			drain(`SELECT project_id, reasons FROM project_lights WHERE color = 'red' AND project_id IN (` + list(ids) + `) ORDER BY project_id, dimension`)
		}
	}
}

// list writes ids as an SQL list of literals.
func list(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}
