package office

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

// Options steer Parse.
type Options struct {
	// Sheet names the sheet to read; "" takes the first sheet with a recognisable heading.
	Sheet string
	// Year is the plan year the amounts belong to; 0 reads it from the headings
	// ("2010年计划投资"), the title, or falls back to DefaultYear.
	Year        int
	DefaultYear int
	// Mapping overrides the detected mapping: field → column letter, "" to leave a field
	// out.
	Mapping map[stride.LedgerField]string
}

// SheetInfo describes one sheet of the workbook.
type SheetInfo struct {
	Name       string `json:"name"`
	Recognised bool   `json:"recognised"`
}

// TotalCheck compares one amount of the workbook's own 合计 row with the sum of the rows.
type TotalCheck struct {
	Field  stride.LedgerField `json:"field"`
	Stated stride.Money       `json:"stated"`
	Sum    stride.Money       `json:"sum"`
	Match  bool               `json:"match"`
}

// CrossCheck is the workbook's 合计 row against the rows read.
type CrossCheck struct {
	Line        int          `json:"line"`
	Text        string       `json:"text"`
	StatedCount int          `json:"stated_count"` // "合计13个": 13; 0 when the row gives none
	Count       int          `json:"count"`
	Amounts     []TotalCheck `json:"amounts"`
	Match       bool         `json:"match"`
}

// Ledger is what Parse reads from a workbook.
type Ledger struct {
	Format     string                        `json:"format"`
	Sheet      string                        `json:"sheet"`
	Sheets     []SheetInfo                   `json:"sheets"`
	Layout     string                        `json:"layout"` // table, or form (one project per sheet)
	Title      string                        `json:"title"`
	HeaderRows []int                         `json:"header_rows"` // 1-based
	Columns    []Column                      `json:"columns"`
	Mapping    map[stride.LedgerField]string `json:"mapping"`
	Year       int                           `json:"year"`
	YearFrom   string                        `json:"year_from"` // option, heading, title or default
	Months     [2]int                        `json:"months"`    // the 1-X月 range of completed investment
	Rows       []stride.LedgerRow            `json:"rows"`
	Skipped    []stride.ImportSkip           `json:"skipped"`
	Blank      int                           `json:"blank"`
	Issues     []stride.ImportIssue          `json:"issues"`
	Warnings   []stride.ImportIssue          `json:"warnings"`
	Totals     *CrossCheck                   `json:"totals"`

	sheet     *Sheet
	heading   *heading
	cols      map[stride.LedgerField]int
	totalsRow int
}

// Parse reads the ledger rows of a workbook: it finds the sheet and its heading, maps the
// columns to fields (applying opt.Mapping), skips totals, group headings and notes with
// their reasons, reads every cell of every project row, and checks the rows against the
// workbook's own 合计. A workbook without a recognisable heading is an invalid error;
// problems with single cells are Issues.
func Parse(book *Book, opt Options) (*Ledger, error) {
	l := &Ledger{Format: book.Format, Mapping: map[stride.LedgerField]string{}, Rows: []stride.LedgerRow{},
		Skipped: []stride.ImportSkip{}, Issues: []stride.ImportIssue{}, Warnings: []stride.ImportIssue{}}
	for _, sh := range book.Sheets {
		h := detect(sh)
		l.Sheets = append(l.Sheets, SheetInfo{Name: sh.Name, Recognised: h != nil})
		if l.sheet == nil && h != nil && (opt.Sheet == "" || opt.Sheet == sh.Name) || opt.Sheet != "" && opt.Sheet == sh.Name {
			l.sheet, l.heading = sh, h
		}
	}
	if opt.Sheet != "" && l.sheet == nil {
		return nil, errInvalid("import.no_sheet", opt.Sheet)
	}
	if l.heading == nil {
		return nil, errInvalid("import.no_header")
	}
	h := l.heading
	l.Sheet, l.Title = l.sheet.Name, h.title
	for i := 0; i < h.rows; i++ {
		l.HeaderRows = append(l.HeaderRows, h.start+i+1)
	}
	l.cols = h.fields()
	if err := l.applyMapping(opt.Mapping); err != nil {
		return nil, err
	}
	l.Columns = h.cols
	for f, c := range l.cols {
		l.Mapping[f] = ColName(c)
	}
	l.year(opt)
	if h.form {
		l.Layout = "form"
		l.readForm()
	} else {
		l.Layout = "table"
		l.readTable()
	}
	l.crossCheck()
	return l, nil
}

