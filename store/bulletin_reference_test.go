package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

// The bulletin's generation as it was before the draft streamed the ledger (every row
// read into memory, the lit projects' reasons in a map, the figures built from the rows),
// kept as the reference that the streamed draft must reproduce byte for byte. Only the
// names changed (legacy…).

// ReferenceBulletin generates week's bulletin for a the way DraftBulletin did before it
// streamed the ledger, without storing it: its content, its detail as stored (gzip'd)
// and its snapshot, each as DraftBulletin would write them.
func (db *DB) ReferenceBulletin(ctx context.Context, a *stride.Actor, w stride.Week) (content, detail, snap []byte, err error) {
	settings, err := db.BulletinSettings(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	from, to := w.Period(settings.CutoffWeekday)
	c, blob, s, err := db.legacyGenerateBulletin(ctx, a, w, from, to, settings)
	if err != nil {
		return nil, nil, nil, err
	}
	if content, err = json.Marshal(c); err != nil {
		return nil, nil, nil, err
	}
	snap, _ = json.Marshal(s)
	return content, blob, snap, nil
}

// legacyGenerateBulletin reads the data of a bulletin and returns its content, its detail
// encoded for storage, and the snapshot the next week compares with: the dashboard's
// figures for the year, the frozen ledger rows with the projects behind every figure, the
// changes since the last bulletin, the period's inspections, the overdue approvals and
// blockages, and the running campaigns. (Reading the dashboard and the rows at once, on
// two connections, measured no faster on two cores than one after the other.)
func (db *DB) legacyGenerateBulletin(ctx context.Context, a *stride.Actor, w stride.Week, from, to stride.Date, s stride.BulletinSettings) (*stride.BulletinContent, []byte, snapshot, error) {
	today := db.today()
	asOf := today
	if to.Before(today) {
		asOf = to
	}
	year := asOf.Year
	d, err := db.Dashboard(ctx, a, year)
	if err != nil {
		return nil, nil, snapshot{}, err
	}
	period := d.Period // the rows in the dashboard's terms, whatever the clock says now
	rows, err := db.legacyFrozenRows(ctx, a, year, period)
	if err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin rows: %w", err)
	}

	detail := &frozenDetail{rows: rows, figures: map[string][]int64{}}
	fig := func(key string, keep func(r *frozenRow) bool) []*frozenRow {
		ids := []int64{}
		var out []*frozenRow
		for i := range rows {
			if keep(&rows[i]) {
				ids = append(ids, rows[i].ID)
				out = append(out, &rows[i])
			}
		}
		detail.figures[key] = ids
		return out
	}
	inYear := func(dt stride.Date) bool { return dt.Year == year }
	inPeriod := func(dt stride.Date) bool { return !dt.IsZero() && !dt.Before(from) && !dt.After(to) }
	fig(stride.FigLedger, func(*frozenRow) bool { return true })
	fig(stride.FigStarted, func(r *frozenRow) bool { return inYear(r.Started) })
	fig(stride.FigCompletions, func(r *frozenRow) bool { return inYear(r.Ended) })
	fig(stride.FigNewProjects, func(r *frozenRow) bool { return r.New })
	red := fig(stride.FigRed, func(r *frozenRow) bool { return r.Light == stride.ColorRed })
	yellow := fig(stride.FigYellow, func(r *frozenRow) bool { return r.Light == stride.ColorYellow })
	fig(stride.FigGreen, func(r *frozenRow) bool { return r.Light == stride.ColorGreen })
	for i := range rows {
		key := stride.UnitFigure(rows[i].LeadUnitID)
		detail.figures[key] = append(detail.figures[key], rows[i].ID)
	}
	snap := snapshot{Red: detail.figures[stride.FigRed], Yellow: detail.figures[stride.FigYellow]}
	since, prev, err := db.previousSnapshot(ctx, a, w, from)
	if err != nil {
		return nil, nil, snapshot{}, err
	}
	wasRed, wasLit := map[int64]bool{}, map[int64]bool{}
	for _, id := range prev.Red {
		wasRed[id], wasLit[id] = true, true
	}
	for _, id := range prev.Yellow {
		wasLit[id] = true
	}
	newRed := fig(stride.FigNewRed, func(r *frozenRow) bool { return since != "" && r.Light == stride.ColorRed && !wasRed[r.ID] })
	turned := fig(stride.FigTurnedGreen, func(r *frozenRow) bool { return r.Light == stride.ColorGreen && wasLit[r.ID] })
	started := fig(stride.FigStartedWeek, func(r *frozenRow) bool { return inPeriod(r.Started) })
	completed := fig(stride.FigCompletedWeek, func(r *frozenRow) bool { return inPeriod(r.Ended) })
	blob, err := legacyEncodeDetail(detail)
	if err != nil {
		return nil, nil, snapshot{}, err
	}

	c := &stride.BulletinContent{Year: year, Period: period, AsOf: today, Campaigns: []stride.BulletinCampaign{}}
	c.Figures = map[string]string{"projects": stride.FigLedger, "total_investment": stride.FigLedger, "plan": stride.FigLedger,
		"completed": stride.FigLedger, "rate": stride.FigLedger, "pace": stride.FigLedger, "started": stride.FigStarted,
		"completions": stride.FigCompletions, "start_rate": stride.FigNewProjects, "new_projects": stride.FigNewProjects,
		"red": stride.FigRed, "yellow": stride.FigYellow, "green": stride.FigGreen}
	c.Red = legacyListOf(stride.FigRed, legacyWorstFirst(red), s.ListLimit, true)
	c.Yellow = legacyListOf(stride.FigYellow, legacyWorstFirst(yellow), s.ListLimit, true)
	c.Changes.Since = since
	c.Changes.NewRed = legacyListOf(stride.FigNewRed, legacyWorstFirst(newRed), s.ListLimit, true)
	c.Changes.TurnedGreen = legacyListOf(stride.FigTurnedGreen, turned, s.ListLimit, false)
	c.Changes.Started = legacyListOf(stride.FigStartedWeek, started, s.ListLimit, false)
	c.Changes.Completed = legacyListOf(stride.FigCompletedWeek, completed, s.ListLimit, false)
	if c.Inspections, err = db.bulletinInspections(ctx, a, from, to, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin inspections: %w", err)
	}
	if c.Approvals, err = db.overdueApprovals(ctx, a, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin approvals: %w", err)
	}
	if c.Blockages, err = db.overdueBlockages(ctx, a, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin blockages: %w", err)
	}
	c.Overall, c.Units, c.Lights, c.Trend = stride.OverallOf(d), d.Units, d.ByLight, d.Trend
	if c.Units == nil {
		c.Units = []stride.UnitRank{}
	}
	n := min(3, len(c.Units))
	c.Bottom = slices.Clone(c.Units[:n])
	c.Top = []stride.UnitRank{}
	for i := len(c.Units) - 1; i >= len(c.Units)-n; i-- {
		c.Top = append(c.Top, c.Units[i])
	}
	for _, cp := range d.Campaigns {
		bc := stride.BulletinCampaign{ID: cp.ID, Name: cp.Name, StartsOn: cp.StartsOn, EndsOn: cp.EndsOn}
		if cp.Tally != nil {
			bc.DaysLeft, bc.Projects, bc.Results = cp.Tally.DaysLeft, cp.Tally.Projects, cp.Tally.Results
		}
		c.Campaigns = append(c.Campaigns, bc)
	}
	return c, blob, snap, nil
}

