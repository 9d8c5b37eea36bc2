package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stride-hq/stride"
)

// The dashboard roll-ups (migration 0008): dashboard_members holds what each project of a
// year's ledger contributes to that year; dashboard_groups and dashboard_unit_months hold
// the members summed per year and lead unit (and stage, category and light for the
// groups). A reader who sees the whole zone reads the sums, a few hundred rows a year; a
// scoped reader and the bulletin's ledger rows read the members of the projects in scope.
// They are kept in the writing transaction:
//
//   - every ledger write ends in refreshLights, which hands the projects it touched to
//     rollupDashboard: their stored contributions are taken back, their current ones
//     computed from the ledger and added (so a change of lead unit, stage or plan moves a
//     project between groups without the writer saying where it was);
//   - DeleteProject hands its project over after the delete (member rows have no foreign
//     key, so its contribution is still there to take back);
//   - a recompute of every light updates the members' lights and sums the groups afresh;
//   - rebuildRollups (seeds, RebuildRollups) and the first start after the migration
//     build them all from the ledger.
//
// Applying differences keeps a write's cost to its own projects' rows: recomputing a
// lead unit's groups instead would read its ~5,000 projects and 60,000 project-months at
// 100,000 projects, on every report approved.

// memberSums are the columns a member adds to its group, in the groups' column order.
var memberSums = []string{"total_investment", "plan", "started", "completions", "new_projects",
	"level_province", "level_city", "level_district"}

// monthColumns names the twelve month columns of a kind: planned_01 … planned_12.
func monthColumns(kind string) []string {
	out := make([]string, 12)
	for m := range out {
		out[m] = fmt.Sprintf("%s_%02d", kind, m+1)
	}
	return out
}

// memberColumns are dashboard_members' columns, in the order memberSelect yields them.
func memberColumns() []string {
	cols := []string{"project_id", "year", "lead_unit_id", "stage", "category", "light", "red_dims"}
	cols = append(cols, memberSums...)
	cols = append(cols, monthColumns("planned")...)
	return append(cols, monthColumns("completed")...)
}

// groupKey is a row of dashboard_groups.
type groupKey struct {
	year                   int
	unit                   int64
	stage, category, light string
}

// unitKey is a row of dashboard_unit_months.
type unitKey struct {
	year int
	unit int64
}

// member is one project's contribution to one year.
type member struct {
	project int64
	key     groupKey
	redDims int
	sums    [8]int64 // memberSums
	months  [24]int64
}

// memberSelect is the query of the current contributions to year of the projects the
// filter selects (every project when filter is nil), in memberColumns' order. The
// conditions are those of the per-project dashboard: a plan for the year and not
// terminated; started and completed in the year; 新开工 by natureCondition.
func memberSelect(year int, filter projectFilter) *query {
	q := &query{}
	y := q.arg(year)
	y0, y1 := q.arg(fmt.Sprintf("%04d-01-01", year)), q.arg(fmt.Sprintf("%04d-12-31", year))
	q.raw(`SELECT p.id, ap.year, p.lead_unit_id, p.stage, p.category, p.light,
		(SELECT COUNT(*) FROM project_lights pl WHERE pl.project_id = p.id AND pl.color = 'red'),
		p.total_investment, COALESCE(MAX(py.plan), 0),
		CASE WHEN p.start_actual >= ` + y0 + ` AND p.start_actual <= ` + y1 + ` THEN 1 ELSE 0 END,
		CASE WHEN p.end_actual >= ` + y0 + ` AND p.end_actual <= ` + y1 + ` THEN 1 ELSE 0 END,
		CASE WHEN ` + natureCondition(q, stride.NatureNew, year) + ` THEN 1 ELSE 0 END`)
	for _, level := range []stride.KeyLevel{stride.LevelProvince, stride.LevelCity, stride.LevelDistrict} {
		q.raw(`, CASE WHEN (',' || p.key_levels || ',') LIKE '%,` + string(level) + `,%' THEN 1 ELSE 0 END`)
	}
	for _, kind := range []string{"planned", "completed"} {
		for m := 1; m <= 12; m++ {
			q.raw(fmt.Sprintf(`, COALESCE(SUM(CASE WHEN pm.month = %d THEN pm.%s END), 0)`, m, kind))
		}
	}
	q.raw(` FROM projects p JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = ` + y + `
		LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ` + y + `
		LEFT JOIN project_months pm ON pm.project_id = p.id AND pm.year = ` + y + `
		WHERE p.stage <> 'terminated'`)
	if filter != nil {
		q.raw(filter("p.id", q))
	}
	q.raw(` GROUP BY p.id, ap.year`)
	return q
}