// applyMapping puts the caller's corrections over the detected mapping.
func (l *Ledger) applyMapping(m map[stride.LedgerField]string) error {
	fields := make([]stride.LedgerField, 0, len(m))
	for f := range m {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		if !f.Valid() {
			return errInvalid("import.mapping_field", string(f))
		}
		delete(l.cols, f)
		letter := strings.TrimSpace(m[f])
		if letter == "" {
			continue
		}
		idx := ColIndex(letter)
		if idx < 0 || idx >= max(l.sheet.Width(), 1) {
			return errInvalid("import.mapping_column", letter)
		}
		for g, c := range l.cols {
			if c == idx {
				delete(l.cols, g)
			}
		}
		l.cols[f] = idx
	}
	// Show the final mapping on the columns.
	byIndex := map[int]stride.LedgerField{}
	for f, c := range l.cols {
		byIndex[c] = f
	}
	seen := map[int]bool{}
	for i := range l.heading.cols {
		c := &l.heading.cols[i]
		seen[c.index] = true
		if f, ok := byIndex[c.index]; ok {
			c.Field, c.Ignored = f, ""
		} else if c.Field != "" && c.Ignored == "" {
			c.Field = ""
		}
	}
	for idx, f := range byIndex { // a column mapped by hand that has no heading text
		if !seen[idx] {
			l.heading.cols = append(l.heading.cols, Column{Col: ColName(idx), Field: f, index: idx, unit: l.heading.unit})
		}
	}
	slices.SortFunc(l.heading.cols, func(a, b Column) int { return a.index - b.index })
	return nil
}

func (l *Ledger) column(f stride.LedgerField) *Column {
	idx, ok := l.cols[f]
	if !ok {
		return nil
	}
	for i := range l.heading.cols {
		if l.heading.cols[i].index == idx {
			return &l.heading.cols[i]
		}
	}
	return nil
}

// year decides the plan year and the month range of the completed investment.
func (l *Ledger) year(opt Options) {
	detected, from := 0, ""
	if c := l.column(stride.FieldPlan); c != nil && c.Period.Year != 0 {
		detected, from = c.Period.Year, "heading"
	} else if c := l.column(stride.FieldCompletedYTD); c != nil && c.Period.Year != 0 {
		detected, from = c.Period.Year, "heading"
	} else if c := l.column(stride.FieldCompletedBefore); c != nil && c.Period.Year != 0 && c.Period.YearEnd {
		detected, from = c.Period.Year+1, "heading"
	} else if p := ParsePeriod(l.Title); p.Year != 0 {
		detected, from = p.Year, "title"
	}
	if c := l.column(stride.FieldCompletedYTD); c != nil {
		l.Months = [2]int{c.Period.FromMonth, c.Period.ToMonth}
	}
	switch {
	case opt.Year != 0:
		l.Year, l.YearFrom = opt.Year, "option"
		if detected != 0 && detected != opt.Year {
			l.Warnings = append(l.Warnings, stride.ImportIssue{Msg: stride.Msg{Key: "import.year_differs", Args: []any{detected, opt.Year}}})
		}
	case detected != 0:
		l.Year, l.YearFrom = detected, from
	default:
		l.Year, l.YearFrom = opt.DefaultYear, "default"
	}
}

var (
	totalPattern  = regexp.MustCompile(`^(?:总计|合计|全部合计|总合计|累计|共计)`)
	anyTotal      = regexp.MustCompile(`合计|总计|小计|共计`)
	groupPattern  = regexp.MustCompile(`^(?:[` + cnNumerals + `]+[、.．,，]|\(?[` + cnNumerals + `]+\)|第[` + cnNumerals + `\d]+[类部分批组])`)
	numeralOnly   = regexp.MustCompile(`^\(?[` + cnNumerals + `]+\)?[、.．]?$`)
	countSuffix   = regexp.MustCompile(`\d+\s*(?:个|项)\)?$|\(\d+\s*(?:个|项)\)`)
	notePattern   = regexp.MustCompile(`^(?:注|说明|备注|填报单位|填报人|填表人|制表|制表人|审核|审核人|负责人|单位负责人|业主\(签名\)|[^:]{0,10}签名|[^:]{0,8}签字|联系电话)[:：]?`)
	countInText   = regexp.MustCompile(`(\d+)\s*(?:个|项)`)
	seqMarkers    = regexp.MustCompile(`^\d+`)
	columnNumbers = regexp.MustCompile(`^\d+$`)
)

