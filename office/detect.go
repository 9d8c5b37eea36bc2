package office

import (
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

// Column is one column of a detected heading.
type Column struct {
	Col     string             `json:"col"`     // Excel letter
	Heading string             `json:"heading"` // the heading as written, parent and child joined by " / "
	Field   stride.LedgerField `json:"field"`   // "" when not imported
	Unit    string             `json:"unit,omitempty"`
	Period  Period             `json:"period"`
	Ignored string             `json:"ignored,omitempty"` // why a recognised column is not used: "duplicate"

	index    int
	unit     Unit
	combined bool // an owner or unit block holding the person in the same cell
	percent  bool // the heading says the values are percentages
}

// heading is the detected heading block of a sheet.
type heading struct {
	start, rows int // 0-based first heading row, number of heading rows (1 or 2)
	cols        []Column
	score       int
	form        bool
	title       string
	unit        Unit
}

// fields returns the field → column index mapping: the first column recognised as a
// field wins; later ones are marked duplicate.
func (h *heading) fields() map[stride.LedgerField]int {
	m := map[stride.LedgerField]int{}
	for i := range h.cols {
		c := &h.cols[i]
		if c.Field == "" {
			continue
		}
		if _, dup := m[c.Field]; dup {
			c.Ignored = "duplicate"
			continue
		}
		m[c.Field] = c.index
	}
	return m
}

func score(cols []Column) int {
	seen := map[stride.LedgerField]bool{}
	for _, c := range cols {
		if c.Field != "" {
			seen[c.Field] = true
		}
	}
	if !seen[stride.FieldName] {
		return 0
	}
	return len(seen)
}

// detect finds the heading block of a sheet: the row (or pair of rows, for merged
// two-row headings) among the first forty whose cells name the most ledger fields,
// project name among them. nil when the sheet has none.
func detect(sh *Sheet) *heading {
	var best *heading
	limit := min(len(sh.Rows), 40)
	for r := 0; r < limit; r++ {
		if filled(sh.Rows[r]) < 2 {
			continue // a title, a unit note or nothing: headings name several columns
		}
		one := labelColumns(sh, r, false)
		cand := &heading{start: r, rows: 1, cols: one, score: score(one)}
		if subHeading(sh, r, one) {
			two := labelColumns(sh, r, true)
			if s := score(two); s >= cand.score {
				cand = &heading{start: r, rows: 2, cols: two, score: s}
			}
		}
		if cand.score >= 2 && (best == nil || cand.score > best.score) {
			best = cand
		}
	}
	if best == nil {
		return nil
	}
	best.unit = Wan
	for r := 0; r < best.start; r++ {
		for _, t := range sh.Rows[r] {
			if empty(t) {
				continue
			}
			if best.title == "" {
				best.title = CleanText(t)
			}
			if u := unitOf(t); u != 0 && strings.Contains(Normalize(t), "单位") {
				best.unit = u
			}
		}
	}
	for i := range best.cols {
		c := &best.cols[i]
		if c.unit == 0 {
			c.unit = best.unit
		}
		switch c.Field {
		case stride.FieldTotalInvestment, stride.FieldCompletedBefore, stride.FieldPlan, stride.FieldCompletedYTD:
			c.Unit = c.unit.String()
		}
	}
	best.form = formLayout(sh, best)
	return best
}

// labelColumns names every column of a heading starting at row r; with two, row r+1
// holds sub-headings under merged (or blank-extended) parents.
func labelColumns(sh *Sheet, r int, two bool) []Column {
	w := len(sh.Rows[r])
	if two && r+1 < len(sh.Rows) {
		w = max(w, len(sh.Rows[r+1]))
	}
	var cols []Column
	for c := 0; c < w; c++ {
		parent := strings.TrimSpace(sh.Cell(r, c))
		if empty(parent) {
			parent = ""
			if p, ok := parentOf(sh, r, c, two); ok {
				parent = strings.TrimSpace(sh.Cell(r, p))
			}
		}
		child := ""
		if two {
			if m, ok := sh.mergeAt(r, c); !ok || m.Row2 == r {
				if t := strings.TrimSpace(sh.Cell(r+1, c)); !empty(t) {
					child = t
				}
			}
		}
		if parent == "" && child == "" {
			continue
		}
		col := Column{Col: ColName(c), index: c}
		text := parent + " " + child
		var ok bool
		if child != "" {
			col.Heading = compact(parent) + " / " + compact(child)
			if parent == "" {
				col.Heading = compact(child)
			}
			if b := blockOf(parent); b != noBlock {
				col.Field, ok = subField(b, child)
			}
			if !ok {
				col.Field, ok = MatchField(child)
			}
			if !ok {
				col.Field, ok = MatchField(parent + child)
			}
			col.unit = unitOf(child)
			if col.unit == 0 {
				col.unit = unitOf(parent)
			}
		} else {
			col.Heading = compact(parent)
			col.Field, ok = MatchField(parent)
			col.unit = unitOf(parent)
			col.combined = ok && combinedBlock(parent)
		}
		if !ok {
			col.Field = ""
		}
		col.Period = ParsePeriod(text)
		col.percent = strings.Contains(Normalize(text), "%")
		cols = append(cols, col)
	}
	return cols
}

// parentOf finds the heading cell in row r that spans column c: a merged range starting
// left of c, or, in a workbook without merge records, the nearest heading to the left
// whose sub-headings run without a gap to c.
func parentOf(sh *Sheet, r, c int, two bool) (int, bool) {
	if m, ok := sh.mergeAt(r, c); ok && m.Col1 < c && m.Row1 == r {
		return m.Col1, true
	}
	if !two {
		return 0, false
	}
	for p := c; p >= 0; p-- {
		if empty(sh.Cell(r+1, p)) {
			return 0, false
		}
		if !empty(sh.Cell(r, p)) {
			if p == c {
				return 0, false
			}
			if _, merged := sh.mergeAt(r, p); merged {
				return 0, false // a merge that does not reach c
			}
			return p, true
		}
	}
	return 0, false
}

// subHeading reports whether row r+1 holds sub-headings of row r rather than data: no
// numbers, nothing in the project-name column, not a total or group row, and at least
// one cell under a heading that spans several columns.
func subHeading(sh *Sheet, r int, one []Column) bool {
	if r+1 >= len(sh.Rows) {
		return false
	}
	nameCol := -1
	for _, c := range one {
		if c.Field == stride.FieldName {
			nameCol = c.index
			break
		}
	}
	spanned := false
	any := false
	for c, t := range sh.Rows[r+1] {
		if empty(t) {
			continue
		}
		any = true
		t = strings.TrimSpace(t)
		if _, err := strconv.ParseFloat(t, 64); err == nil {
			return false
		}
		if kind, _ := classify(t); kind != "" {
			return false
		}
		if c == nameCol {
			if m, ok := sh.mergeAt(r, c); !ok || m.Col2 == c {
				return false
			}
		}
		if _, ok := parentOf(sh, r, c, true); ok {
			spanned = true
		} else if m, ok := sh.mergeAt(r, c); ok && m.Col2 > c {
			spanned = true
		} else if !empty(sh.Cell(r, c)) && !empty(sh.Cell(r+1, c+1)) && empty(sh.Cell(r, c+1)) {
			spanned = true
		}
	}
	return any && spanned
}

// formLayout reports whether the sheet is a form with one project (labels in the
// first column, values beside them) rather than a table: several rows below the heading
// start with a field label instead of a project name.
func formLayout(sh *Sheet, h *heading) bool {
	nameCol := -1
	for _, c := range h.cols {
		if c.Field == stride.FieldName {
			nameCol = c.index
		}
	}
	labels := 0
	for r := h.start + h.rows; r < min(len(sh.Rows), h.start+h.rows+10); r++ {
		if _, ok := MatchField(sh.Cell(r, nameCol)); ok {
			labels++
		}
	}
	return labels >= 3
}

// filled counts the non-empty cells of a row.
func filled(row []string) int {
	n := 0
	for _, t := range row {
		if !empty(t) {
			n++
		}
	}
	return n
}

// compact removes the blanks and line breaks people put inside headings.
func compact(s string) string { return strings.Join(strings.Fields(CleanText(s)), "") }
