package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/stride-hq/stride"
)

// Dashboard computes the year's picture over the projects in the actor's scope from the
// dashboard roll-ups kept on write (rollups.go) and the stored lights: it never reads the
// reports, nor a project-month. A reader who sees the whole zone reads the year's groups
// and lead-unit months, a few hundred rows; for a scoped reader the database sums the
// year's member rows of the projects in its scope (the same scope as every project read)
// into the same groups.
//
// A computed dashboard is kept per scope, year and day, for as long as the ledger's data
// version stands: every ledger write bumps it in its transaction.
func (db *DB) Dashboard(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	today := db.today()
	version, err := db.LedgerVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s|%d|%s", scopeKey(a), year, today)
	if d := db.dashboards.get(key, version); d != nil {
		return d, nil
	}
	var d *stride.Dashboard
	if a.SeesAll() {
		d, err = db.zoneDashboard(ctx, a, year, today)
	} else {
		d, err = db.scopedDashboard(ctx, a, year, today)
	}
	if err != nil {
		return nil, err
	}
	db.dashboards.put(key, version, d)
	return d, nil
}

// inLedger is the condition that a project is in year's ledger: it has a plan for the
// year and was not terminated.
func inLedger(q *query, year int) string {
	return "p.stage <> 'terminated' AND EXISTS (SELECT 1 FROM annual_plans ap WHERE ap.project_id = p.id AND ap.year = " + q.arg(year) + ")"
}

// redListSize is how many red projects a dashboard lists.
const redListSize = 50

// tally sums roll-up rows (groups or members) into a dashboard.
type tally struct {
	d                          *stride.Dashboard
	stages, categories, lights map[string]int
	levels                     [3]int
	units                      map[int64]*unitTally
	planned, monthly           []stride.Money
}

type unitTally struct {
	name     string
	projects int
	plan     stride.Money
	months   [24]stride.Money // planned_01..12, completed_01..12
}

// newTally starts a dashboard of year as of today: its due period.
func (db *DB) newTally(ctx context.Context, year int, today stride.Date) (*tally, error) {
	settings, err := db.LightSettings(ctx)
	if err != nil {
		return nil, err
	}
	return &tally{d: &stride.Dashboard{Year: year, AsOf: today, Period: settings.DuePeriod(year, today)},
		stages: map[string]int{}, categories: map[string]int{}, lights: map[string]int{}, units: map[int64]*unitTally{},
		planned: make([]stride.Money, 12), monthly: make([]stride.Money, 12)}, nil
}

func (t *tally) unit(id int64) *unitTally {
	u := t.units[id]
	if u == nil {
		u = &unitTally{}
		t.units[id] = u
	}
	return u
}

// addGroup adds n projects of a lead unit (named name) sharing a stage, category and
// light, with their sums in memberSums' order.
func (t *tally) addGroup(unit int64, name, stage, category, light string, n int, sums *[8]int64) {
	d := t.d
	d.Projects += n
	d.Total += stride.Money(sums[0])
	d.Plan += stride.Money(sums[1])
	d.Started += int(sums[2])
	d.Completions += int(sums[3])
	d.NewProjects += int(sums[4])
	for i := range t.levels {
		t.levels[i] += int(sums[5+i])
	}
	t.stages[stage] += n
	t.categories[category] += n
	t.lights[light] += n
	u := t.unit(unit)
	u.name = name
	u.projects += n
	u.plan += stride.Money(sums[1])
}

// addMonths adds a lead unit's months: planned_01..12, then completed_01..12.
func (t *tally) addMonths(unit int64, months *[24]int64) {
	u := t.unit(unit)
	for i, v := range months {
		u.months[i] += stride.Money(v)
	}
	for m := range 12 {
		t.planned[m] += stride.Money(months[m])
		t.monthly[m] += stride.Money(months[12+m])
	}
}

