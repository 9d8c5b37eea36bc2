package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

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

// storedMsg is a light reason as the recompute writes it, through a reused encoder: the
// stored form of a stride.Msg (plain arguments only), which decodeReasons reads back.
type storedMsg struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// decodeReasons reads stored reasons back (see stride.Msg's UnmarshalJSON).
func decodeReasons(s string) ([]stride.Msg, error) {
	var out []stride.Msg
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
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

// lightGroup is how many project ids a recomputation of every light reads at a time, so
// its memory stays flat at any portfolio size.
const lightGroup = 4000

// lightKey names a stored light: a project's dimension.
type lightKey struct {
	project   int64
	dimension stride.Dimension
}

// storedLight is a light row as stored.
type storedLight struct {
	color   stride.Color
	reasons string
}

// lightRefresh is one recomputation of lights: the day and thresholds it judges by, and the
// buffers it reuses from one group of projects to the next, so that recomputing a large
// portfolio allocates for the rows that change rather than for every project.
type lightRefresh struct {
	db       *DB
	today    stride.Date
	settings stride.LightSettings
	now      time.Time

	facts  []stride.ProjectFacts // the group's projects, in id order
	ids    []int64               // their ids, parallel to facts
	light  []stride.Color        // their projects.light as stored, parallel to facts
	byID   map[int64]*stride.ProjectFacts
	stored map[lightKey]storedLight // the group's project_lights rows as stored

	upserts [][]any
	gone    map[stride.Dimension][]int64 // stored rows whose dimension no longer applies
	moved   map[stride.Color][]int64     // projects whose light changed, by their new colour
	msgs    []storedMsg
	buf     bytes.Buffer
	enc     *json.Encoder

	written int // light rows inserted, updated or deleted, and project lights moved
}

func (db *DB) newLightRefresh(ctx context.Context, q queryer) (*lightRefresh, error) {
	settings, err := db.lightSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	r := &lightRefresh{db: db, today: db.today(), settings: settings, now: db.now().UTC(),
		byID: map[int64]*stride.ProjectFacts{}, stored: map[lightKey]storedLight{},
		gone: map[stride.Dimension][]int64{}, moved: map[stride.Color][]int64{},
		msgs: make([]storedMsg, 0, 8)} // not nil: no reasons encode as [], as they always have
	r.enc = json.NewEncoder(&r.buf)
	return r, nil
}

// refreshLights recomputes the lights of the projects as of today and stores what changed.
// With ids nil it recomputes every project.
func (db *DB) refreshLights(ctx context.Context, tx queryer, ids []int64) error {
	if ids != nil && len(ids) == 0 {
		return nil
	}
	r, err := db.newLightRefresh(ctx, tx)
	if err != nil {
		return err
	}
	if ids != nil {
		// Every ledger write ends here, so this is where the ledger's version moves and
		// the dashboard roll-ups follow the projects written.
		if err := bumpLedger(ctx, tx); err != nil {
			return err
		}
		// Short IN lists: SQLite looks placeholders up by name in a list.
		for rest := ids; len(rest) > 0; {
			n := min(500, len(rest))
			if err := r.refresh(ctx, tx, byIDs(rest[:n])); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return db.rollupDashboard(ctx, tx, ids)
	}
	// Every project, a group at a time.
	var lo, hi sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM projects`).Scan(&lo, &hi); err != nil || !lo.Valid {
		return err
	}
	for from := lo.Int64; from <= hi.Int64; from += lightGroup {
		if err := r.refresh(ctx, tx, byRange(from, from+lightGroup)); err != nil {
			return err
		}
	}
	if r.written == 0 {
		return nil // nothing changed: the roll-ups and the caches keyed by the ledger's version stay good
	}
	if err := bumpLedger(ctx, tx); err != nil {
		return err
	}
	return db.rollupDashboardLights(ctx, tx)
}

// refresh recomputes the lights of the projects the filter selects and writes only the
// difference with what is stored: a row whose colour or reasons changed is written (its
// computed_at is therefore when it last changed), a row whose dimension no longer applies
// is deleted, and a project's light is updated when its worst colour moved.
func (r *lightRefresh) refresh(ctx context.Context, tx queryer, filter projectFilter) error {
	if err := r.diff(ctx, tx, filter); err != nil {
		return err
	}
	return r.write(ctx, tx)
}

// diff recomputes the lights of the projects the filter selects and lists how they differ
// from what is stored, in r.upserts, r.gone and r.moved.
func (r *lightRefresh) diff(ctx context.Context, q queryer, filter projectFilter) error {
	if err := r.loadFacts(ctx, q, filter); err != nil {
		return fmt.Errorf("store: light facts: %w", err)
	}
	if err := r.db.approvalFacts(ctx, q, r.byID, r.ids); err != nil {
		return fmt.Errorf("store: approval facts: %w", err)
	}
	if err := r.loadStored(ctx, q, filter); err != nil {
		return fmt.Errorf("store: stored lights: %w", err)
	}
	r.upserts = r.upserts[:0]
	for i := range r.facts {
		id := r.ids[i]
		lights := stride.EvaluateLights(r.facts[i], r.today, r.settings)
		for _, l := range lights {
			if l.Color == stride.ColorNone {
				continue
			}
			reasons := r.encode(l.Reasons)
			k := lightKey{id, l.Dimension}
			if s, ok := r.stored[k]; ok {
				delete(r.stored, k)
				if s.color == l.Color && s.reasons == string(reasons) {
					continue
				}
			}
			r.upserts = append(r.upserts, []any{id, string(l.Dimension), string(l.Color), string(reasons), r.now})
		}
		if w := stride.Worst(lights); w != r.light[i] {
			r.moved[w] = append(r.moved[w], id)
		}
	}
	for k := range r.stored {
		r.gone[k.dimension] = append(r.gone[k.dimension], k.project)
	}
	return nil
}

// changed appends to ids the projects the listed difference touches, and empties the
// lists.
func (r *lightRefresh) changed(ids []int64) []int64 {
	from := len(ids)
	for _, row := range r.upserts {
		ids = append(ids, row[0].(int64))
	}
	r.upserts = r.upserts[:0]
	for dim, list := range r.gone {
		ids = append(ids, list...)
		r.gone[dim] = list[:0]
	}
	for color, list := range r.moved {
		ids = append(ids, list...)
		r.moved[color] = list[:0]
	}
	slices.Sort(ids[from:])
	return append(ids[:from], slices.Compact(ids[from:])...)
}

// write applies the difference diff listed, and empties the lists.
func (r *lightRefresh) write(ctx context.Context, tx queryer) error {
	if err := r.db.writeRows(ctx, tx, "project_lights", []string{"project_id", "dimension", "color", "reasons", "computed_at"}, r.upserts,
		`ON CONFLICT (project_id, dimension) DO UPDATE SET color = excluded.color, reasons = excluded.reasons, computed_at = excluded.computed_at`); err != nil {
		return err
	}
	r.written += len(r.upserts)
	for dim, ids := range r.gone {
		slices.Sort(ids)
		r.written += len(ids)
		for list := ids; len(list) > 0; {
			n := min(500, len(list))
			q := &query{}
			q.raw(`DELETE FROM project_lights WHERE dimension = ` + q.arg(string(dim)) + ` AND project_id IN (` + idList(q, list[:n]) + `)`)
			if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
				return err
			}
			list = list[n:]
		}
		r.gone[dim] = ids[:0]
	}
	for color, ids := range r.moved {
		r.written += len(ids)
		for list := ids; len(list) > 0; {
			n := min(500, len(list))
			q := &query{}
			q.raw(`UPDATE projects SET light = ` + q.arg(string(color)) + ` WHERE id IN (` + idList(q, list[:n]) + `)`)
			if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
				return err
			}
			list = list[n:]
		}
		r.moved[color] = ids[:0]
	}
	return nil
}

// encode renders reasons as stored, into a buffer reused by the next call: the bytes are
// valid until then.
func (r *lightRefresh) encode(ms []stride.Msg) []byte {
	r.msgs = r.msgs[:0]
	for _, m := range ms {
		r.msgs = append(r.msgs, storedMsg{Key: m.Key, Args: m.Args})
	}
	r.buf.Reset()
	r.enc.Encode(r.msgs) // keys, strings and integers: it cannot fail
	return bytes.TrimSuffix(r.buf.Bytes(), []byte("\n"))
}

// nextFacts returns the next slot of the facts buffer, cleared but keeping the capacity
// of its node and approval lists.
func (r *lightRefresh) nextFacts() *stride.ProjectFacts {
	if len(r.facts) == cap(r.facts) {
		r.facts = append(r.facts, stride.ProjectFacts{})
	} else {
		r.facts = r.facts[:len(r.facts)+1]
	}
	f := &r.facts[len(r.facts)-1]
	*f = stride.ProjectFacts{Milestones: f.Milestones[:0], Approvals: f.Approvals[:0]}
	return f
}

// loadFacts reads what the lights of the projects the filter selects depend on in this
// year, and the projects' lights as stored.
func (r *lightRefresh) loadFacts(ctx context.Context, q queryer, filter projectFilter) error {
	year := r.today.Year
	r.facts, r.ids, r.light = r.facts[:0], r.ids[:0], r.light[:0]
	clear(r.byID)
	var (
		id        int64
		light     sql.RawBytes
		month     int
		money     stride.Money
		reported  bool
		curve     sql.RawBytes
		milestone stride.MilestoneFact
	)
	qq := &query{}
	qq.raw(`SELECT id, stage, total_investment, stats_entry_date, start_planned, start_actual, light FROM projects WHERE TRUE` + filter("id", qq) + ` ORDER BY id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		f := r.nextFacts()
		f.Year = year
		if err := rows.Scan(&id, &f.Stage, &f.TotalInvestment, &f.StatsEntry, &f.PlannedStart, &f.ActualStart, &light); err != nil {
			rows.Close()
			return err
		}
		f.FirstMonth = stride.FirstReportMonth(f.ActualStart, f.PlannedStart, year)
		r.ids = append(r.ids, id)
		r.light = append(r.light, knownColor(light))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// The map points into r.facts, so it is built once the slice has stopped growing.
	for i := range r.facts {
		r.byID[r.ids[i]] = &r.facts[i]
	}

	qq = &query{}
	y := qq.arg(year)
	qq.raw(`SELECT project_id, investment, curve FROM annual_plans WHERE ` + r.db.offIndex("year") + ` = ` + y + filter("project_id", qq))
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(&id, &money, &curve); err != nil {
			rows.Close()
			return err
		}
		if f := r.byID[id]; f != nil {
			f.AnnualPlan = money
			if len(curve) > 0 {
				if c, err := decodeCurve(string(curve)); err == nil && len(c) == 12 {
					f.PlanCurve = c
				}
			}
		}
	}
	rows.Close()

	qq = &query{}
	y = qq.arg(year)
	qq.raw(`SELECT project_id, month, completed, reported FROM project_months WHERE ` + r.db.offIndex("year") + ` = ` + y + filter("project_id", qq))
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(&id, &month, &money, &reported); err != nil {
			rows.Close()
			return err
		}
		if f := r.byID[id]; f != nil && month >= 1 && month <= 12 {
			f.Completed[month-1] = money
			f.Reported[month-1] = reported
		}
	}
	rows.Close()

	qq = &query{}
	qq.raw(`SELECT project_id, name, planned_date, actual_date FROM milestones WHERE planned_date IS NOT NULL` + filter("project_id", qq) + ` ORDER BY project_id, seq`)
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&id, &milestone.Name, &milestone.Planned, &milestone.Actual); err != nil {
			return err
		}
		if f := r.byID[id]; f != nil {
			f.Milestones = append(f.Milestones, milestone)
		}
	}
	return rows.Err()
}

