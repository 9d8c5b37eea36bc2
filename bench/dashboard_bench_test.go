package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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

// changeProject is a ledger write through the store: the project's total investment moved
// up or down by one yuan, as an editor saving the project would. (A plan change would do
// as well, but a baselined plan keeps a history of its changes that every save reads.)
func changeProject(b *testing.B, db *store.DB, a *stride.Actor, id int64, i int) {
	ctx := context.Background()
	p, err := db.GetProject(ctx, a, id)
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := json.Marshal(p)
	var in stride.ProjectInput
	if err := json.Unmarshal(raw, &in); err != nil {
		b.Fatal(err)
	}
	in.TotalInvestment += stride.Money(1-2*(i%2)) * 100
	if _, err := db.UpdateProject(ctx, a, id, in); err != nil {
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

// The dashboard right after a ledger write: each round saves a project through the store
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
		changeProject(b, db, hq, id, i)
		b.StartTimer()
		start := time.Now()
		if _, err := db.Dashboard(context.Background(), a, year); err != nil {
			b.Fatal(err)
		}
		reads = append(reads, time.Since(start))
	}
	b.ReportMetric(percentile(reads, 0.95), "p95-ms")
}

// The write itself: saving a project, with its lights and every roll-up it keeps.
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
		changeProject(b, db, a, id, i)
		writes = append(writes, time.Since(start))
	}
	b.ReportMetric(percentile(writes, 0.95), "p95-ms")
}

// The floors of the dashboards: their reads of the roll-ups, written by hand and scanned
// into plain values through database/sql. For the zone: the year's groups with their
// units' names, its lead-unit months, and the 50 reddest projects with their reasons. For
// a department (dept's unit): the groups with their months, and the red list, summed
// over the member rows of the projects it owns, leads or co-leads.
func BenchmarkFloorDashboardRollupsSQL(b *testing.B) { floorDashboard(b, false) }

func BenchmarkFloorDashboardScopedRollupsSQL(b *testing.B) { floorDashboard(b, true) }

func floorDashboard(b *testing.B, scoped bool) {
	db := portfolio(b)
	year := time.Now().In(zone).Year()
	unit := actor(b, db, "dept").UnitID
	months := make([]string, 0, 24)
	for _, k := range []string{"planned", "completed"} {
		for m := 1; m <= 12; m++ {
			months = append(months, fmt.Sprintf("%s_%02d", k, m))
		}
	}
	drain := func(q string, args ...any) {
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
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
		}
	}
	const scope = `dm.project_id IN (SELECT id FROM projects WHERE owner_unit_id = $2 UNION ALL SELECT id FROM projects WHERE lead_unit_id = $2
		UNION ALL SELECT project_id FROM project_co_units WHERE unit_id = $2)`
	sums := make([]string, 0, 24)
	for _, c := range months {
		sums = append(sums, "SUM(dm."+c+")")
	}
	b.ReportAllocs()
	for b.Loop() {
		if !scoped {
			drain(`SELECT g.lead_unit_id, u.name, g.stage, g.category, g.light, g.projects, g.total_investment, g.plan, g.started, g.completions,
				g.new_projects, g.level_province, g.level_city, g.level_district FROM dashboard_groups g JOIN units u ON u.id = g.lead_unit_id
				WHERE g.year = $1`, year)
			drain(`SELECT lead_unit_id, `+strings.Join(months, ", ")+` FROM dashboard_unit_months WHERE year = $1`, year)
			drain(`SELECT r.project_id, p.name, lu.name, pl.reasons FROM (SELECT project_id, lead_unit_id, red_dims FROM dashboard_members
				WHERE year = $1 AND red_dims > 0 ORDER BY red_dims DESC, project_id LIMIT 50) r
				JOIN projects p ON p.id = r.project_id JOIN units lu ON lu.id = r.lead_unit_id
				JOIN project_lights pl ON pl.project_id = r.project_id AND pl.color = 'red' ORDER BY r.red_dims DESC, r.project_id, pl.dimension`, year)
			continue
		}
		drain(`SELECT dm.lead_unit_id, u.name, dm.stage, dm.category, dm.light, COUNT(*), SUM(dm.total_investment), SUM(dm.plan),
			SUM(dm.started), SUM(dm.completions), SUM(dm.new_projects), SUM(dm.level_province), SUM(dm.level_city), SUM(dm.level_district),
			`+strings.Join(sums, ", ")+`
			FROM dashboard_members dm JOIN units u ON u.id = dm.lead_unit_id WHERE dm.year = $1 AND `+scope+`
			GROUP BY dm.lead_unit_id, u.name, dm.stage, dm.category, dm.light`, year, unit)
		drain(`SELECT r.project_id, p.name, lu.name, pl.reasons FROM (SELECT dm.project_id, dm.lead_unit_id, dm.red_dims FROM dashboard_members dm
			WHERE dm.year = $1 AND dm.red_dims > 0 AND `+scope+` ORDER BY dm.red_dims DESC, dm.project_id LIMIT 50) r
			JOIN projects p ON p.id = r.project_id JOIN units lu ON lu.id = r.lead_unit_id
			JOIN project_lights pl ON pl.project_id = r.project_id AND pl.color = 'red' ORDER BY r.red_dims DESC, r.project_id, pl.dimension`, year, unit)
	}
}
