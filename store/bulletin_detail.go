package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

// frozenRow is a ledger row as a bulletin freezes it, its reasons kept as the stored JSON
// so that drafting never decodes the reasons of tens of thousands of lit projects.
type frozenRow struct {
	stride.BulletinRow
	why  string // a JSON array of the reasons of the project's colour, "" for none
	dims int    // the dimensions of that colour
}

// phrases decodes the row's reasons.
func (r *frozenRow) phrases() []stride.Phrase { return phrases(r.why) }

// phrases decodes reasons kept as their stored JSON; nil for none.
func phrases(why string) []stride.Phrase {
	if why == "" {
		return nil
	}
	var out []stride.Phrase
	if err := json.Unmarshal([]byte(why), &out); err != nil {
		return nil
	}
	return out
}

// frozenDetail is what a bulletin keeps beside its content.
type frozenDetail struct {
	rows    []frozenRow
	figures map[string][]int64
}

// public is the detail as the domain shows it, every row's reasons decoded.
func (d *frozenDetail) public() *stride.BulletinDetail {
	out := &stride.BulletinDetail{Rows: make([]stride.BulletinRow, len(d.rows)), Figures: d.figures}
	for i := range d.rows {
		out.Rows[i] = d.rows[i].BulletinRow
		out.Rows[i].Why = d.rows[i].phrases()
	}
	return out
}

