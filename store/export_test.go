package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/stride-hq/stride"
)

// DashboardPerProject is the dashboard summed project by project from the ledger's own
// tables (projects, plans, the project-year and project-month roll-ups, the lights),
// bypassing the dashboard roll-ups and the cache: the reference they are tested against.
func (db *DB) DashboardPerProject(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	return db.dashboardFromLedger(ctx, a, year, db.today())
}

// DashboardFromRollups is the dashboard read from the roll-ups as Dashboard reads it,
// bypassing the cache.
func (db *DB) DashboardFromRollups(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	return db.dashboardFromRollups(ctx, a, year, db.today())
}

// dashboardFromLedger is how Dashboard computed every reader's dashboard before the
// dashboard roll-ups, each figure a query over the projects in scope.
func (db *DB) dashboardFromLedger(ctx context.Context, a *stride.Actor, year int, today stride.Date) (*stride.Dashboard, error) {
	settings, err := db.LightSettings(ctx)
	if err != nil {
		return nil, err
	}
	d := &stride.Dashboard{Year: year, AsOf: today, Period: settings.DuePeriod(year, today)}

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

	d.Trend = make([]stride.TrendRow, 12)
	for m := range d.Trend {
		d.Trend[m].Month = m + 1
	}
	q = scoped(`SELECT pm.month, COALESCE(SUM(pm.planned), 0), COALESCE(SUM(pm.completed), 0) FROM project_months pm
		JOIN projects p ON p.id = pm.project_id AND pm.year = $1`, year)
	q.raw(` GROUP BY pm.month`)
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard trend: %w", err)
	}
	monthly := make([]stride.Money, 12)
	for rows.Next() {
		var m int
		var planned, completed stride.Money
		if err := rows.Scan(&m, &planned, &completed); err != nil {
			rows.Close()
			return nil, err
		}
		if m >= 1 && m <= 12 {
			d.Trend[m-1].Planned = planned
			monthly[m-1] = completed
		}
	}
	rows.Close()
	var cum stride.Money
	for m := range d.Trend {
		cum += monthly[m]
		d.Trend[m].Completed = cum
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

	if d.Units, err = db.ledgerUnitRanking(ctx, a, year, d.Period); err != nil {
		return nil, err
	}
	if d.Red, err = db.ledgerRedList(ctx, a, year, 50); err != nil {
		return nil, err
	}
	if d.Campaigns, err = db.runningCampaigns(ctx, a, today); err != nil {
		return nil, err
	}
	return d, nil
}

// ledgerUnitRanking ranks lead units by completion rate against their pace, lowest first.
func (db *DB) ledgerUnitRanking(ctx context.Context, a *stride.Actor, year, period int) ([]stride.UnitRank, error) {
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
	for rows.Next() {
		var u stride.UnitRank
		var planned stride.Money
		if err := rows.Scan(&u.UnitID, &u.UnitName, &u.Projects, &u.Plan, &u.Completed, &planned); err != nil {
			return nil, err
		}
		u.Rate = stride.Percent(u.Completed, u.Plan)
		u.Pace = stride.Percent(planned, u.Plan)
		u.Gap = stride.PointsGap(u.Rate, u.Pace)
		out = append(out, u)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Gap != out[j].Gap {
			return out[i].Gap < out[j].Gap
		}
		if out[i].UnitName != out[j].UnitName {
			return out[i].UnitName < out[j].UnitName
		}
		return out[i].UnitID < out[j].UnitID
	})
	return out, rows.Err()
}

// ledgerRedList returns red projects with their reasons, worst first by number of red dimensions.
func (db *DB) ledgerRedList(ctx context.Context, a *stride.Actor, year, limit int) ([]stride.RedRow, error) {
	q := &query{}
	q.raw(`SELECT p.id, p.name, lu.name, pl.reasons FROM projects p JOIN units lu ON lu.id = p.lead_unit_id
		JOIN project_lights pl ON pl.project_id = p.id AND pl.color = 'red' WHERE p.light = 'red'`)
	q.add(` AND %s AND %s ORDER BY p.id, pl.dimension`, inLedger(q, year), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard red list: %w", err)
	}
	defer rows.Close()
	var out []stride.RedRow
	var msgs [][]stride.Msg
	var dims []int
	index := map[int64]int{}
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
		i, ok := index[id]
		if !ok {
			i = len(out)
			index[id] = i
			out = append(out, stride.RedRow{ID: id, Name: name, LeadUnit: unit})
			msgs = append(msgs, nil)
			dims = append(dims, 0)
		}
		msgs[i] = append(msgs[i], ms...)
		dims[i]++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].SetReasons(msgs[i])
	}
	sort.SliceStable(out, func(i, j int) bool { return dims[index[out[i].ID]] > dims[index[out[j].ID]] })
	if len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []stride.RedRow{}
	}
	return out, nil
}

// SetOrderedScan sets how many index entries a list page may be expected to pass over
// when read in sort order: 0 has every page sorted, a large value every page scanned.
func (db *DB) SetOrderedScan(n int) { db.orderedScan = n }