// classify says what a row that starts with text is when it is not a project: "total"
// (合计, 总计), "subtotal" (龙海市合计14个, 其中), "group" (一、交通5项, （一）工业项目82个) or "note"
// (注：…, 业主（签名）：). "" means it may be a project.
func classify(text string) (kind string, grand bool) {
	n := Normalize(text)
	switch {
	case n == "":
		return "", false
	case totalPattern.MatchString(n):
		return "total", true
	case strings.HasPrefix(n, "其中"):
		return "subtotal", false
	case anyTotal.MatchString(n):
		return "subtotal", false
	case notePattern.MatchString(n) && (strings.Contains(n, ":") || strings.Contains(n, "签名")):
		return "note", false
	case groupPattern.MatchString(n), numeralOnly.MatchString(n):
		return "group", false
	case countSuffix.MatchString(n):
		return "group", false
	}
	return "", false
}

// rowText is the first words of a row, for telling totals and groups from projects.
func (l *Ledger) rowText(r int) (seq, name, first string) {
	sh := l.sheet
	if c, ok := l.cols[stride.FieldSeq]; ok {
		seq = strings.TrimSpace(sh.Cell(r, c))
	}
	if c, ok := l.cols[stride.FieldName]; ok {
		name = strings.TrimSpace(sh.Cell(r, c))
	}
	for c := 0; c < min(len(sh.Rows[r]), 4); c++ {
		if t := strings.TrimSpace(sh.Rows[r][c]); !empty(t) {
			first = t
			break
		}
	}
	return
}

func (l *Ledger) skip(r int, reason, text string) {
	l.Skipped = append(l.Skipped, stride.ImportSkip{Line: r + 1, Reason: reason, Text: CleanText(text)})
}

func (l *Ledger) issue(line int, f stride.LedgerField, cell string, key string, args ...any) {
	l.Issues = append(l.Issues, stride.ImportIssue{Line: line, Field: f, Cell: cell, Msg: stride.Msg{Key: key, Args: args}})
}

// readTable reads the rows below a tabular heading.
func (l *Ledger) readTable() {
	sh, h := l.sheet, l.heading
	var groupCategory stride.Category
	var groupNature stride.Nature
	totalsSeen := false
	for r := h.start + h.rows; r < len(sh.Rows); r++ {
		row := sh.Rows[r]
		blank := true
		for _, t := range row {
			if !empty(t) {
				blank = false
				break
			}
		}
		if blank {
			l.Blank++
			continue
		}
		if isColumnNumbers(row) {
			l.skip(r, "header", strings.Join(row[:min(len(row), 4)], " "))
			continue
		}
		seq, name, first := l.rowText(r)
		seqClean := strings.TrimSpace(strings.Map(func(c rune) rune {
			if strings.ContainsRune(markers, c) {
				return -1
			}
			return c
		}, seq))
		_, seqErr := strconv.Atoi(seqMarkers.FindString(seqClean))
		numbered := seqErr == nil && seqMarkers.FindString(seqClean) == seqClean && seqClean != ""
		if !numbered {
			text := first
			for _, t := range []string{seq, name, first} {
				if k, _ := classify(t); k != "" {
					text = t
					break
				}
			}
			kind, grand := classify(text)
			if kind == "" && name == "" && !empty(seq) {
				kind = "group" // a heading in the number column with nothing in the name column
				text = seq
			}
			if kind == "group" && name != "" && numeralOnly.MatchString(Normalize(seq)) {
				text = seq + " " + name // "一 | 工业"
			}
			switch kind {
			case "total":
				if grand && !totalsSeen {
					totalsSeen = true
					l.Totals = &CrossCheck{Line: r + 1, Text: strings.TrimSpace(CleanText(seq + " " + name + " " + first))}
					l.totalsRow = r
				}
				l.skip(r, kind, text)
				continue
			case "subtotal", "note", "header":
				l.skip(r, kind, text)
				continue
			case "group":
				l.skip(r, kind, text)
				level1 := groupPattern.MatchString(Normalize(text)) && !strings.HasPrefix(Normalize(text), "(")
				if c, ok := CategoryFromText(text); ok {
					groupCategory = c
				} else if level1 {
					groupCategory = ""
				}
				if n, ok := NatureFromText(text); ok {
					groupNature = n
				} else if level1 {
					groupNature = ""
				}
				continue
			}
		}
		if name == "" {
			if k, _ := classify(first); k == "note" {
				l.skip(r, "note", first)
				continue
			}
			cell := ""
			if c, ok := l.cols[stride.FieldName]; ok {
				cell = CellName(r, c)
			}
			l.issue(r+1, stride.FieldName, cell, "import.name_missing")
			continue
		}
		if k, _ := classify(name); k == "total" || k == "subtotal" {
			l.skip(r, k, name)
			continue
		}
		lr := l.readRow(r)
		if lr.Category == "" {
			lr.Category = groupCategory
		}
		if lr.Nature == "" {
			lr.Nature = groupNature
		}
		l.Rows = append(l.Rows, lr)
	}
}

