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

// Dashboard computes the year's picture over the projects in the actor's scope, from
// roll-ups kept on write and the stored lights: it never reads the reports themselves. A
// reader who sees the whole zone reads the zone-wide roll-ups (a few hundred rows; see
// rollups.go); a scoped reader's projects are summed one by one from their project-year
// and project-month roll-ups.
//
// A computed dashboard is kept per scope, year and day, for as long as the ledger's data
// version stands: every ledger write bumps it in its transaction.
func (db *DB) Dashboard(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	today := db.today()
	version, err := db.ledgerVersion(ctx)
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
		d, err = db.dashboard(ctx, a, year, today)
	}
	if err != nil {
		return nil, err
	}
	db.dashboards.put(key, version, d)
	return d, nil
}

// newDashboard starts a dashboard of year as of today: its due period.
func (db *DB) newDashboard(ctx context.Context, year int, today stride.Date) (*stride.Dashboard, error) {
	settings, err := db.LightSettings(ctx)
	if err != nil {
		return nil, err
	}
	return &stride.Dashboard{Year: year, AsOf: today, Period: settings.DuePeriod(year, today)}, nil
}

// setTrend fills the trend from each month's planned cumulative amount and completed
// investment, and the year's completion, pace and gap.
func setTrend(d *stride.Dashboard, planned, monthly []stride.Money) {
	d.Trend = make([]stride.TrendRow, 12)
	var cum stride.Money
	for m := range d.Trend {
		cum += monthly[m]
		d.Trend[m] = stride.TrendRow{Month: m + 1, Planned: planned[m], Completed: cum}
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
}

// rankUnits sets each unit's rate, pace and gap and ranks them lowest gap first (then by
// name and id, so that equal units always come in the same order).
func rankUnits(us []stride.UnitRank, planned []stride.Money) []stride.UnitRank {
	for i := range us {
		u := &us[i]
		u.Rate = stride.Percent(u.Completed, u.Plan)
		u.Pace = stride.Percent(planned[i], u.Plan)
		u.Gap = stride.PointsGap(u.Rate, u.Pace)
	}
	idx := make([]int, len(us))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := us[idx[i]], us[idx[j]]
		if a.Gap != b.Gap {
			return a.Gap < b.Gap
		}
		if a.UnitName != b.UnitName {
			return a.UnitName < b.UnitName
		}
		return a.UnitID < b.UnitID
	})
	out := make([]stride.UnitRank, len(us))
	for i, k := range idx {
		out[i] = us[k]
	}
	return out
}

