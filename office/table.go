package office

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stride-hq/stride"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Kind is how the cells of a table column are typed.
type Kind int

// Column kinds. Each takes the Go values listed; nil, a nil pointer, an empty string and a
// zero date or time leave the cell empty.
const (
	Text     Kind = iota // string (anything else is printed with fmt)
	Money                // stride.Money or *stride.Money: a number in 万元 shown with two decimals
	Int                  // any integer type, or *int / *int64
	Decimal              // float64 or *float64, shown with two decimals (areas in 亩)
	Percent              // float64, int or *float64 in percent (97.2): stored as 0.972, shown 97.2%
	Date                 // stride.Date: a real date shown yyyy-mm-dd
	DateTime             // time.Time or *time.Time: a real date-time in the table's zone, yyyy-mm-dd hh:mm
)

// TableColumn is a column of a plain table: its heading and how its cells are typed.
type TableColumn struct {
	Header string
	Kind   Kind
}

// Table describes a plain list export: a title row, a note row (who, when, which filters,
// whether rows were left out), a bold heading row, then one row per record.
type Table struct {
	Sheet   string // worksheet name; cut to Excel's 31 characters, forbidden characters replaced
	Title   string
	Note    string
	Columns []TableColumn
	Zone    *time.Location // DateTime cells are shown in this zone's civil time; nil: UTC
}

// Rows of a table sheet: the title, the note, the heading, then the records.
const (
	tableHeadRow  = 3
	tableFirstRow = 4
	// widthSample is how many rows the column widths are measured on; later rows stream
	// straight through.
	widthSample = 200
	maxTextCell = 32767 // Excel's limit on the characters in a cell
)

// TableWriter streams a Table into a workbook: rows go to the worksheet as they come, so
// fifty thousand of them take little memory. The first rows are held back until the
// column widths have been measured on them. Call Close when done, Bytes to finish.
type TableWriter struct {
	t      Table
	f      *excelize.File
	sw     *excelize.StreamWriter
	styles []int // per column
	sample [][]any
	row    int // the next worksheet row (1-based) for a record
	begun  bool
	done   bool
}

// NewTableWriter starts a workbook for t: A4 landscape, fitted to the page width, the
// heading row repeated on every printed page, panes frozen under it.
func NewTableWriter(t Table) (*TableWriter, error) {
	if len(t.Columns) == 0 {
		return nil, fmt.Errorf("office: a table needs at least one column")
	}
	if t.Zone == nil {
		t.Zone = time.UTC
	}
	t.Sheet = sheetName(t.Sheet)
	f := excelize.NewFile()
	tw := &TableWriter{t: t, f: f, row: tableFirstRow}
	if err := tw.setup(); err != nil {
		f.Close()
		return nil, err
	}
	return tw, nil
}

// WriteTable writes t with rows in one call.
func WriteTable(t Table, rows [][]any) ([]byte, error) {
	tw, err := NewTableWriter(t)
	if err != nil {
		return nil, err
	}
	defer tw.Close()
	for _, r := range rows {
		if err := tw.Write(r); err != nil {
			return nil, err
		}
	}
	return tw.Bytes()
}

func (tw *TableWriter) setup() error {
	f, t := tw.f, tw.t
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	// Worksheet settings go in before streaming: the stream writer writes them out first.
	if err := printSetup(f, t.Sheet); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	font := &excelize.Font{Family: "宋体", Size: 10}
	cell := func(format string, align string) (int, error) {
		st := &excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Horizontal: align, Vertical: "center"}}
		if format != "" {
			st.CustomNumFmt = &format
		}
		return f.NewStyle(st)
	}
	formats := map[Kind][2]string{
		Text:     {"", ""},
		Money:    {"#,##0.00", "right"},
		Int:      {"0", "center"},
		Decimal:  {"#,##0.00", "right"},
		Percent:  {"0.0%", "right"},
		Date:     {"yyyy-mm-dd", "center"},
		DateTime: {"yyyy-mm-dd hh:mm", "center"},
	}
	byKind := map[Kind]int{}
	for _, c := range t.Columns {
		if _, ok := byKind[c.Kind]; ok {
			continue
		}
		spec, ok := formats[c.Kind]
		if !ok {
			return fmt.Errorf("office: unknown column kind %d", c.Kind)
		}
		id, err := cell(spec[0], spec[1])
		if err != nil {
			return err
		}
		byKind[c.Kind] = id
	}
	tw.styles = make([]int, len(t.Columns))
	for i, c := range t.Columns {
		tw.styles[i] = byKind[c.Kind]
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	tw.sw = sw
	return nil
}

// Write adds a record: one value per column, typed by the column's kind.
func (tw *TableWriter) Write(cells []any) error {
	if tw.done {
		return fmt.Errorf("office: write after Bytes")
	}
	if len(cells) != len(tw.t.Columns) {
		return fmt.Errorf("office: %d cells for %d columns", len(cells), len(tw.t.Columns))
	}
	if !tw.begun {
		tw.sample = append(tw.sample, cells)
		if len(tw.sample) < widthSample {
			return nil
		}
		return tw.begin()
	}
	return tw.writeRow(cells)
}