// finish computes the rates, the trend and the unit ranking.
func (t *tally) finish() *stride.Dashboard {
	d := t.d
	d.StartRate = stride.Percent(stride.Money(d.Started), stride.Money(d.NewProjects))
	d.ByStage, d.ByCategory, d.ByLight = sortedCounts(t.stages), sortedCounts(t.categories), sortedCounts(t.lights)
	d.ByLevel = []stride.Count{{Key: string(stride.LevelProvince), Count: t.levels[0]}, {Key: string(stride.LevelCity), Count: t.levels[1]},
		{Key: string(stride.LevelDistrict), Count: t.levels[2]}}

	d.Trend = make([]stride.TrendRow, 12)
	var cum stride.Money
	for m := range d.Trend {
		cum += t.monthly[m]
		d.Trend[m] = stride.TrendRow{Month: m + 1, Planned: t.planned[m], Completed: cum}
		if m < d.Period {
			d.Completed = cum
		}
	}
	var plannedThrough stride.Money
	if d.Period > 0 {
		plannedThrough = d.Trend[d.Period-1].Planned
	}
	d.Rate = stride.Percent(d.Completed, d.Plan)
	d.Pace = stride.Percent(plannedThrough, d.Plan)
	d.Gap = stride.PointsGap(d.Rate, d.Pace)

	// A unit ranks while it leads a project of the ledger.
	var ids []int64
	for _, id := range slices.Sorted(maps.Keys(t.units)) {
		if t.units[id].projects > 0 {
			ids = append(ids, id)
		}
	}
	d.Units = []stride.UnitRank{}
	for _, id := range ids {
		u := t.units[id]
		r := stride.UnitRank{UnitID: id, UnitName: u.name, Projects: u.projects, Plan: u.plan}
		var planned stride.Money
		for m := range d.Period {
			r.Completed += u.months[12+m]
		}
		if d.Period > 0 {
			planned = u.months[d.Period-1]
		}
		r.Rate = stride.Percent(r.Completed, r.Plan)
		r.Pace = stride.Percent(planned, r.Plan)
		r.Gap = stride.PointsGap(r.Rate, r.Pace)
		d.Units = append(d.Units, r)
	}
	sort.SliceStable(d.Units, func(i, j int) bool {
		a, b := d.Units[i], d.Units[j]
		if a.Gap != b.Gap {
			return a.Gap < b.Gap
		}
		return a.UnitName < b.UnitName // then by id, the order they came in
	})
	return d
}

// sortedCounts lists the non-zero counts by key.
func sortedCounts(m map[string]int) []stride.Count {
	out := []stride.Count{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] != 0 {
			out = append(out, stride.Count{Key: k, Count: m[k]})
		}
	}
	return out
}