// insertMembers stores the current contributions of the projects the filter selects,
// for every year they have a plan for.
func (db *DB) insertMembers(ctx context.Context, tx queryer, filter projectFilter) error {
	q := &query{}
	q.raw(`SELECT DISTINCT year FROM annual_plans WHERE TRUE`)
	if filter != nil {
		q.raw(filter("project_id", q))
	}
	years, err := scanInts(ctx, tx, q)
	if err != nil {
		return err
	}
	for _, y := range years {
		q := memberSelect(y, filter)
		if _, err := tx.ExecContext(ctx, `INSERT INTO dashboard_members (`+strings.Join(memberColumns(), ", ")+`) `+q.String(), q.args...); err != nil {
			return fmt.Errorf("dashboard members %d: %w", y, err)
		}
	}
	return nil
}

func scanInts(ctx context.Context, tx queryer, q *query) ([]int, error) {
	rows, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// readMembers reads the stored contributions of the projects the filter selects.
func readMembers(ctx context.Context, tx queryer, filter projectFilter) ([]member, error) {
	q := &query{}
	q.raw(`SELECT ` + strings.Join(memberColumns(), ", ") + ` FROM dashboard_members WHERE TRUE` + filter("project_id", q))
	rows, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []member
	for rows.Next() {
		var m member
		dest := []any{&m.project, &m.key.year, &m.key.unit, &m.key.stage, &m.key.category, &m.key.light, &m.redDims}
		for i := range m.sums {
			dest = append(dest, &m.sums[i])
		}
		for i := range m.months {
			dest = append(dest, &m.months[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// rollupDashboard brings the dashboard roll-ups in line with the projects' current state,
// in the writing transaction: each project's stored contributions are taken back and its
// current ones added.
func (db *DB) rollupDashboard(ctx context.Context, tx queryer, ids []int64) error {
	groups := map[groupKey]*[9]int64{} // projects, then memberSums
	units := map[unitKey]*[24]int64{}
	add := func(ms []member, sign int64) {
		for _, m := range ms {
			g := groups[m.key]
			if g == nil {
				g = new([9]int64)
				groups[m.key] = g
			}
			g[0] += sign
			for i, v := range m.sums {
				g[i+1] += sign * v
			}
			uk := unitKey{m.key.year, m.key.unit}
			u := units[uk]
			if u == nil {
				u = new([24]int64)
				units[uk] = u
			}
			for i, v := range m.months {
				u[i] += sign * v
			}
		}
	}
	// Short IN lists: SQLite looks placeholders up by name in a list.
	for start := 0; start < len(ids); start += 500 {
		filter := byIDs(ids[start:min(start+500, len(ids))])
		old, err := readMembers(ctx, tx, filter)
		if err != nil {
			return fmt.Errorf("dashboard roll-up: %w", err)
		}
		q := &query{}
		q.raw(`DELETE FROM dashboard_members WHERE TRUE` + filter("project_id", q))
		if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return err
		}
		if err := db.insertMembers(ctx, tx, filter); err != nil {
			return err
		}
		cur, err := readMembers(ctx, tx, filter)
		if err != nil {
			return err
		}
		add(old, -1)
		add(cur, 1)
	}
	return applyDeltas(ctx, tx, groups, units)
}

// applyDeltas adds the differences to the group and unit rows, in key order so that
// concurrent writers on PostgreSQL lock shared rows in the same order, and removes the
// groups left without a project.
func applyDeltas(ctx context.Context, tx queryer, groups map[groupKey]*[9]int64, units map[unitKey]*[24]int64) error {
	var rows [][]any
	emptied := false
	for _, k := range slices.SortedFunc(maps.Keys(groups), func(a, b groupKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.unit, b.unit), cmp.Compare(a.stage, b.stage),
			cmp.Compare(a.category, b.category), cmp.Compare(a.light, b.light))
	}) {
		g := groups[k]
		if *g == [9]int64{} {
			continue
		}
		emptied = emptied || g[0] < 0
		row := []any{k.year, k.unit, k.stage, k.category, k.light}
		for _, v := range g {
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	sums := append([]string{"projects"}, memberSums...)
	if err := insertRows(ctx, tx, "dashboard_groups", append([]string{"year", "lead_unit_id", "stage", "category", "light"}, sums...), rows,
		`ON CONFLICT (year, lead_unit_id, stage, category, light) DO UPDATE SET `+addExcluded("dashboard_groups", sums)); err != nil {
		return err
	}
	if emptied {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dashboard_groups WHERE projects = 0`); err != nil {
			return err
		}
	}
	rows = rows[:0]
	for _, k := range slices.SortedFunc(maps.Keys(units), func(a, b unitKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.unit, b.unit))
	}) {
		u := units[k]
		if *u == [24]int64{} {
			continue
		}
		row := []any{k.year, k.unit}
		for _, v := range u {
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	months := append(monthColumns("planned"), monthColumns("completed")...)
	return insertRows(ctx, tx, "dashboard_unit_months", append([]string{"year", "lead_unit_id"}, months...), rows,
		`ON CONFLICT (year, lead_unit_id) DO UPDATE SET `+addExcluded("dashboard_unit_months", months))
}

// addExcluded is the SET list of an upsert that adds the new row's values to the stored ones.
func addExcluded(table string, cols []string) string {
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = " + table + "." + c + " + excluded." + c
	}
	return strings.Join(sets, ", ")
}

// regroupDashboard sums the members into the group rows afresh.
func regroupDashboard(ctx context.Context, tx queryer) error {
	sums := make([]string, len(memberSums))
	for i, c := range memberSums {
		sums[i] = "SUM(" + c + ")"
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM dashboard_groups`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO dashboard_groups (year, lead_unit_id, stage, category, light, projects, `+strings.Join(memberSums, ", ")+`)
		SELECT year, lead_unit_id, stage, category, light, COUNT(*), `+strings.Join(sums, ", ")+`
		FROM dashboard_members GROUP BY year, lead_unit_id, stage, category, light`)
	return err
}

// rollupDashboardLights follows a recompute of every project's lights: the members take
// their projects' new lights and red dimensions, and the groups, when a light moved, are
// summed afresh (the months do not depend on lights).
func (db *DB) rollupDashboardLights(ctx context.Context, tx queryer) error {
	res, err := tx.ExecContext(ctx, `UPDATE dashboard_members SET light = x.light, red_dims = x.red
		FROM (SELECT p.id, p.light, COALESCE(r.n, 0) AS red FROM projects p
			LEFT JOIN (SELECT project_id, COUNT(*) AS n FROM project_lights WHERE color = 'red' GROUP BY project_id) r ON r.project_id = p.id) x
		WHERE x.id = dashboard_members.project_id AND (dashboard_members.light <> x.light OR dashboard_members.red_dims <> x.red)`)
	if err != nil {
		return fmt.Errorf("dashboard roll-up lights: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return nil
	}
	return regroupDashboard(ctx, tx)
}

// rebuildDashboard builds every dashboard roll-up from the ledger.
func (db *DB) rebuildDashboard(ctx context.Context, tx queryer) error {
	for _, t := range []string{"dashboard_members", "dashboard_unit_months"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	if err := db.insertMembers(ctx, tx, nil); err != nil {
		return fmt.Errorf("rebuild dashboard roll-ups: %w", err)
	}
	if err := regroupDashboard(ctx, tx); err != nil {
		return err
	}
	months := append(monthColumns("planned"), monthColumns("completed")...)
	sums := make([]string, len(months))
	for i, c := range months {
		sums[i] = "SUM(" + c + ")"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dashboard_unit_months (year, lead_unit_id, `+strings.Join(months, ", ")+`)
		SELECT year, lead_unit_id, `+strings.Join(sums, ", ")+` FROM dashboard_members GROUP BY year, lead_unit_id`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE data_versions SET version = 1 WHERE name = 'dashboard_rollups'`)
	return err
}

// ensureDashboardRollups builds the dashboard roll-ups of a database migrated from before
// they existed (data version 'dashboard_rollups' 0), once: the build is claimed by the
// statement that marks it done, in its transaction, so a second process waits for the
// first and then finds nothing to do.
func (db *DB) ensureDashboardRollups(ctx context.Context) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE data_versions SET version = 1 WHERE name = 'dashboard_rollups' AND version = 0`)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := db.rebuildDashboard(ctx, tx); err != nil {
			return err
		}
		return bumpLedger(ctx, tx)
	})
}