func isColumnNumbers(row []string) bool {
	n, want := 0, 1
	for _, t := range row {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !columnNumbers.MatchString(t) || t != strconv.Itoa(want) {
			return false
		}
		n++
		want++
	}
	return n >= 4
}

// readRow reads one project row.
func (l *Ledger) readRow(r int) stride.LedgerRow {
	sh := l.sheet
	lr := stride.LedgerRow{Line: r + 1, Cells: map[stride.LedgerField]string{}}
	get := func(f stride.LedgerField) (string, string, bool) {
		c, ok := l.cols[f]
		if !ok {
			return "", "", false
		}
		lr.Cells[f] = CellName(r, c)
		return sh.Cell(r, c), CellName(r, c), true
	}
	l.fill(&lr, get)
	return lr
}

// fill reads every mapped field through get (value, cell reference, mapped).
func (l *Ledger) fill(lr *stride.LedgerRow, get func(stride.LedgerField) (string, string, bool)) {
	text := func(f stride.LedgerField, dst *string) {
		if v, _, ok := get(f); ok {
			*dst = CleanText(v)
		}
	}
	line := func(f stride.LedgerField, dst *string) {
		if v, _, ok := get(f); ok {
			*dst = strings.Join(strings.Fields(CleanText(v)), " ")
		}
	}
	money := func(f stride.LedgerField, dst **stride.Money) {
		v, cell, ok := get(f)
		if !ok {
			return
		}
		unit := Wan
		if c := l.column(f); c != nil && c.unit != 0 {
			unit = c.unit
		}
		m, present, err := ParseMoney(v, unit)
		switch {
		case err != nil:
			l.issue(lr.Line, f, cell, "import.money", stride.Msg{Key: "ledger." + string(f)}, unit.String())
		case present && m < 0:
			l.issue(lr.Line, f, cell, "validate.money_negative")
		case present:
			*dst = &m
		}
	}
	line(stride.FieldName, &lr.Name)
	if v, cell, ok := get(stride.FieldCode); ok && !empty(v) {
		lr.Code = strings.ToUpper(strings.TrimSpace(CleanText(v)))
		if !stride.ProjectCodePattern.MatchString(lr.Code) {
			l.issue(lr.Line, stride.FieldCode, cell, "validate.project_code")
		}
	}
	if v, _, ok := get(stride.FieldKeyLevel); ok {
		lr.KeyLevels = KeyLevelsFromText(v)
	}
	if v, _, ok := get(stride.FieldCategory); ok && !empty(v) {
		if c, ok := CategoryFromText(v); ok {
			lr.Category = c
		} else {
			lr.Category = stride.CategoryOther
		}
	}
	if v, cell, ok := get(stride.FieldNature); ok && !empty(v) {
		if n, ok := NatureFromText(v); ok {
			lr.Nature = n
		} else {
			l.issue(lr.Line, stride.FieldNature, cell, "import.nature", CleanText(v))
		}
	}
	text(stride.FieldAddress, &lr.Address)
	text(stride.FieldContent, &lr.Content)
	if v, cell, ok := get(stride.FieldYears); ok {
		s, e, err := ParseYears(v)
		if err != nil {
			l.issue(lr.Line, stride.FieldYears, cell, "import.years")
		}
		lr.StartYear, lr.EndYear = s, e
	}
	for _, f := range []stride.LedgerField{stride.FieldStartYear, stride.FieldEndYear} {
		v, cell, ok := get(f)
		if !ok || empty(v) {
			continue
		}
		y := 0
		if d, ok := ParseDate(v); ok {
			y = d.Year
		} else if s, _, err := ParseYears(v); err == nil {
			y = s
		} else {
			l.issue(lr.Line, f, cell, "import.date")
			continue
		}
		if f == stride.FieldStartYear && lr.StartYear == 0 {
			lr.StartYear = y
		}
		if f == stride.FieldEndYear && lr.EndYear == 0 {
			lr.EndYear = y
		}
	}
	money(stride.FieldTotalInvestment, &lr.TotalInvestment)
	money(stride.FieldCompletedBefore, &lr.CompletedBefore)
	money(stride.FieldPlan, &lr.Plan)
	money(stride.FieldCompletedYTD, &lr.CompletedYTD)
	if v, cell, ok := get(stride.FieldRate); ok {
		c := l.column(stride.FieldRate)
		rate, err := ParsePercent(v, c != nil && !c.percent)
		if err != nil {
			l.issue(lr.Line, stride.FieldRate, cell, "import.percent")
		}
		lr.Rate = rate
	}
	text(stride.FieldProgress, &lr.Progress)
	text(stride.FieldGoals, &lr.Goals)
	text(stride.FieldProblems, &lr.Problems)
	text(stride.FieldRemark, &lr.Remark)
	line(stride.FieldLiaisonLeader, &lr.LiaisonLeader)
	// Owner and responsible-unit blocks: sub-columns, or everything in one cell.
	for _, b := range []struct {
		unit, person, contact, phone stride.LedgerField
		dst                          [4]*string
	}{
		{stride.FieldOwner, stride.FieldOwnerPerson, stride.FieldOwnerContact, stride.FieldOwnerPhone,
			[4]*string{&lr.Owner, &lr.OwnerPerson, &lr.OwnerContact, &lr.OwnerPhone}},
		{stride.FieldLeadUnit, stride.FieldLeadPerson, stride.FieldLeadContact, stride.FieldLeadPhone,
			[4]*string{&lr.LeadUnit, &lr.LeadPerson, &lr.LeadContact, &lr.LeadPhone}},
	} {
		if v, _, ok := get(b.unit); ok {
			name, person, phone := SplitBlock(v)
			*b.dst[0] = name
			if person != "" {
				*b.dst[1] = person
			}
			if phone != "" {
				*b.dst[3] = phone
			}
		}
		line(b.person, b.dst[1])
		line(b.contact, b.dst[2])
		if v, _, ok := get(b.phone); ok {
			*b.dst[3] = Phone(v)
		}
	}
}