// legacyWorstFirst orders lit projects by their number of dimensions of their colour, then by
// how far behind pace they are, then by id.
func legacyWorstFirst(rs []*frozenRow) []*frozenRow {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].dims != rs[j].dims {
			return rs[i].dims > rs[j].dims
		}
		gi, gj := rs[i].Rate()-rs[i].Pace(), rs[j].Rate()-rs[j].Pace()
		if gi != gj {
			return gi < gj
		}
		return rs[i].ID < rs[j].ID
	})
	return rs
}

// listOf names the first projects of a figure, with their reasons when asked.
func legacyListOf(figure string, rs []*frozenRow, limit int, reasons bool) stride.BulletinList {
	l := stride.BulletinList{Figure: figure, Total: len(rs), Items: []stride.BulletinProject{}}
	for _, r := range rs[:min(limit, len(rs))] {
		p := stride.BulletinProject{ID: r.ID, Name: r.Name, LeadUnit: r.LeadUnit, Color: r.Light}
		if reasons {
			p.Why = r.phrases()
		}
		l.Items = append(l.Items, p)
	}
	return l
}

// legacyFrozenRows reads the year's ledger in scope as a bulletin freezes it, with the reasons of
// its red and yellow projects.
func (db *DB) legacyFrozenRows(ctx context.Context, a *stride.Actor, year, period int) ([]frozenRow, error) {
	rows, err := db.legacyBulletinRows(ctx, a, year, period)
	if err != nil {
		return nil, err
	}
	lit, err := db.legacyLitReasons(ctx, a, year)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if l := lit[rows[i].ID]; l != nil {
			rows[i].why, rows[i].dims = l.why, l.dims
		}
	}
	return rows, nil
}