// loadStored reads the stored light rows of the projects the filter selects.
func (r *lightRefresh) loadStored(ctx context.Context, q queryer, filter projectFilter) error {
	clear(r.stored)
	qq := &query{}
	qq.raw(`SELECT project_id, dimension, color, reasons FROM project_lights WHERE TRUE` + filter("project_id", qq))
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id         int64
		dim, color sql.RawBytes
		reasons    string
	)
	for rows.Next() {
		if err := rows.Scan(&id, &dim, &color, &reasons); err != nil {
			return err
		}
		r.stored[lightKey{id, knownDimension(dim)}] = storedLight{knownColor(color), reasons}
	}
	return rows.Err()
}

// knownColor returns the colour named by b without allocating for the known ones.
func knownColor(b []byte) stride.Color {
	for _, c := range []stride.Color{stride.ColorNone, stride.ColorGreen, stride.ColorYellow, stride.ColorRed} {
		if string(b) == string(c) {
			return c
		}
	}
	return stride.Color(b)
}

// knownDimension returns the dimension named by b without allocating for the known ones.
func knownDimension(b []byte) stride.Dimension {
	for _, d := range stride.Dimensions {
		if string(b) == string(d) {
			return d
		}
	}
	return stride.Dimension(b)
}

// RecomputeLights recomputes the lights of every project as of today and returns how many
// projects it evaluated. The daily job and a change of thresholds call it.
//
// It works in two passes. The first reads every project, a group at a time and outside
// any transaction, and finds those whose stored lights differ from today's; the second
// recomputes just those in one transaction, reading them again under its lock, and writes
// what changed. A project's lights depend only on its own rows, and every write to those
// refreshes its lights in the writing transaction, so a project the first pass found
// unchanged cannot be left stale by a write that came after. On SQLite the write lock is
// thus held for the changed projects only, not for the whole portfolio: in one write
// transaction, every login and save waited seconds for it at 100,000 projects. When most
// lights move (new thresholds, a new report month), reading everything twice would cost
// more than it saves, so once more than half the projects read have changed, the rest is
// done in one pass in one transaction.
func (db *DB) RecomputeLights(ctx context.Context) (int, error) {
	r, err := db.newLightRefresh(ctx, db.sql)
	if err != nil {
		return 0, err
	}
	var lo, hi sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM projects`).Scan(&lo, &hi); err != nil || !lo.Valid {
		return 0, err
	}
	n := 0
	var changed []int64
	for from := lo.Int64; from <= hi.Int64; from += lightGroup {
		if err := r.diff(ctx, db.sql, byRange(from, from+lightGroup)); err != nil {
			return n, err
		}
		n += len(r.facts)
		changed = r.changed(changed)
		if len(changed) > n/2 {
			err := db.tx(ctx, func(tx *sql.Tx) error {
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
					return err
				}
				return db.refreshLights(ctx, tx, nil)
			})
			return n, err
		}
	}
	if len(changed) == 0 {
		return n, nil
	}
	return n, db.tx(ctx, func(tx *sql.Tx) error { return db.refreshLights(ctx, tx, changed) })
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