// bulletinRows streams the year's ledger in the actor's scope to fn, in id order, as the
// bulletin freezes it, in the same terms as the dashboard and from the same per-project
// roll-up (dashboard_members, a row per project of the year's ledger): the plan, completed
// investment approved for months 1..period, the plan's cumulative amount at period's end,
// 新开工 or not, and for a red or yellow project the stored reasons of its colour. fn must
// not keep the row it gets, only what it needs of it. Nothing is held per project here,
// so a draft's memory does not grow with the portfolio.
//
// The rows are read on a goroutine of their own, a batch of rowBatch ahead of fn (at most
// three batches exist), so that reading them (the database's work, and SQLite's own)
// and what fn does with them (the detail's encoding and compression) share the cores
// instead of taking turns.
func (db *DB) bulletinRows(ctx context.Context, a *stride.Actor, year, period int, fn func(r *frozenRow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full, empty := make(chan []frozenRow, 1), make(chan []frozenRow, 2)
	done := make(chan error, 1)
	go func() {
		defer close(full)
		batch := make([]frozenRow, 0, rowBatch)
		send := func() error {
			select {
			case full <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case batch = <-empty:
			default:
				batch = make([]frozenRow, 0, rowBatch)
			}
			return nil
		}
		err := db.readBulletinRows(ctx, a, year, period, func(r *frozenRow) error {
			if batch = append(batch, *r); len(batch) == rowBatch {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		done <- err
	}()
	for batch := range full {
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				cancel()
				for range full { // until the reader has stopped
				}
				<-done
				return err
			}
		}
		select {
		case empty <- batch[:0]:
		default:
		}
	}
	return <-done
}

// rowBatch is how many rows bulletinRows hands over at a time.
const rowBatch = 512

// readBulletinRows reads the rows of bulletinRows and gives them to fn one by one, the
// same row refilled.
//
// Both reads follow the members' year index in project order (migration 0014), so
// neither engine sorts the year. The reasons are a second read in the same order, merged
// in step with the rows (a join would repeat a row's columns once per dimension of its
// colour, and costs SQLite more than the two reads). A scoped reader's scope is the set of
// its projects (projectScopeIDs): a department's few thousand are found through the unit
// indexes rather than the scope tested on each of the year's members.
func (db *DB) readBulletinRows(ctx context.Context, a *stride.Actor, year, period int, fn func(r *frozenRow) error) error {
	completed, planned := "CAST(0 AS BIGINT)", "CAST(0 AS BIGINT)"
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
	q.add(` WHERE dm.year = %s AND %s ORDER BY dm.project_id`, y, projectScopeIDs(q, a, "p.id"))
	rows, err := db.streamRows(ctx, "bulletin_rows", q)
	if err != nil {
		return err
	}
	defer rows.Close()
	lit, err := db.litReasons(ctx, a, year)
	if err != nil {
		return err
	}
	defer lit.close()
	var r frozenRow
	var isNew int
	dest := []any{&r.ID, &r.Name, &r.LeadUnitID, &r.LeadUnit, &r.OwnerUnit, &r.Category, &r.Stage, &r.Total, &r.Plan,
		&r.Completed, &r.Planned, &r.Light, &r.Started, &r.Ended, &isNew} // once, not a slice per row
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		r.New = isNew == 1
		if r.why, r.dims, err = lit.of(r.ID); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return lit.close()
}

// litCursor reads the stored reasons of the red and yellow projects of a year's ledger
// in scope, in project id order, a project's dimensions in dimension order.
type litCursor struct {
	rows    rowStream
	ok      bool   // rows holds a current row
	id      int64  // its project
	reasons string // its reasons
	dest    []any  // &id, &reasons
}

// litReasons opens the reasons of the colour of the year's red and yellow members in the
// actor's scope.
func (db *DB) litReasons(ctx context.Context, a *stride.Actor, year int) (*litCursor, error) {
	q := &query{}
	q.add(`SELECT pl.project_id, pl.reasons FROM dashboard_members dm JOIN projects p ON p.id = dm.project_id
		JOIN project_lights pl ON pl.project_id = p.id AND pl.color = p.light
		WHERE dm.year = %s AND p.light IN ('red', 'yellow') AND %s ORDER BY dm.project_id, pl.dimension`,
		q.arg(year), projectScopeIDs(q, a, "p.id"))
	rows, err := db.streamRows(ctx, "bulletin_reasons", q)
	if err != nil {
		return nil, err
	}
	c := &litCursor{rows: rows}
	c.dest = []any{&c.id, &c.reasons}
	if err := c.next(); err != nil {
		rows.Close()
		return nil, err
	}
	return c, nil
}

func (c *litCursor) next() error {
	if c.ok = c.rows.Next(); c.ok {
		return c.rows.Scan(c.dest...)
	}
	return c.rows.Err()
}

// of returns the reasons of project id, as one JSON array ("" for none), and the number of
// dimensions of its colour; ids must come in increasing order.
func (c *litCursor) of(id int64) (why string, dims int, err error) {
	for c.ok && c.id < id {
		if err := c.next(); err != nil {
			return "", 0, err
		}
	}
	for c.ok && c.id == id {
		dims++
		reasons := strings.TrimSpace(c.reasons)
		switch {
		case len(reasons) < 2 || reasons == "[]":
		case why == "":
			why = reasons
		default:
			why = why[:len(why)-1] + "," + reasons[1:]
		}
		if err := c.next(); err != nil {
			return "", 0, err
		}
	}
	return why, dims, nil
}

func (c *litCursor) close() error {
	c.ok = false
	return c.rows.Close()
}

// The detail is stored gzip'd, as lines: a row per project ("R", then its fields) and a
// line per figure ("F", its key, the ids), tab-separated, text fields escaped.

const detailMagic = "stride-bulletin-detail/1"

var (
	detailEscape   = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	detailUnescape = strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n", `\r`, "\r")
)

// detailEncoder writes a detail in its stored form as it goes: the rows first, then the
// figures, then finish.
type detailEncoder struct {
	out  chunks
	zw   *gzip.Writer
	w    *bufio.Writer
	line []byte
}

func newDetailEncoder() *detailEncoder {
	e := &detailEncoder{}
	e.zw, _ = gzip.NewWriterLevel(&e.out, gzip.BestSpeed)
	e.w = bufio.NewWriterSize(e.zw, 1<<16)
	e.w.WriteString(detailMagic + "\n")
	return e
}

func (e *detailEncoder) text(s string) {
	e.line = append(e.line, '\t')
	if strings.ContainsAny(s, "\\\t\n\r") {
		s = detailEscape.Replace(s)
	}
	e.line = append(e.line, s...)
}

func (e *detailEncoder) num(v int64) {
	e.line = append(e.line, '\t')
	e.line = strconv.AppendInt(e.line, v, 10)
}

// row writes a row's R line.
func (e *detailEncoder) row(r *frozenRow) {
	e.line = append(e.line[:0], 'R')
	e.num(r.ID)
	e.text(r.Name)
	e.num(r.LeadUnitID)
	e.text(r.LeadUnit)
	e.text(r.OwnerUnit)
	e.text(string(r.Category))
	e.text(string(r.Stage))
	e.num(int64(r.Total))
	e.num(int64(r.Plan))
	e.num(int64(r.Completed))
	e.num(int64(r.Planned))
	e.text(string(r.Light))
	e.text(r.Started.String())
	e.text(r.Ended.String())
	if r.New {
		e.num(1)
	} else {
		e.num(0)
	}
	e.text(r.why)
	e.line = append(e.line, '\n')
	e.w.Write(e.line)
}

// figures writes the F lines, by key (a long line in pieces, as the ids come).
func (e *detailEncoder) figures(figures map[string]*figureIDs) {
	for _, key := range sortedKeys(figures) {
		e.line = append(e.line[:0], 'F')
		e.text(key)
		e.line = append(e.line, '\t')
		for i, id := range figures[key].all() {
			if i > 0 {
				e.line = append(e.line, ',')
			}
			e.line = strconv.AppendInt(e.line, id, 10)
			if len(e.line) >= 1<<15 {
				e.w.Write(e.line)
				e.line = e.line[:0]
			}
		}
		e.line = append(e.line, '\n')
		e.w.Write(e.line)
	}
}

// finish returns the detail, compressed.
func (e *detailEncoder) finish() ([]byte, error) {
	if err := e.w.Flush(); err != nil {
		return nil, err
	}
	if err := e.zw.Close(); err != nil {
		return nil, err
	}
	return e.out.bytes(), nil
}

// chunks collects what is written in pieces of a fixed size and joins them once at the
// end: a growing buffer would hold its old and new arrays at each doubling, up to twice
// and a half the detail's size (several megabytes at 100,000 projects), and keep up to
// twice its size to the end.
type chunks struct {
	full [][]byte
	cur  []byte
	n    int
}

const chunkSize = 256 << 10

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.cur) == cap(c.cur) {
			if c.cur != nil {
				c.full = append(c.full, c.cur)
			}
			c.cur = make([]byte, 0, chunkSize)
		}
		k := min(len(p), cap(c.cur)-len(c.cur))
		c.cur = append(c.cur, p[:k]...)
		p = p[k:]
	}
	c.n += n
	return n, nil
}

