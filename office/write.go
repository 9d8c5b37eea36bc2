package office

import (
	"bytes"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
	"github.com/xuri/excelize/v2"
)

// column of the standard ledger layout.
type ledgerColumn struct {
	field  stride.LedgerField
	block  string // the heading over a sub-column, "" for a single column
	head   string // the heading (or sub-heading) text
	width  float64
	money  bool
	output bool // computed figures the export shows and the template leaves out
}

// ledgerLayout is the government ledger layout: single columns spanning both heading rows,
// and the owner and responsible-unit blocks with their sub-columns.
func ledgerLayout(year, months int, output bool) []ledgerColumn {
	ytd := fmt.Sprintf("%d年完成投资（万元）", year)
	if months > 0 {
		ytd = fmt.Sprintf("%d年1-%d月完成投资（万元）", year, months)
	}
	cols := []ledgerColumn{
		{field: stride.FieldSeq, head: "序号", width: 6},
		{field: stride.FieldName, head: "项目名称", width: 30},
		{field: stride.FieldCode, head: "项目代码", width: 26},
		{field: stride.FieldKeyLevel, head: "重点级别", width: 12},
		{field: stride.FieldCategory, head: "项目类别", width: 10},
		{field: stride.FieldNature, head: "项目性质", width: 9},
		{field: stride.FieldAddress, head: "建设地点", width: 16},
		{field: stride.FieldContent, head: "建设内容及规模", width: 40},
		{field: stride.FieldYears, head: "建设起止年限", width: 12},
		{field: stride.FieldTotalInvestment, head: "总投资（万元）", width: 14, money: true},
		{field: stride.FieldCompletedBefore, head: fmt.Sprintf("至%d年底累计完成投资（万元）", year-1), width: 16, money: true},
		{field: stride.FieldPlan, head: fmt.Sprintf("%d年计划投资（万元）", year), width: 14, money: true},
		{field: stride.FieldCompletedYTD, head: ytd, width: 16, money: true, output: true},
		{field: stride.FieldRate, head: "完成率（%）", width: 10, output: true},
		{field: stride.FieldOwner, block: "项目业主单位", head: "业主名称", width: 26},
		{field: stride.FieldOwnerContact, block: "项目业主单位", head: "联系人", width: 10},
		{field: stride.FieldOwnerPhone, block: "项目业主单位", head: "联系电话", width: 15},
		{field: stride.FieldLeadUnit, block: "责任单位", head: "单位名称", width: 18},
		{field: stride.FieldLeadPerson, block: "责任单位", head: "责任人", width: 10},
		{field: stride.FieldLiaisonLeader, head: "挂钩领导", width: 10},
	}
	if !output {
		cols = slices.DeleteFunc(cols, func(c ledgerColumn) bool { return c.output })
	}
	return cols
}

// ExportOptions describe a ledger export.
type ExportOptions struct {
	Zone    string // 福州高新区: the title reads "福州高新区2025年重点项目台账"
	Year    int
	Months  int    // completed investment covers months 1..Months (0: the whole year so far)
	GroupBy string // "", nature, category or unit (the lead unit)
	AsOf    stride.Date
}

// GroupBys are the groupings an export offers.
var GroupBys = []string{"", "nature", "category", "unit"}