// zoneDashboard is the dashboard of a reader who sees the whole zone: the year's groups
// and lead-unit months, and the red list from the members' index.
func (db *DB) zoneDashboard(ctx context.Context, a *stride.Actor, year int, today stride.Date) (*stride.Dashboard, error) {
	t, err := db.newTally(ctx, year, today)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT g.lead_unit_id, u.name, g.stage, g.category, g.light, g.projects, g.`+strings.Join(memberSums, ", g.")+`
		FROM dashboard_groups g JOIN units u ON u.id = g.lead_unit_id WHERE g.year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("dashboard groups: %w", err)
	}
	for rows.Next() {
		var unit int64
		var name, stage, category, light string
		var n int
		var sums [8]int64
		dest := []any{&unit, &name, &stage, &category, &light, &n}
		for i := range sums {
			dest = append(dest, &sums[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		t.addGroup(unit, name, stage, category, light, n, &sums)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT lead_unit_id, `+strings.Join(append(monthColumns("planned"), monthColumns("completed")...), ", ")+`
		FROM dashboard_unit_months WHERE year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("dashboard unit months: %w", err)
	}
	for rows.Next() {
		var unit int64
		var months [24]int64
		dest := []any{&unit}
		for i := range months {
			dest = append(dest, &months[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		t.addMonths(unit, &months)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d := t.finish()

	if d.Red, err = db.redList(ctx, a, year); err != nil {
		return nil, err
	}
	if d.Campaigns, err = db.runningCampaigns(ctx, a, today); err != nil {
		return nil, err
	}
	return d, nil
}

// scopedDashboard is the dashboard of a reader limited to some projects: the year's member
// rows of the projects in the actor's scope (read as a set of ids, as a list reads it),
// summed by the database per lead unit, stage, category and light, the groups the zone's
// roll-ups keep; then the same red list as the zone's, within the scope.
func (db *DB) scopedDashboard(ctx context.Context, a *stride.Actor, year int, today stride.Date) (*stride.Dashboard, error) {
	t, err := db.newTally(ctx, year, today)
	if err != nil {
		return nil, err
	}
	// PostgreSQL sums BIGINTs as NUMERIC: cast back, so both engines scan into int64.
	var sums []string
	for _, c := range append(slices.Clone(memberSums), append(monthColumns("planned"), monthColumns("completed")...)...) {
		sums = append(sums, "CAST(SUM(dm."+c+") AS BIGINT)")
	}
	q := &query{}
	q.raw(`SELECT dm.lead_unit_id, lu.name, dm.stage, dm.category, dm.light, COUNT(*), ` + strings.Join(sums, ", ") + `
		FROM dashboard_members dm JOIN units lu ON lu.id = dm.lead_unit_id`)
	q.add(` WHERE dm.year = %s AND %s GROUP BY dm.lead_unit_id, lu.name, dm.stage, dm.category, dm.light`,
		q.arg(year), projectIDsInScope(q, a, "dm.project_id"))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard members: %w", err)
	}
	for rows.Next() {
		var unit int64
		var name, stage, category, light string
		var n int
		var sums [8]int64
		var months [24]int64
		dest := []any{&unit, &name, &stage, &category, &light, &n}
		for i := range sums {
			dest = append(dest, &sums[i])
		}
		for i := range months {
			dest = append(dest, &months[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		t.addGroup(unit, name, stage, category, light, n, &sums)
		t.addMonths(unit, &months)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d := t.finish()
	if d.Red, err = db.redList(ctx, a, year); err != nil {
		return nil, err
	}
	if d.Campaigns, err = db.runningCampaigns(ctx, a, today); err != nil {
		return nil, err
	}
	return d, nil
}

// redList reads the year's red list within the actor's scope with the reasons at once: the
// reddest members (most red dimensions, then by id) from their index, and the reasons of
// their red dimensions in dimension order.
func (db *DB) redList(ctx context.Context, a *stride.Actor, year int) ([]stride.RedRow, error) {
	q := &query{}
	q.add(`SELECT r.project_id, p.name, lu.name, pl.reasons FROM (SELECT project_id, lead_unit_id, red_dims
			FROM dashboard_members WHERE year = %s AND red_dims > 0 AND %s ORDER BY red_dims DESC, project_id LIMIT %s) r
		JOIN projects p ON p.id = r.project_id JOIN units lu ON lu.id = r.lead_unit_id
		JOIN project_lights pl ON pl.project_id = r.project_id AND pl.color = 'red'
		ORDER BY r.red_dims DESC, r.project_id, pl.dimension`, q.arg(year), projectIDsInScope(q, a, "project_id"), q.arg(redListSize))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard red list: %w", err)
	}
	defer rows.Close()
	red := []stride.RedRow{}
	var msgs []stride.Msg
	for rows.Next() {
		var r stride.RedRow
		var reasons string
		if err := rows.Scan(&r.ID, &r.Name, &r.LeadUnit, &reasons); err != nil {
			return nil, err
		}
		ms, err := decodeReasons(reasons)
		if err != nil {
			return nil, err
		}
		if n := len(red); n == 0 || red[n-1].ID != r.ID {
			if n > 0 {
				red[n-1].SetReasons(msgs)
			}
			red, msgs = append(red, r), nil
		}
		msgs = append(msgs, ms...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n := len(red); n > 0 {
		red[n-1].SetReasons(msgs)
	}
	return red, nil
}
