package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
func (r *frozenRow) phrases() []stride.Phrase {
	if r.why == "" {
		return nil
	}
	var out []stride.Phrase
	if err := json.Unmarshal([]byte(r.why), &out); err != nil {
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

// frozenRows reads the year's ledger in scope as a bulletin freezes it, with the reasons of
// its red and yellow projects.
func (db *DB) frozenRows(ctx context.Context, a *stride.Actor, year, period int) ([]frozenRow, error) {
	rows, err := db.bulletinRows(ctx, a, year, period)
	if err != nil {
		return nil, err
	}
	lit, err := db.litReasons(ctx, a, year)
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

// bulletinRows reads the year's ledger in the actor's scope as the bulletin freezes it, in
// the same terms as the dashboard and from the same per-project roll-up (dashboard_members,
// a row per project of the year's ledger): the plan, completed investment approved for
// months 1..period, the plan's cumulative amount at period's end, 新开工 or not.
func (db *DB) bulletinRows(ctx context.Context, a *stride.Actor, year, period int) ([]frozenRow, error) {
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

// litReasons reads the stored reasons of the red and yellow projects of the year's ledger
// in scope: for each project, the dimensions of its colour, as one JSON array.
func (db *DB) litReasons(ctx context.Context, a *stride.Actor, year int) (map[int64]*frozenRow, error) {
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

// The detail is stored gzip'd, as lines: a row per project ("R", then its fields) and a
// line per figure ("F", its key, the ids), tab-separated, text fields escaped.

const detailMagic = "stride-bulletin-detail/1"

var (
	detailEscape   = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	detailUnescape = strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n", `\r`, "\r")
)

func encodeDetail(d *frozenDetail) ([]byte, error) {
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