// bytes returns everything written, in one slice of its exact size.
func (c *chunks) bytes() []byte {
	out := make([]byte, 0, c.n)
	for _, b := range c.full {
		out = append(out, b...)
	}
	out = append(out, c.cur...)
	c.full, c.cur = nil, nil
	return out
}

func decodeDetail(blob []byte) (*frozenDetail, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	s := string(raw)
	head, s, _ := strings.Cut(s, "\n")
	if head != detailMagic {
		return nil, fmt.Errorf("not a bulletin detail: %.40q", head)
	}
	d := &frozenDetail{figures: map[string][]int64{}}
	unescape := func(f string) string {
		if strings.IndexByte(f, '\\') >= 0 {
			return detailUnescape.Replace(f)
		}
		return f
	}
	n := 0
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		n++
		fs := strings.Split(line, "\t")
		switch {
		case fs[0] == "R" && len(fs) == 17:
			var r frozenRow
			var ints [7]int64
			for i, col := range []int{1, 3, 8, 9, 10, 11, 15} {
				if ints[i], err = strconv.ParseInt(fs[col], 10, 64); err != nil {
					return nil, fmt.Errorf("line %d: %w", n, err)
				}
			}
			r.ID, r.LeadUnitID = ints[0], ints[1]
			r.Total, r.Plan, r.Completed, r.Planned = stride.Money(ints[2]), stride.Money(ints[3]), stride.Money(ints[4]), stride.Money(ints[5])
			r.New = ints[6] == 1
			r.Name, r.LeadUnit, r.OwnerUnit = unescape(fs[2]), unescape(fs[4]), unescape(fs[5])
			r.Category, r.Stage, r.Light = stride.Category(fs[6]), stride.Stage(fs[7]), stride.Color(fs[12])
			if fs[13] != "" {
				r.Started, _ = stride.ParseDate(fs[13])
			}
			if fs[14] != "" {
				r.Ended, _ = stride.ParseDate(fs[14])
			}
			r.why = unescape(fs[16])
			d.rows = append(d.rows, r)
		case fs[0] == "F" && len(fs) == 3:
			ids := []int64{}
			if fs[2] != "" {
				for _, p := range strings.Split(fs[2], ",") {
					id, err := strconv.ParseInt(p, 10, 64)
					if err != nil {
						return nil, fmt.Errorf("line %d: %w", n, err)
					}
					ids = append(ids, id)
				}
			}
			d.figures[unescape(fs[1])] = ids
		default:
			return nil, fmt.Errorf("line %d: unexpected %.20q", n, line)
		}
	}
	return d, nil
}

// figureIDs is a list of ids as the differences between consecutive ones, varint-coded: a
// byte for most ids of a figure in id order, where an []int64 takes eight.
type figureIDs struct {
	b    []byte
	last int64
	n    int
}

func (l *figureIDs) add(id int64) {
	l.b = binary.AppendVarint(l.b, id-l.last)
	l.last = id
	l.n++
}

// all yields the ids with their index, in the order they were added.
func (l *figureIDs) all() iter.Seq2[int, int64] {
	return func(yield func(int, int64) bool) {
		var id int64
		for i, b := 0, l.b; len(b) > 0; i++ {
			d, k := binary.Varint(b)
			id += d
			b = b[k:]
			if !yield(i, id) {
				return
			}
		}
	}
}

// ids returns the ids as a slice, never nil.
func (l *figureIDs) ids() []int64 {
	out := make([]int64, 0, l.n)
	for _, id := range l.all() {
		out = append(out, id)
	}
	return out
}
