package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/stride-hq/stride"
)

const keyLights = "lights"

// LightSettings returns the light thresholds.
func (db *DB) LightSettings(ctx context.Context) (stride.LightSettings, error) {
	return db.lightSettings(ctx, db.sql)
}

func (db *DB) lightSettings(ctx context.Context, q queryer) (stride.LightSettings, error) {
	s := stride.DefaultLightSettings()
	_, err := db.readSetting(ctx, q, keyLights, &s)
	if err != nil {
		return s, err
	}
	sys := stride.DefaultSettings()
	if _, err := db.readSetting(ctx, q, keySettings, &sys); err != nil {
		return s, err
	}
	s.ReportDeadlineDay = sys.ReportDeadlineDay
	return s, nil
}

// storedMsg is a light reason as stored: a catalog key and its arguments.
type storedMsg struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

func encodeReasons(ms []stride.Msg) string {
	out := make([]storedMsg, len(ms))
	for i, m := range ms {
		out[i] = storedMsg{Key: m.Key, Args: m.Args}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// decodeReasons reads stored reasons back, keeping integer arguments integers so that
// %d verbs render them.
func decodeReasons(s string) ([]stride.Msg, error) {
	var stored []storedMsg
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	if err := dec.Decode(&stored); err != nil {
		return nil, err
	}
	out := make([]stride.Msg, len(stored))
	for i, m := range stored {
		for j, a := range m.Args {
			if n, ok := a.(json.Number); ok {
				if v, err := n.Int64(); err == nil {
					m.Args[j] = int(v)
				} else {
					m.Args[j] = n.String()
				}
			}
		}
		out[i] = stride.Msg{Key: m.Key, Args: m.Args}
	}
	return out, nil
}

// projectFilter returns the SQL condition (starting with AND) that selects some projects by
// a column holding project ids.
type projectFilter func(col string, q *query) string

// byIDs selects the listed projects.
func byIDs(ids []int64) projectFilter {
	return func(col string, q *query) string { return " AND " + col + " IN (" + idList(q, ids) + ")" }
}

// byRange selects projects lo <= id < hi.
func byRange(lo, hi int64) projectFilter {
	return func(col string, q *query) string {
		return " AND " + col + " >= " + q.arg(lo) + " AND " + col + " < " + q.arg(hi)
	}
}

// loadFacts reads what the lights of the projects the filter selects depend on in year.
func (db *DB) loadFacts(ctx context.Context, q queryer, filter projectFilter, year int) (map[int64]*stride.ProjectFacts, []int64, error) {
	facts := map[int64]*stride.ProjectFacts{}
	var order []int64
	qq := &query{}
	qq.raw(`SELECT id, stage, total_investment, stats_entry_date, start_planned, start_actual FROM projects WHERE TRUE` + filter("id", qq) + ` ORDER BY id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		f := &stride.ProjectFacts{Year: year, FirstMonth: 1}
		var id int64
		if err := rows.Scan(&id, &f.Stage, &f.TotalInvestment, &f.StatsEntry, &f.PlannedStart, &f.ActualStart); err != nil {
			rows.Close()
			return nil, nil, err
		}
		f.FirstMonth = stride.FirstReportMonth(f.ActualStart, f.PlannedStart, year)
		facts[id] = f
		order = append(order, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}

	qq = &query{}
	y := qq.arg(year)
	// "+year" keeps SQLite off the year index: the project filter is the selective one.
	qq.raw(`SELECT project_id, investment, curve FROM annual_plans WHERE +year = ` + y + filter("project_id", qq))
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var inv stride.Money
		var curve string
		if err := rows.Scan(&id, &inv, &curve); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if f := facts[id]; f != nil {
			f.AnnualPlan = inv
			if c, err := decodeCurve(curve); err == nil && len(c) == 12 {
				f.PlanCurve = c
			}
		}
	}
	rows.Close()

	qq = &query{}
	y = qq.arg(year)
	qq.raw(`SELECT project_id, month, completed, reported FROM project_months WHERE +year = ` + y + filter("project_id", qq))
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var month int
		var completed stride.Money
		var reported bool
		if err := rows.Scan(&id, &month, &completed, &reported); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if f := facts[id]; f != nil && month >= 1 && month <= 12 {
			f.Completed[month-1] = completed
			f.Reported[month-1] = reported
		}
	}
	rows.Close()

	qq = &query{}
	qq.raw(`SELECT project_id, name, planned_date, actual_date FROM milestones WHERE planned_date IS NOT NULL` + filter("project_id", qq) + ` ORDER BY project_id, seq`)
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m stride.MilestoneFact
		if err := rows.Scan(&id, &m.Name, &m.Planned, &m.Actual); err != nil {
			return nil, nil, err
		}
		if f := facts[id]; f != nil {
			f.Milestones = append(f.Milestones, m)
		}
	}
	return facts, order, rows.Err()
}

// refreshLights recomputes and stores the lights of the projects as of today (every
// project when ids is nil), and brings the dashboard roll-ups in line with them: every
// ledger write ends here.
func (db *DB) refreshLights(ctx context.Context, tx queryer, ids []int64) error {
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		if err := db.refreshSome(ctx, tx, byIDs(ids)); err != nil {
			return err
		}
		return db.rollupDashboard(ctx, tx, ids)
	}
	// Every project, a few thousand at a time, so memory stays flat at any portfolio size.
	var lo, hi sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM projects`).Scan(&lo, &hi); err != nil || !lo.Valid {
		return err
	}
	const chunk = 4000
	for from := lo.Int64; from <= hi.Int64; from += chunk {
		if err := db.refreshSome(ctx, tx, byRange(from, from+chunk)); err != nil {
			return err
		}
	}
	return db.rollupDashboardLights(ctx, tx)
}

// refreshSome recomputes and stores the lights of the projects the filter selects.
func (db *DB) refreshSome(ctx context.Context, tx queryer, filter projectFilter) error {
	// Every ledger write ends here, so this is where the ledger's version moves.
	if err := bumpLedger(ctx, tx); err != nil {
		return err
	}
	today := db.today()
	settings, err := db.lightSettings(ctx, tx)
	if err != nil {
		return err
	}
	facts, order, err := db.loadFacts(ctx, tx, filter, today.Year)
	if err != nil {
		return fmt.Errorf("store: light facts: %w", err)
	}
	if err := db.approvalFacts(ctx, tx, facts, order); err != nil {
		return fmt.Errorf("store: approval facts: %w", err)
	}
	now := db.now().UTC()
	var rows [][]any
	byColor := map[stride.Color][]int64{}
	for _, id := range order {
		lights := stride.EvaluateLights(*facts[id], today, settings)
		for _, l := range lights {
			if l.Color != stride.ColorNone {
				rows = append(rows, []any{id, string(l.Dimension), string(l.Color), encodeReasons(l.Reasons), now})
			}
		}
		w := stride.Worst(lights)
		byColor[w] = append(byColor[w], id)
	}
	q := &query{}
	q.raw(`DELETE FROM project_lights WHERE TRUE` + filter("project_id", q))
	if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, "project_lights", []string{"project_id", "dimension", "color", "reasons", "computed_at"}, rows, ""); err != nil {
		return err
	}
	for _, color := range []stride.Color{stride.ColorNone, stride.ColorGreen, stride.ColorYellow, stride.ColorRed} {
		// Short IN lists: SQLite looks placeholders up by name in a list.
		for list := byColor[color]; len(list) > 0; {
			n := min(500, len(list))
			q := &query{}
			c := q.arg(string(color))
			q.raw(`UPDATE projects SET light = ` + c + ` WHERE light <> ` + c + ` AND id IN (` + idList(q, list[:n]) + `)`)
			if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
				return err
			}
			list = list[n:]
		}
	}
	return nil
}

// RecomputeLights recomputes the lights of every project as of today, in one transaction,
// and returns how many projects it evaluated. The daily job and a change of thresholds
// call it.
func (db *DB) RecomputeLights(ctx context.Context) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
			return err
		}
		return db.refreshLights(ctx, tx, nil)
	})
	return n, err
}

// ProjectLights returns the stored lights of a project in the actor's scope.
func (db *DB) ProjectLights(ctx context.Context, a *stride.Actor, id int64) ([]stride.Light, error) {
	if _, err := db.GetProject(ctx, a, id); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT dimension, color, reasons FROM project_lights WHERE project_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[stride.Dimension]stride.Light{}
	for rows.Next() {
		var l stride.Light
		var reasons string
		if err := rows.Scan(&l.Dimension, &l.Color, &reasons); err != nil {
			return nil, err
		}
		if l.Reasons, err = decodeReasons(reasons); err != nil {
			return nil, err
		}
		stored[l.Dimension] = l
	}
	out := []stride.Light{}
	for _, d := range stride.Dimensions {
		if l, ok := stored[d]; ok {
			out = append(out, l)
		}
	}
	return out, rows.Err()
}