// begin measures the columns on the rows held back, writes the title, note and heading,
// then the held rows.
func (tw *TableWriter) begin() error {
	tw.begun = true
	t, sw := tw.t, tw.sw
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		w := textWidth(c.Header) + 2
		if c.Kind == Text {
			for _, r := range tw.sample {
				w = max(w, textWidth(textOf(r[i]))+2)
			}
		} else {
			w = max(w, kindWidth[c.Kind])
		}
		widths[i] = math.Min(math.Max(float64(w), 6), 60)
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	head := CellName(tableHeadRow-1, 0)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: tableHeadRow, TopLeftCell: CellName(tableHeadRow, 0), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: CellName(tableHeadRow, 0), ActiveCell: CellName(tableHeadRow, 0), Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	titleStyle, err := tw.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 16, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	noteStyle, err := tw.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	headStyle, err := tw.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1}, {Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	last := len(t.Columns) - 1
	if err := sw.SetRow("A1", []any{excelize.Cell{Value: t.Title, StyleID: titleStyle}}, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	// The note wraps inside the merged row; give it the lines it needs at these widths.
	total := 0.0
	for _, w := range widths {
		total += w
	}
	lines := math.Max(1, math.Ceil(float64(textWidth(t.Note))/math.Max(total, 1)))
	if err := sw.SetRow("A2", []any{excelize.Cell{Value: t.Note, StyleID: noteStyle}}, excelize.RowOpts{Height: 14 * math.Min(lines, 6)}); err != nil {
		return err
	}
	heads := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = excelize.Cell{Value: c.Header, StyleID: headStyle}
	}
	if err := sw.SetRow(head, heads, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if last > 0 {
		if err := sw.MergeCell("A1", CellName(0, last)); err != nil {
			return err
		}
		if err := sw.MergeCell("A2", CellName(1, last)); err != nil {
			return err
		}
	}
	for _, r := range tw.sample {
		if err := tw.writeRow(r); err != nil {
			return err
		}
	}
	tw.sample = nil
	return nil
}

// kindWidth is the width a typed column needs for its values.
var kindWidth = map[Kind]int{Money: 14, Int: 8, Decimal: 12, Percent: 9, Date: 11, DateTime: 16}

func (tw *TableWriter) writeRow(cells []any) error {
	values := make([]any, len(cells))
	for i, v := range cells {
		values[i] = excelize.Cell{Value: tw.value(tw.t.Columns[i].Kind, v), StyleID: tw.styles[i]}
	}
	err := tw.sw.SetRow("A"+strconv.Itoa(tw.row), values)
	tw.row++
	return err
}

// value is what a cell of kind k stores for v.
func (tw *TableWriter) value(k Kind, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *stride.Money:
		if x == nil {
			return nil
		}
		v = *x
	case *int:
		if x == nil {
			return nil
		}
		v = *x
	case *int64:
		if x == nil {
			return nil
		}
		v = *x
	case *float64:
		if x == nil {
			return nil
		}
		v = *x
	case *time.Time:
		if x == nil {
			return nil
		}
		v = *x
	}
	switch k {
	case Money:
		if m, ok := v.(stride.Money); ok {
			return wanNumber(m)
		}
	case Int:
		switch n := v.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			return n
		}
	case Decimal:
		if f, ok := v.(float64); ok {
			return f
		}
	case Percent:
		switch n := v.(type) {
		case float64:
			return n / 100
		case int:
			return float64(n) / 100
		}
	case Date:
		if d, ok := v.(stride.Date); ok {
			if d.IsZero() {
				return nil
			}
			return serial(d.Time())
		}
	case DateTime:
		if t, ok := v.(time.Time); ok {
			if t.IsZero() {
				return nil
			}
			l := t.In(tw.t.Zone)
			wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
			return serial(wall)
		}
	}
	s := textOf(v)
	if s == "" {
		return nil
	}
	return s
}

// textOf is a value as cell text: strings as they are, cut to what a cell holds, with the
// characters XML cannot carry dropped.
func textOf(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	case fmt.Stringer:
		s = x.String()
	default:
		s = fmt.Sprint(x)
	}
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF && (r < 0xD800 || r > 0xDFFF) {
			return r
		}
		return -1
	}, s)
	if utf8.RuneCountInString(s) > maxTextCell {
		s = string([]rune(s)[:maxTextCell])
	}
	return s
}

// serial is the Excel serial number of a wall-clock time given in UTC.
func serial(t time.Time) float64 {
	d := t.Sub(excelEpoch)
	days := math.Floor(d.Hours() / 24)
	secs := math.Round((d - time.Duration(days)*24*time.Hour).Seconds())
	return days + secs/86400
}

// textWidth is the width of s in Excel's character units: East Asian wide and full-width
// characters take two, the rest one; the longest line counts.
func textWidth(s string) int {
	best := 0
	for _, line := range strings.Split(s, "\n") {
		n := 0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// sheetName makes s a valid worksheet name: no []:*?/\ and at most 31 characters.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// Rows is the number of records written so far.
func (tw *TableWriter) Rows() int { return tw.row - tableFirstRow + len(tw.sample) }

// Bytes finishes the workbook: the rows held back, the filter over the heading and the
// records, the heading repeated on printed pages. It returns the .xlsx file.
func (tw *TableWriter) Bytes() ([]byte, error) {
	if tw.done {
		return nil, fmt.Errorf("office: Bytes called twice")
	}
	if !tw.begun {
		if err := tw.begin(); err != nil {
			return nil, err
		}
	}
	tw.done = true
	t := tw.t
	last := ColName(len(t.Columns) - 1)
	// The filter is set on the worksheet the stream writer holds; Flush writes it out.
	ref := fmt.Sprintf("A%d:%s%d", tableHeadRow, last, max(tw.row-1, tableHeadRow))
	if err := tw.f.AutoFilter(t.Sheet, ref, nil); err != nil {
		return nil, err
	}
	if err := tw.sw.Flush(); err != nil {
		return nil, err
	}
	if err := tw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", t.Sheet, tableHeadRow, tableHeadRow), Scope: t.Sheet}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := tw.f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Close releases the workbook's resources (temporary files of large streams).
func (tw *TableWriter) Close() error { return tw.f.Close() }
