package office_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// fixtures is the folder of real ledgers shared beside the repository.
var fixtures = filepath.Join("..", "..", "shared", "fixtures", "ledgers")

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if os.IsNotExist(err) {
		t.Skipf("shared fixtures not present (%s)", fixtures)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wan(s string) stride.Money {
	m, err := stride.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return m
}

func parse(t *testing.T, name string, data []byte, opt office.Options) *office.Ledger {
	t.Helper()
	book, err := office.Read(name, data)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	l, err := office.Parse(book, opt)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return l
}

func sumTotal(rows []stride.LedgerRow) stride.Money {
	var s stride.Money
	for _, r := range rows {
		if r.TotalInvestment != nil {
			s += *r.TotalInvestment
		}
	}
	return s
}

// The real ledgers are templates with a sample row or two under totals that speak for
// the full ledger; each reads without a single row error, and where the 合计 row agrees
// with its rows (the monthly report) the cross-check says so.
func TestSharedLedgers(t *testing.T) {
	for _, tc := range []struct {
		file, sheet    string
		layout         string
		rows           int
		total          string // sum of 总投资 over the rows, 万元
		stated         string // the 合计 row's 总投资, "" when the sheet has none
		statedCount    int
		amountsMatch   bool
		year           int
		firstName      string
		firstOwner     string
		firstOwnerHead string
		skipped        []string
	}{
		{file: "annual-project-detail.xls", layout: "table", rows: 1, total: "1378400", stated: "2378910", statedCount: 13, year: 2010,
			firstName: "古雷腾龙芳烃（漳州）有限公司80万吨/年对二甲苯工程及整体公用配套工程", firstOwner: "腾龙芳烃（漳州）有限公司", firstOwnerHead: "黄耀智",
			skipped: []string{"total"}},
		{file: "annual-project-detail.xls", sheet: "按地区", layout: "table", rows: 1, total: "9200", stated: "3730686", statedCount: 37, year: 2010,
			firstName: "体育用品", firstOwner: "威尔敦雅加（漳州）体育用品有限公司", firstOwnerHead: "郑宏俊", skipped: []string{"total", "subtotal", "group"}},
		{file: "annual-project-detail.xls", sheet: "按行业", layout: "table", rows: 1, total: "20000", stated: "2482317", statedCount: 131, year: 2010,
			firstName: "水泥", firstOwner: "龙海红狮水泥有限公司", firstOwnerHead: "章经忠", skipped: []string{"total", "group"}},
		{file: "monthly-key-projects.xls", layout: "table", rows: 2, total: "0", stated: "0", statedCount: 100, amountsMatch: true, year: 2010,
			firstName: "武夷山至邵武高速公路", firstOwner: "福建武邵高速公路发展有限公司", firstOwnerHead: "李介立",
			skipped: []string{"total", "subtotal", "group", "group", "group"}},
		{file: "annual-targets-progress.xls", layout: "table", rows: 2, total: "2", stated: "1", statedCount: 12, year: 2009,
			firstName: "南三龙铁路南平段", skipped: []string{"total", "group"}},
		{file: "preliminary-work-ledger.xls", layout: "form", rows: 0, total: "0", year: 2025, skipped: []string{"form"}},
	} {
		t.Run(tc.file+"/"+tc.sheet, func(t *testing.T) {
			l := parse(t, tc.file, fixture(t, tc.file), office.Options{Sheet: tc.sheet, DefaultYear: 2025})
			if len(l.Issues) > 0 {
				t.Errorf("issues: %+v", l.Issues)
			}
			if l.Layout != tc.layout || len(l.Rows) != tc.rows || l.Year != tc.year {
				t.Fatalf("layout %s rows %d year %d, want %s %d %d", l.Layout, len(l.Rows), l.Year, tc.layout, tc.rows, tc.year)
			}
			if got := sumTotal(l.Rows); got != wan(tc.total) {
				t.Errorf("total investment %s, want %s", got.Wan(), tc.total)
			}
			var reasons []string
			for _, s := range l.Skipped {
				reasons = append(reasons, s.Reason)
			}
			if strings.Join(reasons, " ") != strings.Join(tc.skipped, " ") {
				t.Errorf("skipped %v, want %v (%+v)", reasons, tc.skipped, l.Skipped)
			}
			if tc.stated == "" {
				if l.Totals != nil {
					t.Errorf("totals %+v, want none", l.Totals)
				}
				return
			}
			if l.Totals == nil || len(l.Totals.Amounts) == 0 || l.Totals.Amounts[0].Field != stride.FieldTotalInvestment {
				t.Fatalf("totals %+v", l.Totals)
			}
			a := l.Totals.Amounts[0]
			if a.Stated != wan(tc.stated) || a.Sum != wan(tc.total) || a.Match != (a.Stated == a.Sum) {
				t.Errorf("cross-check %+v, want stated %s sum %s", a, tc.stated, tc.total)
			}
			allMatch := true
			for _, a := range l.Totals.Amounts {
				allMatch = allMatch && a.Match
			}
			if allMatch != tc.amountsMatch || l.Totals.StatedCount != tc.statedCount {
				t.Errorf("amounts match %v stated count %d, want %v %d", allMatch, l.Totals.StatedCount, tc.amountsMatch, tc.statedCount)
			}
			if !allMatch && len(l.Warnings) == 0 {
				t.Errorf("a difference from the 合计 row must be reported")
			}
			if tc.rows > 0 {
				r := l.Rows[0]
				if r.Name != tc.firstName || r.Owner != tc.firstOwner || r.OwnerPerson != tc.firstOwnerHead {
					t.Errorf("first row %q %q %q", r.Name, r.Owner, r.OwnerPerson)
				}
			}
		})
	}
}

// The detail ledger's headings: two rows, merged owner and unit blocks split into their
// sub-columns, periods and units read from the heading text.
func TestDetailLedgerHeadings(t *testing.T) {
	l := parse(t, "a.xls", fixture(t, "annual-project-detail.xls"), office.Options{})
	if len(l.HeaderRows) != 2 || l.HeaderRows[0] != 2 || l.Title != "古雷港经济开发区2010年项目明细表" {
		t.Fatalf("heading rows %v title %q", l.HeaderRows, l.Title)
	}
	want := map[stride.LedgerField]string{stride.FieldSeq: "A", stride.FieldName: "B", stride.FieldNature: "C", stride.FieldContent: "D",
		stride.FieldYears: "E", stride.FieldTotalInvestment: "F", stride.FieldCompletedBefore: "G", stride.FieldPlan: "H",
		stride.FieldCompletedYTD: "I", stride.FieldOwner: "L", stride.FieldOwnerPerson: "M", stride.FieldOwnerContact: "N",
		stride.FieldOwnerPhone: "O", stride.FieldLeadUnit: "P", stride.FieldLeadPerson: "Q", stride.FieldLeadContact: "R",
		stride.FieldLeadPhone: "S", stride.FieldLiaisonLeader: "T"}
	for f, col := range want {
		if l.Mapping[f] != col {
			t.Errorf("%s mapped to %q, want %s", f, l.Mapping[f], col)
		}
	}
	if l.Months != [2]int{1, 7} {
		t.Errorf("months %v", l.Months)
	}
	r := l.Rows[0]
	if r.StartYear != 2009 || r.EndYear != 2011 || r.Nature != stride.NatureContinuing || *r.Plan != wan("670000") ||
		*r.CompletedBefore != wan("300000") || r.LeadUnit != "福建漳州古雷港经济开发区管委会" || r.LiaisonLeader != "谢毅泰" {
		t.Errorf("row %+v", r)
	}
	// The user moves 挂钩领导 to the lead contact's column and drops the goals.
	l = parse(t, "a.xls", fixture(t, "annual-project-detail.xls"), office.Options{Mapping: map[stride.LedgerField]string{
		stride.FieldLiaisonLeader: "R", stride.FieldGoals: ""}})
	if l.Rows[0].LiaisonLeader != "陈秀绒" || l.Rows[0].Goals != "" || l.Rows[0].LeadContact != "" || l.Mapping[stride.FieldLeadContact] != "" {
		t.Errorf("after mapping: %+v %v", l.Rows[0], l.Mapping)
	}
}

func TestMonthlyOwnerBlockInOneCell(t *testing.T) {
	l := parse(t, "m.xls", fixture(t, "monthly-key-projects.xls"), office.Options{Sheet: "分级管理"})
	r := l.Rows[1]
	if r.Name != "顺昌环城路建设工程" || r.Owner != "政和县医院" || r.OwnerPerson != "汤文赋" || r.LiaisonLeader != "政和县政府 涂目弟" {
		t.Errorf("row %+v", r)
	}
	if r.Nature != stride.NatureContinuing { // from the group heading （一）在建（11项）
		t.Errorf("nature %q", r.Nature)
	}
	if l.Months != [2]int{1, 3} || l.Year != 2010 {
		t.Errorf("period %v %d", l.Months, l.Year)
	}
	// A sheet with counts by tier has no project column.
	if _, err := office.Parse(mustRead(t, "m.xls", fixture(t, "monthly-key-projects.xls")), office.Options{Sheet: "分级管理（在建）"}); !stride.IsCode(err, stride.EInvalid) {
		t.Errorf("summary sheet: %v", err)
	}
}

func mustRead(t *testing.T, name string, b []byte) *office.Book {
	t.Helper()
	book, err := office.Read(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return book
}

func money(s string) *stride.Money { m := wan(s); return &m }

// exportRows is a small portfolio with every ledger field set.
func exportRows() []*stride.ProjectRow {
	var out []*stride.ProjectRow
	natures := []stride.Nature{stride.NatureNew, stride.NatureContinuing, stride.NatureCompleting, stride.NaturePrelim}
	for i := range 12 {
		p := stride.Project{ID: int64(i + 1), Name: "测试项目" + office.ChineseNumber(i+1), KeyLevels: []stride.KeyLevel{stride.LevelProvince, stride.LevelCity},
			Category: stride.Categories[i%len(stride.Categories)], Content: "建设厂房" + strings.Repeat("及配套", i%3), Address: "高新大道" + office.ChineseNumber(i+1) + "号",
			TotalInvestment: wan("12345.67") * stride.Money(i+1), CompletedBefore: wan("100.5"), StartYear: 2023, EndYear: 2026 + i%2,
			OwnerUnitName: "业主公司" + office.ChineseNumber(i%4+1), OwnerContact: "张三", OwnerPhone: "0591-87654321",
			LeadUnitName: "经济发展局", ResponsiblePerson: "李四", LiaisonLeader: "王五", Nature: natures[i%4]}
		if i == 3 {
			p.Code = "2024-350100-47-01-123456"
			p.EndYear = 0
		}
		out = append(out, &stride.ProjectRow{Project: p, Plan: wan("1000.123456"), Completed: wan("250.25")})
	}
	return out
}

// An exported ledger reads back as the same rows, whatever the grouping.
func TestExportReadsBack(t *testing.T) {
	rows := exportRows()
	for _, by := range office.GroupBys {
		b, err := office.ExportLedger(rows, office.ExportOptions{Zone: "福州高新区", Year: 2025, Months: 2, GroupBy: by})
		if err != nil {
			t.Fatal(err)
		}
		l := parse(t, "export.xlsx", b, office.Options{})
		if len(l.Issues) > 0 || l.Year != 2025 || l.Title != "福州高新区2025年重点项目台账" || l.Months != [2]int{1, 2} {
			t.Fatalf("group %q: issues %+v year %d title %q months %v", by, l.Issues, l.Year, l.Title, l.Months)
		}
		if len(l.Rows) != len(rows) || l.Totals == nil || !l.Totals.Match || l.Totals.StatedCount != len(rows) {
			t.Fatalf("group %q: %d rows, totals %+v warnings %+v", by, len(l.Rows), l.Totals, l.Warnings)
		}
		byName := map[string]stride.LedgerRow{}
		for _, r := range l.Rows {
			byName[r.Name] = r
		}
		for _, p := range rows {
			r, ok := byName[p.Name]
			if !ok {
				t.Fatalf("group %q: %s missing", by, p.Name)
			}
			if r.Code != p.Code || r.Category != p.Category || r.Nature != p.Nature || r.Content != p.Content || r.Address != p.Address ||
				r.StartYear != p.StartYear || r.EndYear != p.EndYear || *r.TotalInvestment != p.TotalInvestment ||
				*r.CompletedBefore != p.CompletedBefore || *r.Plan != p.Plan || *r.CompletedYTD != p.Completed ||
				r.Owner != p.OwnerUnitName || r.OwnerContact != p.OwnerContact || r.OwnerPhone != p.OwnerPhone ||
				r.LeadUnit != p.LeadUnitName || r.LeadPerson != p.ResponsiblePerson || r.LiaisonLeader != p.LiaisonLeader ||
				len(r.KeyLevels) != 2 || r.Rate != "25.0" {
				t.Errorf("group %q: read back %+v\nfrom %+v", by, r, p.Project)
			}
		}
	}
}

// The export is laid out as the government ledger is.
func TestExportLayout(t *testing.T) {
	b, err := office.ExportLedger(exportRows(), office.ExportOptions{Zone: "福州高新区", Year: 2025, Months: 3, GroupBy: "nature"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(cell string) string { v, _ := f.GetCellValue("台账", cell); return v }
	if get("A1") != "福州高新区2025年重点项目台账" || get("A3") != "序号" || get("O3") != "项目业主单位" || get("O4") != "业主名称" ||
		get("A5") != "合计" || get("B5") != "12个" || get("A6") != "一、" || !strings.HasPrefix(get("B6"), "新开工项目") {
		t.Errorf("cells: %q %q %q %q %q %q %q %q", get("A1"), get("A3"), get("O3"), get("O4"), get("A5"), get("B5"), get("A6"), get("B6"))
	}
	if get("J7") != "12,345.67" {
		t.Errorf("money shown as %q, want 12,345.67", get("J7"))
	}
	merges, _ := f.GetMergeCells("台账")
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A1:T1", "A3:A4", "O3:Q3", "R3:S3"} {
		if !strings.Contains(strings.Join(refs, " "), want) {
			t.Errorf("merge %s missing from %v", want, refs)
		}
	}
	layout, _ := f.GetPageLayout("台账")
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("page layout %+v", layout)
	}
	names := f.GetDefinedName()
	if len(names) == 0 || names[0].Name != "_xlnm.Print_Titles" || !strings.Contains(names[0].RefersTo, "$3:$4") {
		t.Errorf("print titles %+v", names)
	}
	panes, _ := f.GetPanes("台账")
	if !panes.Freeze || panes.TopLeftCell != "C5" {
		t.Errorf("panes %+v", panes)
	}
}

func TestTemplateReadsAsEmptyLedger(t *testing.T) {
	b, err := office.Template("福州高新区", 2025)
	if err != nil {
		t.Fatal(err)
	}
	l := parse(t, "template.xlsx", b, office.Options{})
	if len(l.Rows) != 0 || len(l.Issues) != 0 || l.Year != 2025 || l.Mapping[stride.FieldOwner] == "" || l.Mapping[stride.FieldPlan] == "" {
		t.Fatalf("template: %d rows %+v year %d mapping %v", len(l.Rows), l.Issues, l.Year, l.Mapping)
	}
}

// Bad files are refused with a message that says what is wrong, never a panic.
func TestBadFiles(t *testing.T) {
	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, bytes.Repeat([]byte{0}, 100)...)
	big := make([]byte, 50<<20)
	copy(big, "PK\x03\x04")
	cases := []struct {
		name string
		data []byte
		key  string
	}{
		{"empty.xlsx", nil, "import.empty"},
		{"blank.csv", []byte("  \n\n"), "import.empty"},
		{"photo.xlsx", png, "import.picture"},
		{"huge.xlsx", big, "import.too_large"},
		{"broken.xlsx", []byte("PK\x03\x04 this is not a zip file at all"), "import.corrupt"},
		{"truncated.xls", append(append([]byte{}, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), make([]byte, 600)...), "import.corrupt"},
		{"random.bin", []byte{0x00, 0x01, 0x02, 0xff, 0xfe, 0x00}, "import.format"},
	}
	if b, err := os.ReadFile(filepath.Join(fixtures, "annual-project-detail.xls")); err == nil {
		cases = append(cases, struct {
			name string
			data []byte
			key  string
		}{"password.xls", withFilePass(t, b), "import.encrypted"}, struct {
			name string
			data []byte
			key  string
		}{"password.xlsx", asEncryptedPackage(t, b), "import.encrypted"})
	}
	for _, tc := range cases {
		_, err := office.Read(tc.name, tc.data)
		var se *stride.Error
		if !asErr(err, &se) || se.Code != stride.EInvalid || se.Msg.Key != tc.key {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
			continue
		}
		if msg := se.Msg.In(stride.LangZH); strings.Contains(msg, "import.") || msg == "" {
			t.Errorf("%s: message %q is not in the catalog", tc.name, msg)
		}
	}
	// A workbook that reads but has no heading Stride recognises.
	book := mustRead(t, "numbers.csv", []byte("a,b,c\n1,2,3\n4,5,6\n"))
	if _, err := office.Parse(book, office.Options{}); !stride.IsCode(err, stride.EInvalid) || !strings.Contains(err.Error(), "heading") {
		t.Errorf("no heading: %v", err)
	}
}

func asErr(err error, target **stride.Error) bool {
	e, ok := err.(*stride.Error)
	if ok {
		*target = e
	}
	return ok
}

// withFilePass turns the first record after the workbook's BOF into a FILEPASS record,
// which is how an .xls with an open password starts.
func withFilePass(t *testing.T, b []byte) []byte {
	out := bytes.Clone(b)
	bof := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00}
	i := bytes.Index(out, bof)
	if i < 0 {
		t.Fatal("no BOF")
	}
	binary.LittleEndian.PutUint16(out[i+20:], 0x002F)
	return out
}