var blockSplit = regexp.MustCompile(`\n|\s{2,}|\x{3000}|[/／;；]`)

// SplitBlock splits a cell that holds a unit with its person and telephone
// ("福建武邵高速公路发展有限公司        李介立", "XX公司\n张三\n13800000000") into its parts.
func SplitBlock(s string) (unit, person, phone string) {
	parts := blockSplit.Split(strings.TrimSpace(strings.Map(func(r rune) rune {
		if strings.ContainsRune(markers, r) {
			return -1
		}
		return r
	}, s)), -1)
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case unit == "":
			unit = p
		case phone == "" && Phone(p) != "" && len(Phone(p)) >= len(p)/2:
			phone = Phone(p)
		case person == "":
			person = p
		}
	}
	return strings.Join(strings.Fields(unit), " "), person, phone
}

// readForm reads a sheet that is a form for one project: each label with its value to
// the right.
func (l *Ledger) readForm() {
	sh := l.sheet
	type found struct {
		value, cell string
		line        int
	}
	values := map[stride.LedgerField]found{}
	units := map[stride.LedgerField]Unit{}
	for r, row := range sh.Rows {
		for c := 0; c < len(row); c++ {
			f, ok := MatchField(row[c])
			if !ok {
				continue
			}
			if _, seen := values[f]; seen {
				continue
			}
			v := found{line: r + 1}
			for k := c + 1; k < len(row); k++ {
				if empty(row[k]) {
					continue
				}
				if _, label := MatchField(row[k]); !label {
					v.value, v.cell = row[k], CellName(r, k)
				}
				break
			}
			values[f] = v
			units[f] = unitOf(row[c])
		}
	}
	name := values[stride.FieldName]
	if empty(name.value) {
		l.skip(name.line-1, "form", sh.Name)
		return
	}
	lr := stride.LedgerRow{Line: name.line, Cells: map[stride.LedgerField]string{}}
	saved := l.heading.cols
	l.heading.cols = nil
	l.cols = map[stride.LedgerField]int{}
	for f, v := range values {
		col := ColIndex(strings.TrimRight(v.cell, "0123456789"))
		l.cols[f] = col
		l.heading.cols = append(l.heading.cols, Column{Field: f, index: col, unit: units[f]})
	}
	l.fill(&lr, func(f stride.LedgerField) (string, string, bool) {
		v, ok := values[f]
		if !ok || v.cell == "" {
			return "", "", false
		}
		lr.Cells[f] = v.cell
		return v.value, v.cell, true
	})
	l.heading.cols = saved
	l.Rows = append(l.Rows, lr)
}