// legacyBulletinRows reads the year's ledger in the actor's scope as the bulletin freezes it, in
// the same terms as the dashboard and from the same per-project roll-up (dashboard_members,
// a row per project of the year's ledger): the plan, completed investment approved for
// months 1..period, the plan's cumulative amount at period's end, 新开工 or not.
func (db *DB) legacyBulletinRows(ctx context.Context, a *stride.Actor, year, period int) ([]frozenRow, error) {
	completed, planned := "0", "0"
	if period >= 1 && period <= 12 {
		cols := monthColumns("completed")[:period]
		completed = "dm." + strings.Join(cols, " + dm.")
		planned = "dm." + monthColumns("planned")[period-1]
	}
	q := &query{}
	y := q.arg(year)
	q.raw(`SELECT p.id, p.name, p.lead_unit_id, lu.name, ou.name, p.category, p.stage, p.total_investment, dm.plan,
		` + completed + `, ` + planned + `, p.light, p.start_actual, p.end_actual, dm.new_projects
		FROM dashboard_members dm JOIN projects p ON p.id = dm.project_id
		JOIN units lu ON lu.id = p.lead_unit_id JOIN units ou ON ou.id = p.owner_unit_id`)
	q.add(` WHERE dm.year = %s AND %s ORDER BY p.id`, y, projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []frozenRow{}
	for rows.Next() {
		var r frozenRow
		var isNew int
		if err := rows.Scan(&r.ID, &r.Name, &r.LeadUnitID, &r.LeadUnit, &r.OwnerUnit, &r.Category, &r.Stage, &r.Total, &r.Plan,
			&r.Completed, &r.Planned, &r.Light, &r.Started, &r.Ended, &isNew); err != nil {
			return nil, err
		}
		r.New = isNew == 1
		out = append(out, r)
	}
	return out, rows.Err()
}

// legacyLitReasons reads the stored reasons of the red and yellow projects of the year's ledger
// in scope: for each project, the dimensions of its colour, as one JSON array.
func (db *DB) legacyLitReasons(ctx context.Context, a *stride.Actor, year int) (map[int64]*frozenRow, error) {
	q := &query{}
	q.add(`SELECT pl.project_id, pl.reasons FROM project_lights pl JOIN projects p ON p.id = pl.project_id
		WHERE p.light IN ('red', 'yellow') AND pl.color = p.light AND %s AND %s ORDER BY pl.project_id, pl.dimension`,
		inLedger(q, year), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*frozenRow{}
	for rows.Next() {
		var id int64
		var reasons string
		if err := rows.Scan(&id, &reasons); err != nil {
			return nil, err
		}
		r := out[id]
		if r == nil {
			r = &frozenRow{}
			out[id] = r
		}
		r.dims++
		reasons = strings.TrimSpace(reasons)
		switch {
		case len(reasons) < 2 || reasons == "[]":
		case r.why == "":
			r.why = reasons
		default:
			r.why = r.why[:len(r.why)-1] + "," + reasons[1:]
		}
	}
	return out, rows.Err()
}

func legacyEncodeDetail(d *frozenDetail) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w := bufio.NewWriterSize(zw, 1<<16)
	w.WriteString(detailMagic + "\n")
	var line []byte
	text := func(s string) {
		line = append(line, '\t')
		if strings.ContainsAny(s, "\\\t\n\r") {
			s = detailEscape.Replace(s)
		}
		line = append(line, s...)
	}
	num := func(v int64) {
		line = append(line, '\t')
		line = strconv.AppendInt(line, v, 10)
	}
	for i := range d.rows {
		r := &d.rows[i]
		line = append(line[:0], 'R')
		num(r.ID)
		text(r.Name)
		num(r.LeadUnitID)
		text(r.LeadUnit)
		text(r.OwnerUnit)
		text(string(r.Category))
		text(string(r.Stage))
		num(int64(r.Total))
		num(int64(r.Plan))
		num(int64(r.Completed))
		num(int64(r.Planned))
		text(string(r.Light))
		text(r.Started.String())
		text(r.Ended.String())
		if r.New {
			num(1)
		} else {
			num(0)
		}
		text(r.why)
		line = append(line, '\n')
		w.Write(line)
	}
	for _, key := range sortedKeys(d.figures) {
		line = append(line[:0], 'F')
		text(key)
		line = append(line, '\t')
		for i, id := range d.figures[key] {
			if i > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendInt(line, id, 10)
		}
		line = append(line, '\n')
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrStopRows is what BulletinRowsUntil's consumer returns to stop.
var ErrStopRows = fmt.Errorf("stop")

// BulletinRowsUntil streams the year's bulletin rows for a and stops after n of them with
// ErrStopRows (never when n < 0), returning the ids it was given.
func (db *DB) BulletinRowsUntil(ctx context.Context, a *stride.Actor, year, n int) ([]int64, error) {
	var ids []int64
	err := db.bulletinRows(ctx, a, year, 12, func(r *frozenRow) error {
		if len(ids) == n {
			return ErrStopRows
		}
		ids = append(ids, r.ID)
		return nil
	})
	return ids, err
}