// dashboard computes the dashboard project by project over the actor's scope. Scoped
// readers take this path; for the zone it is the reference the roll-ups are tested
// against.
func (db *DB) dashboard(ctx context.Context, a *stride.Actor, year int, today stride.Date) (*stride.Dashboard, error) {
	d, err := db.newDashboard(ctx, year, today)
	if err != nil {
		return nil, err
	}

	// scoped returns a query over the year's ledger in the actor's scope: sql ends where
	// its WHERE clause goes, and its own arguments are $1….
	scoped := func(sql string, args ...any) *query {
		q := &query{}
		q.args = append(q.args, args...)
		q.raw(sql)
		q.add(` WHERE %s AND %s`, inLedger(q, year), projectScope(q, a))
		return q
	}

	q := scoped(`SELECT COUNT(*), COALESCE(SUM(p.total_investment), 0), COALESCE(SUM(py.plan), 0) FROM projects p
		LEFT JOIN project_years py ON py.project_id = p.id AND py.year = $1`, year)
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&d.Projects, &d.Total, &d.Plan); err != nil {
		return nil, fmt.Errorf("dashboard totals: %w", err)
	}

	q = scoped(`SELECT pm.month, COALESCE(SUM(pm.planned), 0), COALESCE(SUM(pm.completed), 0) FROM project_months pm
		JOIN projects p ON p.id = pm.project_id AND pm.year = $1`, year)
	q.raw(` GROUP BY pm.month`)
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard trend: %w", err)
	}
	planned, monthly := make([]stride.Money, 12), make([]stride.Money, 12)
	for rows.Next() {
		var m int
		var p, c stride.Money
		if err := rows.Scan(&m, &p, &c); err != nil {
			rows.Close()
			return nil, err
		}
		if m >= 1 && m <= 12 {
			planned[m-1], monthly[m-1] = p, c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	setTrend(d, planned, monthly)

	y0, y1 := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	q = scoped(`SELECT COALESCE(SUM(CASE WHEN p.start_actual >= $1 AND p.start_actual <= $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.end_actual >= $1 AND p.end_actual <= $2 THEN 1 ELSE 0 END), 0) FROM projects p`, y0, y1)
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&d.Started, &d.Completions); err != nil {
		return nil, fmt.Errorf("dashboard starts: %w", err)
	}
	q = scoped(`SELECT COUNT(*) FROM projects p`)
	q.add(` AND %s`, natureCondition(q, stride.NatureNew, year))
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&d.NewProjects); err != nil {
		return nil, fmt.Errorf("dashboard new projects: %w", err)
	}
	d.StartRate = stride.Percent(stride.Money(d.Started), stride.Money(d.NewProjects))

	counts := func(expr string) ([]stride.Count, error) {
		q := scoped(`SELECT ` + expr + `, COUNT(*) FROM projects p`)
		q.raw(` GROUP BY ` + expr + ` ORDER BY ` + expr)
		rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []stride.Count{}
		for rows.Next() {
			var c stride.Count
			if err := rows.Scan(&c.Key, &c.Count); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	if d.ByStage, err = counts("p.stage"); err != nil {
		return nil, err
	}
	if d.ByCategory, err = counts("p.category"); err != nil {
		return nil, err
	}
	if d.ByLight, err = counts("p.light"); err != nil {
		return nil, err
	}
	q = scoped(`SELECT COALESCE(SUM(CASE WHEN (',' || p.key_levels || ',') LIKE '%,province,%' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN (',' || p.key_levels || ',') LIKE '%,city,%' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN (',' || p.key_levels || ',') LIKE '%,district,%' THEN 1 ELSE 0 END), 0) FROM projects p`)
	var lp, lc, ld int
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&lp, &lc, &ld); err != nil {
		return nil, fmt.Errorf("dashboard levels: %w", err)
	}
	d.ByLevel = []stride.Count{{Key: string(stride.LevelProvince), Count: lp}, {Key: string(stride.LevelCity), Count: lc}, {Key: string(stride.LevelDistrict), Count: ld}}

	if d.Units, err = db.unitRanking(ctx, a, year, d.Period); err != nil {
		return nil, err
	}
	if d.Red, err = db.redList(ctx, a, year, 50); err != nil {
		return nil, err
	}
	if d.Campaigns, err = db.runningCampaigns(ctx, a, today); err != nil {
		return nil, err
	}
	return d, nil
}

// inLedger is the condition that a project is in year's ledger: it has a plan for the
// year and was not terminated.
func inLedger(q *query, year int) string {
	return "p.stage <> 'terminated' AND EXISTS (SELECT 1 FROM annual_plans ap WHERE ap.project_id = p.id AND ap.year = " + q.arg(year) + ")"
}