// crossCheck compares the workbook's 合计 row with the rows read.
func (l *Ledger) crossCheck() {
	t := l.Totals
	if t == nil {
		return
	}
	t.Count, t.Match = len(l.Rows), true
	if m := countInText.FindStringSubmatch(Normalize(t.Text)); m != nil {
		t.StatedCount, _ = strconv.Atoi(m[1])
		if t.StatedCount != t.Count {
			t.Match = false
			l.Warnings = append(l.Warnings, stride.ImportIssue{Line: t.Line, Msg: stride.Msg{Key: "import.count_mismatch", Args: []any{t.StatedCount, t.Count}}})
		}
	}
	for _, f := range []stride.LedgerField{stride.FieldTotalInvestment, stride.FieldCompletedBefore, stride.FieldPlan, stride.FieldCompletedYTD} {
		c, ok := l.cols[f]
		if !ok {
			continue
		}
		unit := Wan
		if col := l.column(f); col != nil && col.unit != 0 {
			unit = col.unit
		}
		stated, present, err := ParseMoney(l.sheet.Cell(l.totalsRow, c), unit)
		if err != nil || !present {
			continue
		}
		var sum stride.Money
		for _, r := range l.Rows {
			if v := amount(&r, f); v != nil {
				sum += *v
			}
		}
		tc := TotalCheck{Field: f, Stated: stated, Sum: sum, Match: stated == sum}
		t.Amounts = append(t.Amounts, tc)
		if !tc.Match {
			t.Match = false
			l.Warnings = append(l.Warnings, stride.ImportIssue{Line: t.Line, Field: f, Cell: CellName(l.totalsRow, c),
				Msg: stride.Msg{Key: "import.total_mismatch", Args: []any{stride.Msg{Key: "ledger." + string(f)}, stated.Wan(), sum.Wan()}}})
		}
	}
}

// amount returns a row's amount for a money field.
func amount(r *stride.LedgerRow, f stride.LedgerField) *stride.Money {
	switch f {
	case stride.FieldTotalInvestment:
		return r.TotalInvestment
	case stride.FieldCompletedBefore:
		return r.CompletedBefore
	case stride.FieldPlan:
		return r.Plan
	case stride.FieldCompletedYTD:
		return r.CompletedYTD
	}
	return nil
}

// Localize renders every message of the ledger in lang.
func (l *Ledger) Localize(lang stride.Lang) {
	for i := range l.Issues {
		l.Issues[i].Message = l.Issues[i].Msg.In(lang)
	}
	for i := range l.Warnings {
		l.Warnings[i].Message = l.Warnings[i].Msg.In(lang)
	}
	for i := range l.Skipped {
		l.Skipped[i].Message = stride.T(lang, "import.skip."+l.Skipped[i].Reason)
	}
}