// asEncryptedPackage renames the workbook stream to EncryptedPackage, the stream an
// .xlsx with an open password keeps its encrypted zip in.
func asEncryptedPackage(t *testing.T, b []byte) []byte {
	out := bytes.Clone(b)
	name := utf16le("Workbook")
	i := bytes.Index(out, name)
	if i < 0 {
		t.Fatal("no Workbook entry")
	}
	repl := append(utf16le("EncryptedPackage"), 0, 0)
	copy(out[i:i+64], make([]byte, 64))
	copy(out[i:], repl)
	binary.LittleEndian.PutUint16(out[i+64:], uint16(len(repl)))
	return out
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// CSV in GBK, with a title row and full-width brackets, reads like any workbook.
func TestGBKCSV(t *testing.T) {
	text := "某开发区2024年重点项目台账\n序号,项目 名称,业主单位,总投资 （亿元）,2024年计划投资（万元）,建設起止年限\n" +
		"合计2个,,,3.5,3000,\n1,★甲项目,甲公司,1.5,1000,2023-2025\n2,乙项目,乙公司,2,2000,2024-\n注：数据截至6月底,,,,,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	l := parse(t, "ledger.csv", []byte(gbk), office.Options{})
	if len(l.Rows) != 2 || l.Rows[0].Name != "甲项目" || *l.Rows[0].TotalInvestment != wan("15000") || l.Rows[1].EndYear != 0 ||
		l.Year != 2024 || !l.Totals.Match || l.Totals.StatedCount != 2 || len(l.Issues) != 0 {
		t.Fatalf("rows %+v totals %+v issues %+v", l.Rows, l.Totals, l.Issues)
	}
	if len(l.Skipped) != 2 || l.Skipped[1].Reason != "note" {
		t.Errorf("skipped %+v", l.Skipped)
	}
}

// Bad cells become row issues with their cell, and the error workbook marks them.
func TestErrorWorkbook(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{{"台账"}, {"序号", "项目名称", "业主单位", "总投资（万元）", "项目性质"}, {1, "甲", "甲公司", "一百万", "新开工"},
		{2, "乙", "乙公司", 200, "正在研究"}, {3, "", "", 5, ""}}
	for i, r := range rows {
		f.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &r)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	book := mustRead(t, "bad.xlsx", buf.Bytes())
	l, err := office.Parse(book, office.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.Localize(stride.LangZH)
	cells := map[string]string{}
	for _, is := range l.Issues {
		cells[is.Cell] = is.Message
	}
	if len(l.Issues) != 3 || cells["D3"] != "总投资须为数字（万元）" || !strings.Contains(cells["E4"], "正在研究") || cells["B5"] == "" {
		t.Fatalf("issues %+v", l.Issues)
	}
	out, err := office.ErrorWorkbook(buf.Bytes(), book, l, l.Issues, stride.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := g.GetComments("Sheet1")
	if len(comments) != 3 {
		t.Errorf("comments %+v", comments)
	}
	if v, _ := g.GetCellValue("Sheet1", "F2"); v != "错误原因" {
		t.Errorf("F2 = %q", v)
	}
	if v, _ := g.GetCellValue("Sheet1", "F3"); v != "总投资须为数字（万元）" {
		t.Errorf("F3 = %q", v)
	}
	style, _ := g.GetCellStyle("Sheet1", "D3")
	s, _ := g.GetStyle(style)
	if s == nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != "FFC7CE" {
		t.Errorf("D3 not highlighted: %+v", s)
	}
	// An .xls upload comes back as an .xlsx copy of its values.
	b := fixture(t, "annual-project-detail.xls")
	book = mustRead(t, "a.xls", b)
	l, _ = office.Parse(book, office.Options{})
	issues := []stride.ImportIssue{{Line: 5, Field: stride.FieldOwner, Cell: "L5", Message: "业主单位有误"}}
	out, err = office.ErrorWorkbook(b, book, l, issues, stride.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	g, err = excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := g.GetCellValue("明细表", "L5"); v != "腾龙芳烃（漳州）有限公司" {
		t.Errorf("L5 = %q", v)
	}
	if v, _ := g.GetCellValue("明细表", "U5"); v != "业主单位有误" {
		t.Errorf("U5 = %q", v)
	}
}