// unitRanking ranks lead units by completion rate against their pace, lowest first.
func (db *DB) unitRanking(ctx context.Context, a *stride.Actor, year, period int) ([]stride.UnitRank, error) {
	q := &query{}
	y, per := q.arg(year), q.arg(period)
	q.raw(`SELECT p.lead_unit_id, lu.name, COUNT(*), COALESCE(SUM(py.plan), 0),
		COALESCE(SUM((SELECT SUM(pm.completed) FROM project_months pm WHERE pm.project_id = p.id AND pm.year = ` + y + ` AND pm.month <= ` + per + `)), 0),
		COALESCE(SUM((SELECT pm.planned FROM project_months pm WHERE pm.project_id = p.id AND pm.year = ` + y + ` AND pm.month = ` + per + `)), 0)
		FROM projects p JOIN units lu ON lu.id = p.lead_unit_id
		LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ` + y)
	q.add(` WHERE %s AND %s GROUP BY p.lead_unit_id, lu.name`, inLedger(q, year), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard units: %w", err)
	}
	defer rows.Close()
	out := []stride.UnitRank{}
	var planned []stride.Money
	for rows.Next() {
		var u stride.UnitRank
		var p stride.Money
		if err := rows.Scan(&u.UnitID, &u.UnitName, &u.Projects, &u.Plan, &u.Completed, &p); err != nil {
			return nil, err
		}
		out = append(out, u)
		planned = append(planned, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return rankUnits(out, planned), nil
}

// redList returns the red projects in the actor's scope with their reasons, worst first by
// number of red dimensions, then by id.
func (db *DB) redList(ctx context.Context, a *stride.Actor, year, limit int) ([]stride.RedRow, error) {
	q := &query{}
	q.raw(`SELECT p.id, p.name, lu.name, pl.reasons FROM projects p JOIN units lu ON lu.id = p.lead_unit_id
		JOIN project_lights pl ON pl.project_id = p.id AND pl.color = 'red' WHERE p.light = 'red'`)
	q.add(` AND %s AND %s ORDER BY p.id, pl.dimension`, inLedger(q, year), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard red list: %w", err)
	}
	defer rows.Close()
	type red struct {
		row  stride.RedRow
		msgs []stride.Msg
		dims int
	}
	var reds []*red
	index := map[int64]*red{}
	for rows.Next() {
		var id int64
		var name, unit, reasons string
		if err := rows.Scan(&id, &name, &unit, &reasons); err != nil {
			return nil, err
		}
		ms, err := decodeReasons(reasons)
		if err != nil {
			return nil, err
		}
		r := index[id]
		if r == nil {
			r = &red{row: stride.RedRow{ID: id, Name: name, LeadUnit: unit}}
			index[id] = r
			reds = append(reds, r)
		}
		r.msgs = append(r.msgs, ms...)
		r.dims++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Rows come by id: a stable sort keeps ids ascending among equals.
	sort.SliceStable(reds, func(i, j int) bool { return reds[i].dims > reds[j].dims })
	out := []stride.RedRow{}
	for _, r := range reds[:min(limit, len(reds))] {
		r.row.SetReasons(r.msgs)
		out = append(out, r.row)
	}
	return out, nil
}

// zoneDashboard computes the zone-wide dashboard from the roll-ups of rollups.go: the
// year's groups (a row per lead unit, stage, category and light), its lead units' months
// and, for the red list, the year's members with red dimensions.
func (db *DB) zoneDashboard(ctx context.Context, a *stride.Actor, year int, today stride.Date) (*stride.Dashboard, error) {
	d, err := db.newDashboard(ctx, year, today)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT lead_unit_id, stage, category, light, projects, total_investment, plan, started,
		completions, new_projects, level_province, level_city, level_district FROM dashboard_groups WHERE year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("dashboard groups: %w", err)
	}
	stages, categories, lights := map[string]int{}, map[string]int{}, map[string]int{}
	var levels [3]int
	units := map[int64]*stride.UnitRank{}
	for rows.Next() {
		var unit int64
		var stage, category, light string
		var n, started, completions, fresh, lp, lc, ld int
		var total, plan stride.Money
		if err := rows.Scan(&unit, &stage, &category, &light, &n, &total, &plan, &started, &completions, &fresh, &lp, &lc, &ld); err != nil {
			rows.Close()
			return nil, err
		}
		d.Projects += n
		d.Total += total
		d.Plan += plan
		d.Started += started
		d.Completions += completions
		d.NewProjects += fresh
		levels[0], levels[1], levels[2] = levels[0]+lp, levels[1]+lc, levels[2]+ld
		stages[stage] += n
		categories[category] += n
		lights[light] += n
		u := units[unit]
		if u == nil {
			u = &stride.UnitRank{UnitID: unit}
			units[unit] = u
		}
		u.Projects += n
		u.Plan += plan
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d.StartRate = stride.Percent(stride.Money(d.Started), stride.Money(d.NewProjects))
	d.ByStage, d.ByCategory, d.ByLight = sortedCounts(stages), sortedCounts(categories), sortedCounts(lights)
	d.ByLevel = []stride.Count{{Key: string(stride.LevelProvince), Count: levels[0]}, {Key: string(stride.LevelCity), Count: levels[1]},
		{Key: string(stride.LevelDistrict), Count: levels[2]}}

	months := append(monthColumns("planned"), monthColumns("completed")...)
	rows, err = db.sql.QueryContext(ctx, `SELECT lead_unit_id, `+strings.Join(months, ", ")+` FROM dashboard_unit_months WHERE year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("dashboard unit months: %w", err)
	}
	planned, monthly := make([]stride.Money, 12), make([]stride.Money, 12)
	unitMonths := map[int64]*[24]stride.Money{}
	for rows.Next() {
		var unit int64
		v := new([24]stride.Money)
		dest := []any{&unit}
		for i := range v {
			dest = append(dest, &v[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		for m := range 12 {
			planned[m] += v[m]
			monthly[m] += v[12+m]
		}
		unitMonths[unit] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	ranked := []stride.UnitRank{}
	var plannedAt []stride.Money
	ids := slices.Sorted(maps.Keys(units))
	if len(ids) > 0 {
		q := &query{}
		q.raw(`SELECT id, name FROM units WHERE id IN (` + idList(q, ids) + `)`)
		rows, err = db.sql.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, fmt.Errorf("dashboard unit names: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			units[id].UnitName = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		u := units[id]
		var at stride.Money
		if v := unitMonths[id]; v != nil {
			for m := range d.Period {
				u.Completed += v[12+m]
			}
			if d.Period > 0 {
				at = v[d.Period-1]
			}
		}
		ranked = append(ranked, *u)
		plannedAt = append(plannedAt, at)
	}
	setTrend(d, planned, monthly)
	d.Units = rankUnits(ranked, plannedAt)

	if d.Red, err = db.zoneRedList(ctx, year, 50); err != nil {
		return nil, err
	}
	if d.Campaigns, err = db.runningCampaigns(ctx, a, today); err != nil {
		return nil, err
	}
	return d, nil
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

// zoneRedList is redList for the whole zone: the year's members with the most red
// dimensions, read in that order from their index, then their reasons.
func (db *DB) zoneRedList(ctx context.Context, year, limit int) ([]stride.RedRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT dm.project_id, p.name, lu.name FROM dashboard_members dm
		JOIN projects p ON p.id = dm.project_id JOIN units lu ON lu.id = dm.lead_unit_id
		WHERE dm.year = $1 AND dm.red_dims > 0 ORDER BY dm.red_dims DESC, dm.project_id LIMIT $2`, year, limit)
	if err != nil {
		return nil, fmt.Errorf("dashboard red list: %w", err)
	}
	out := []stride.RedRow{}
	var ids []int64
	for rows.Next() {
		var r stride.RedRow
		if err := rows.Scan(&r.ID, &r.Name, &r.LeadUnit); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
		ids = append(ids, r.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, err
	}
	q := &query{}
	q.raw(`SELECT project_id, reasons FROM project_lights WHERE color = 'red' AND project_id IN (` + idList(q, ids) + `) ORDER BY project_id, dimension`)
	rows, err = db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard red reasons: %w", err)
	}
	defer rows.Close()
	msgs := map[int64][]stride.Msg{}
	for rows.Next() {
		var id int64
		var reasons string
		if err := rows.Scan(&id, &reasons); err != nil {
			return nil, err
		}
		ms, err := decodeReasons(reasons)
		if err != nil {
			return nil, err
		}
		msgs[id] = append(msgs[id], ms...)
	}
	for i := range out {
		out[i].SetReasons(msgs[out[i].ID])
	}
	return out, rows.Err()
}