// styles of a ledger workbook.
type styles struct{ title, note, head, text, center, money, rate, total, totalMoney, group, groupMoney int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	moneyFmt := "#,##0.00"
	specs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Family: "方正小标宋简体", Size: 18, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.note, excelize.Style{Font: font(false, 10), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&s.head, excelize.Style{Font: font(true, 10), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Font: font(false, 10), Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.center, excelize.Style{Font: font(false, 10), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.money, excelize.Style{Font: font(false, 10), Border: border, CustomNumFmt: &moneyFmt, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.rate, excelize.Style{Font: font(false, 10), Border: border, NumFmt: 0, CustomNumFmt: ptr("0.0"), Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.total, excelize.Style{Font: font(true, 10), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.totalMoney, excelize.Style{Font: font(true, 10), Border: border, CustomNumFmt: &moneyFmt}},
		{&s.group, excelize.Style{Font: font(true, 10), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.groupMoney, excelize.Style{Font: font(true, 10), Border: border, CustomNumFmt: &moneyFmt,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}}},
	}
	for _, sp := range specs {
		id, err := f.NewStyle(&sp.style)
		if err != nil {
			return s, err
		}
		*sp.dst = id
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// wanNumber is an amount in 万元 as the number Excel stores, from its exact decimal text.
func wanNumber(m stride.Money) float64 {
	f, _ := strconv.ParseFloat(m.Wan(), 64)
	return f
}

// rate is completed / plan in percent with one decimal, computed exactly.
func rate(completed, plan stride.Money) any {
	if plan <= 0 {
		return nil
	}
	r := new(big.Rat).SetFrac64(int64(completed)*100, int64(plan))
	f, _ := strconv.ParseFloat(r.FloatString(1), 64)
	return f
}

// YearsText renders a construction period as the ledger writes it: 2023-2026, 2023-.
func YearsText(start, end int) string {
	switch {
	case start == 0:
		return ""
	case end == 0:
		return strconv.Itoa(start) + "-"
	}
	return strconv.Itoa(start) + "-" + strconv.Itoa(end)
}

func keyLevelsText(ls []stride.KeyLevel) string {
	var parts []string
	for _, l := range stride.KeyLevels {
		if slices.Contains(ls, l) {
			parts = append(parts, stride.KeyLevelLabel(l))
		}
	}
	return strings.Join(parts, "、")
}

// group is a run of rows under one heading.
type group struct {
	label string
	rows  []*stride.ProjectRow
}

func groupRows(rows []*stride.ProjectRow, by string) []group {
	if by == "" {
		return []group{{rows: rows}}
	}
	key := func(r *stride.ProjectRow) string {
		switch by {
		case "nature":
			if l := stride.NatureLabel(r.Nature); l != "" {
				return l + "项目"
			}
			return "其他项目"
		case "category":
			return stride.CategoryLabel(r.Category) + "项目"
		}
		return r.LeadUnitName
	}
	var order []string
	switch by {
	case "nature":
		for _, n := range []stride.Nature{stride.NatureNew, stride.NatureContinuing, stride.NatureCompleting, stride.NaturePrelim, stride.NatureReserve} {
			order = append(order, stride.NatureLabel(n)+"项目")
		}
		order = append(order, "其他项目")
	case "category":
		for _, c := range stride.Categories {
			order = append(order, stride.CategoryLabel(c)+"项目")
		}
	}
	byKey := map[string][]*stride.ProjectRow{}
	for _, r := range rows {
		k := key(r)
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], r)
	}
	var out []group
	for _, k := range order {
		if len(byKey[k]) > 0 {
			out = append(out, group{label: k, rows: byKey[k]})
		}
	}
	return out
}

// sums adds up the amounts of rows: total, completed before, plan, completed.
func sums(rows []*stride.ProjectRow) [4]stride.Money {
	var s [4]stride.Money
	for _, r := range rows {
		s[0] += r.TotalInvestment
		s[1] += r.CompletedBefore
		s[2] += r.Plan
		s[3] += r.Completed
	}
	return s
}

// ExportLedger writes the standard ledger of rows: the title row, a unit note, the two-row
// heading, a 合计 row, the projects (under group headings with subtotals when grouped),
// money in 万元 with two decimals, frozen headings and name, column widths, and A4
// landscape printing that repeats the heading rows. It streams, so ten thousand rows
// take little memory.
func ExportLedger(rows []*stride.ProjectRow, opt ExportOptions) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	cols := ledgerLayout(opt.Year, opt.Months, true)
	// Worksheet settings go in before streaming: the stream writer keeps them, and
	// changes made after it has flushed are lost.
	if err := printSetup(f, sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	if err := writeHeading(sw, cols, st, fmt.Sprintf("%s%d年重点项目台账", opt.Zone, opt.Year), opt.AsOf); err != nil {
		return nil, err
	}
	row := 5
	total := sums(rows)
	if err := writeTotals(sw, cols, st, row, "合计", fmt.Sprintf("%d个", len(rows)), total, st.total, st.totalMoney); err != nil {
		return nil, err
	}
	row++
	seq := 0
	for gi, g := range groupRows(rows, opt.GroupBy) {
		if g.label != "" {
			label := fmt.Sprintf("%s（%d个）", g.label, len(g.rows))
			if err := writeTotals(sw, cols, st, row, ChineseNumber(gi+1)+"、", label, sums(g.rows), st.group, st.groupMoney); err != nil {
				return nil, err
			}
			row++
		}
		for _, r := range g.rows {
			seq++
			if err := writeProject(sw, cols, st, row, seq, r); err != nil {
				return nil, err
			}
			row++
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if err := printTitles(f, sheet); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeHeading writes the title, the unit note and the two heading rows, with widths,
// merges and frozen panes.
func writeHeading(sw *excelize.StreamWriter, cols []ledgerColumn, st styles, title string, asOf stride.Date) error {
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	last := ColName(len(cols) - 1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 4, TopLeftCell: "C5", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{Value: title, StyleID: st.title}}, excelize.RowOpts{Height: 32}); err != nil {
		return err
	}
	note := "单位：万元"
	if !asOf.IsZero() {
		note = fmt.Sprintf("截至%d年%d月%d日    单位：万元", asOf.Year, asOf.Month, asOf.Day)
	}
	noteRow := make([]any, len(cols))
	noteRow[len(cols)-1] = excelize.Cell{Value: note, StyleID: st.note}
	if err := sw.SetRow("A2", noteRow); err != nil {
		return err
	}
	top, sub := make([]any, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		if c.block == "" {
			top[i] = excelize.Cell{Value: c.head, StyleID: st.head}
			sub[i] = excelize.Cell{StyleID: st.head}
		} else {
			top[i] = excelize.Cell{Value: c.block, StyleID: st.head}
			sub[i] = excelize.Cell{Value: c.head, StyleID: st.head}
		}
	}
	if err := sw.SetRow("A3", top, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if err := sw.SetRow("A4", sub, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}
	if len(cols) > 3 {
		if err := sw.MergeCell(ColName(len(cols)-4)+"2", last+"2"); err != nil {
			return err
		}
	}
	for i := 0; i < len(cols); {
		c := cols[i]
		if c.block == "" {
			if err := sw.MergeCell(CellName(2, i), CellName(3, i)); err != nil {
				return err
			}
			i++
			continue
		}
		j := i
		for j+1 < len(cols) && cols[j+1].block == c.block {
			j++
		}
		if j > i {
			if err := sw.MergeCell(CellName(2, i), CellName(2, j)); err != nil {
				return err
			}
		}
		i = j + 1
	}
	return nil
}

func writeTotals(sw *excelize.StreamWriter, cols []ledgerColumn, st styles, row int, first, label string, s [4]stride.Money, style, moneyStyle int) error {
	values := make([]any, len(cols))
	for i, c := range cols {
		cell := excelize.Cell{StyleID: style}
		switch c.field {
		case stride.FieldSeq:
			cell.Value = first
		case stride.FieldName:
			cell.Value = label
		case stride.FieldTotalInvestment:
			cell = excelize.Cell{Value: wanNumber(s[0]), StyleID: moneyStyle}
		case stride.FieldCompletedBefore:
			cell = excelize.Cell{Value: wanNumber(s[1]), StyleID: moneyStyle}
		case stride.FieldPlan:
			cell = excelize.Cell{Value: wanNumber(s[2]), StyleID: moneyStyle}
		case stride.FieldCompletedYTD:
			cell = excelize.Cell{Value: wanNumber(s[3]), StyleID: moneyStyle}
		case stride.FieldRate:
			cell = excelize.Cell{Value: rate(s[3], s[2]), StyleID: st.rate}
		}
		values[i] = cell
	}
	return sw.SetRow("A"+strconv.Itoa(row), values)
}

func writeProject(sw *excelize.StreamWriter, cols []ledgerColumn, st styles, row, seq int, r *stride.ProjectRow) error {
	values := make([]any, len(cols))
	for i, c := range cols {
		var v any
		style := st.text
		switch c.field {
		case stride.FieldSeq:
			v, style = seq, st.center
		case stride.FieldName:
			v = r.Name
		case stride.FieldCode:
			v, style = r.Code, st.center
		case stride.FieldKeyLevel:
			v, style = keyLevelsText(r.KeyLevels), st.center
		case stride.FieldCategory:
			v, style = stride.CategoryLabel(r.Category), st.center
		case stride.FieldNature:
			v, style = stride.NatureLabel(r.Nature), st.center
		case stride.FieldAddress:
			v = r.Address
		case stride.FieldContent:
			v = r.Content
		case stride.FieldYears:
			v, style = YearsText(r.StartYear, r.EndYear), st.center
		case stride.FieldTotalInvestment:
			v, style = wanNumber(r.TotalInvestment), st.money
		case stride.FieldCompletedBefore:
			v, style = wanNumber(r.CompletedBefore), st.money
		case stride.FieldPlan:
			v, style = wanNumber(r.Plan), st.money
		case stride.FieldCompletedYTD:
			v, style = wanNumber(r.Completed), st.money
		case stride.FieldRate:
			v, style = rate(r.Completed, r.Plan), st.rate
		case stride.FieldOwner:
			v = r.OwnerUnitName
		case stride.FieldOwnerContact:
			v, style = r.OwnerContact, st.center
		case stride.FieldOwnerPhone:
			v, style = r.OwnerPhone, st.center
		case stride.FieldLeadUnit:
			v = r.LeadUnitName
		case stride.FieldLeadPerson:
			v, style = r.ResponsiblePerson, st.center
		case stride.FieldLiaisonLeader:
			v, style = r.LiaisonLeader, st.center
		}
		if s, ok := v.(string); ok && s == "" {
			v = nil
		}
		values[i] = excelize.Cell{Value: v, StyleID: style}
	}
	return sw.SetRow("A"+strconv.Itoa(row), values)
}

// printSetup sets A4 landscape, fit to one page wide, and the heading rows repeated on
// every printed page.
func printSetup(f *excelize.File, sheet string) error {
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"),
		FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.6), Bottom: ptr(0.6)}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	return nil
}

// printTitles repeats the heading rows on every printed page.
func printTitles(f *excelize.File, sheet string) error {
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$3:$4", Scope: sheet})
}

// Template writes the import template: the ledger heading without the computed columns,
// drop-down lists for 项目性质, 项目类别 and 重点级别, and a sheet of instructions.
func Template(zone string, year int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	cols := ledgerLayout(year, 0, false)
	if err := printSetup(f, sheet); err != nil {
		return nil, err
	}
	for i, c := range cols {
		var list []string
		switch c.field {
		case stride.FieldNature:
			list = []string{"新开工", "续建", "竣工", "前期", "预备"}
		case stride.FieldCategory:
			list = []string{"产业", "民生", "基础设施", "社会事业", "其他"}
		case stride.FieldKeyLevel:
			list = []string{"省重点", "市重点", "区重点", "省重点、市重点"}
		default:
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = CellName(4, i) + ":" + CellName(1003, i)
		if err := dv.SetDropList(list); err != nil {
			return nil, err
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	if err := writeHeading(sw, cols, st, fmt.Sprintf("%s%d年重点项目台账", zone, year), stride.Date{}); err != nil {
		return nil, err
	}
	for r := 5; r <= 204; r++ { // bordered rows ready to fill
		values := make([]any, len(cols))
		for i, c := range cols {
			style := st.text
			if c.money {
				style = st.money
			}
			values[i] = excelize.Cell{StyleID: style}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), values); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if err := printTitles(f, sheet); err != nil {
		return nil, err
	}
	help := "填写说明"
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	lines := [][]string{
		{"列", "说明"},
		{"项目名称", "必填。项目已存在（项目代码相同，或名称和业主单位都相同）时更新该项目，否则新建。"},
		{"项目代码", "投资项目统一代码，格式 YYYY-AAAAAA-DD-TT-NNNNNN；没有可不填。"},
		{"项目性质", "新开工、续建、竣工、前期或预备；只决定新项目的阶段。"},
		{"建设起止年限", "如 2023-2026；只知道开工年份时写 2023-。"},
		{"金额", "总投资、累计完成投资、年度计划投资均以万元为单位，最多6位小数。"},
		{"业主名称", "新项目必填；系统中没有的业主单位将在“项目业主单位”下新建。"},
		{"责任单位", "不填时由导入人所在单位（或指挥部）负责；系统中没有的单位将新建。"},
		{"合计、分组行", "“合计”“小计”“一、产业项目”等行不会作为项目导入；合计行用于核对。"},
		{"年度计划", "已审定（基线）的年度计划不能通过导入修改，请在系统内填写调整原因。"},
	}
	for i, l := range lines {
		if err := f.SetSheetRow(help, "A"+strconv.Itoa(i+1), &[]any{l[0], l[1]}); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(help, "A", "A", 16); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(help, "B", "B", 90); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrorWorkbook writes a copy of an uploaded ledger with every problem marked: the cell
// filled red with a comment saying what is wrong, and an 错误原因 column at the end of
// each row that has problems. An .xlsx upload keeps its formatting; .xls and .csv uploads
// come back as .xlsx with their values. Issue messages must be rendered already.
func ErrorWorkbook(data []byte, book *Book, l *Ledger, issues []stride.ImportIssue, lang stride.Lang) (_ []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("office: error workbook: %v", r)
		}
	}()
	var f *excelize.File
	sheet := l.Sheet
	if book.Format == "xlsx" {
		if f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 100 << 20}); err != nil {
			return nil, err
		}
	} else {
		f = excelize.NewFile()
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
		if err := copyGrid(f, sheet, l.sheet); err != nil {
			return nil, err
		}
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(sheet); err == nil && idx >= 0 {
		f.SetActiveSheet(idx)
	}
	bad, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font: &excelize.Font{Color: "9C0006"}, Border: []excelize.Border{{Type: "left", Color: "C00000", Style: 2},
			{Type: "right", Color: "C00000", Style: 2}, {Type: "top", Color: "C00000", Style: 2}, {Type: "bottom", Color: "C00000", Style: 2}}})
	if err != nil {
		return nil, err
	}
	reasonStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "C00000"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	errCol := ColName(max(l.sheet.Width(), 1))
	headRow := 1
	if len(l.HeaderRows) > 0 {
		headRow = l.HeaderRows[0]
	}
	if err := f.SetCellValue(sheet, errCol+strconv.Itoa(headRow), stride.T(lang, "import.error_column")); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(sheet, errCol, errCol, 48); err != nil {
		return nil, err
	}
	byCell := map[string][]string{}
	byLine := map[int][]string{}
	var cells []string
	for _, is := range issues {
		line := is.Line
		if line == 0 {
			line = headRow
		}
		byLine[line] = append(byLine[line], is.Message)
		if is.Cell != "" {
			if _, seen := byCell[is.Cell]; !seen {
				cells = append(cells, is.Cell)
			}
			byCell[is.Cell] = append(byCell[is.Cell], is.Message)
		}
	}
	for _, cell := range cells {
		if err := f.SetCellStyle(sheet, cell, cell, bad); err != nil {
			return nil, err
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "Stride",
			Paragraph: []excelize.RichTextRun{{Text: strings.Join(byCell[cell], "\n")}}}); err != nil {
			return nil, err
		}
	}
	lines := make([]int, 0, len(byLine))
	for line := range byLine {
		lines = append(lines, line)
	}
	slices.Sort(lines)
	for _, line := range lines {
		ref := errCol + strconv.Itoa(line)
		text := strings.Join(byLine[line], "；")
		if line == headRow {
			text = stride.T(lang, "import.error_column") + "：" + text
		}
		if err := f.SetCellValue(sheet, ref, text); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sheet, ref, ref, reasonStyle); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// copyGrid writes a sheet read from an .xls or .csv file into a new workbook.
func copyGrid(f *excelize.File, sheet string, sh *Sheet) error {
	for r, row := range sh.Rows {
		values := make([]any, len(row))
		for c, t := range row {
			if n, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "eExX") && len(t) < 16 {
				values[c] = n
			} else if t != "" {
				values[c] = t
			}
		}
		if err := f.SetSheetRow(sheet, "A"+strconv.Itoa(r+1), &values); err != nil {
			return err
		}
	}
	for _, m := range sh.Merges {
		if m.Row2 < len(sh.Rows)+1 && (m.Row1 != m.Row2 || m.Col1 != m.Col2) {
			if err := f.MergeCell(sheet, CellName(m.Row1, m.Col1), CellName(m.Row2, m.Col2)); err != nil {
				return err
			}
		}
	}
	return nil
}
