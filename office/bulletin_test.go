package office_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
	"github.com/xuri/excelize/v2"
)

func bulWan(s string) stride.Money {
	m, err := stride.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return m
}

// sampleBulletin is a published bulletin with every section filled.
func sampleBulletin() (*stride.Bulletin, *stride.BulletinDetail) {
	rows := []stride.BulletinRow{
		{ID: 1, Name: "高新区综合医院", LeadUnitID: 10, LeadUnit: "社会事业局", OwnerUnit: "城建公司", Category: stride.CategoryLivelihood,
			Stage: stride.StageConstruction, Total: bulWan("260000"), Plan: bulWan("30000"), Completed: bulWan("4000.5"), Planned: bulWan("7500"),
			Light: stride.ColorRed, Started: stride.MustDate("2023-05-10"),
			Why: []stride.Phrase{{Key: "light.behind_pace", Args: []any{"11.7"}}, {Key: "light.reports_missing", Args: []any{"2、3", 2}}}},
		{ID: 2, Name: "保利通信产业园\t（一期）", LeadUnitID: 11, LeadUnit: "经济发展局", OwnerUnit: "保利公司", Category: stride.CategoryIndustrial,
			Stage: stride.StageConstruction, Total: bulWan("120000.123456"), Plan: bulWan("20000"), Completed: bulWan("5200"), Planned: bulWan("5000"),
			Light: stride.ColorGreen},
		{ID: 3, Name: "福州国际人才港(一期)", LeadUnitID: 11, LeadUnit: "经济发展局", OwnerUnit: "人才港公司", Category: stride.CategorySocial,
			Stage: stride.StageCompleted, Total: bulWan("45000"), Plan: bulWan("8000"), Completed: bulWan("2100.01"), Planned: bulWan("2000"),
			Light: stride.ColorYellow, Ended: stride.MustDate("2025-03-28"), Why: []stride.Phrase{{Key: "light.milestone_overdue", Args: []any{"竣工验收", 12}}}},
		{ID: 4, Name: "良存华侨学校新校区", LeadUnitID: 12, LeadUnit: "规划建设局", OwnerUnit: "良存学校", Category: stride.CategoryLivelihood,
			Stage: stride.StageConstruction, Total: bulWan("36000"), Plan: bulWan("12000"), Completed: bulWan("1000"), Planned: bulWan("3000"),
			Light: stride.ColorRed, New: true, Started: stride.MustDate("2025-03-26"), Why: []stride.Phrase{{Key: "light.behind_pace", Args: []any{"16.7"}}}},
	}
	var plan, done stride.Money
	for _, r := range rows {
		plan += r.Plan
		done += r.Completed
	}
	units := []stride.UnitRank{
		{UnitID: 12, UnitName: "规划建设局", Projects: 1, Plan: bulWan("12000"), Completed: bulWan("1000"), Rate: 8.3, Pace: 25, Gap: -16.7},
		{UnitID: 10, UnitName: "社会事业局", Projects: 1, Plan: bulWan("30000"), Completed: bulWan("4000.5"), Rate: 13.3, Pace: 25, Gap: -11.7},
		{UnitID: 11, UnitName: "经济发展局", Projects: 2, Plan: bulWan("28000"), Completed: bulWan("7300.01"), Rate: 26.1, Pace: 25, Gap: 1.1},
	}
	due := stride.MustDate("2025-04-03")
	oid := int64(7)
	c := &stride.BulletinContent{Year: 2025, Period: 3, AsOf: stride.MustDate("2025-03-31"),
		Overall: stride.BulletinOverall{Projects: 4, Total: bulWan("461000.123456"), Plan: plan, Completed: done, Rate: stride.Percent(done, plan),
			Pace: 25, Gap: stride.PointsGap(stride.Percent(done, plan), 25), Started: 1, NewProjects: 1, StartRate: 100, Completions: 1},
		Units: units, Bottom: units[:3], Top: []stride.UnitRank{units[2], units[1], units[0]},
		Lights: []stride.Count{{Key: "green", Count: 1}, {Key: "red", Count: 2}, {Key: "yellow", Count: 1}},
		Red: stride.BulletinList{Figure: stride.FigRed, Total: 2, Items: []stride.BulletinProject{
			{ID: 1, Name: "高新区综合医院", LeadUnit: "社会事业局", Color: stride.ColorRed, Why: rows[0].Why},
			{ID: 4, Name: "良存华侨学校新校区", LeadUnit: "规划建设局", Color: stride.ColorRed, Why: rows[3].Why}}},
		Yellow: stride.BulletinList{Figure: stride.FigYellow, Total: 1, Items: []stride.BulletinProject{
			{ID: 3, Name: "福州国际人才港(一期)", LeadUnit: "经济发展局", Color: stride.ColorYellow, Why: rows[2].Why}}},
		Changes: stride.BulletinChanges{Since: "2025-W13",
			NewRed:      stride.BulletinList{Figure: stride.FigNewRed, Total: 1, Items: []stride.BulletinProject{{ID: 4, Name: "良存华侨学校新校区"}}},
			TurnedGreen: stride.BulletinList{Figure: stride.FigTurnedGreen, Items: []stride.BulletinProject{}},
			Started:     stride.BulletinList{Figure: stride.FigStartedWeek, Total: 1, Items: []stride.BulletinProject{{ID: 4, Name: "良存华侨学校新校区"}}},
			Completed:   stride.BulletinList{Figure: stride.FigCompletedWeek, Total: 1, Items: []stride.BulletinProject{{ID: 3, Name: "福州国际人才港(一期)"}}}},
		Inspections: stride.BulletinInspections{Visits: 2, Findings: 2, Orders: 1, Open: 1, Overdue: 0, Closed: 0, Problems: 3, Total: 2, Items: []stride.BulletinFinding{
			{FindingID: 1, OrderID: &oid, OrderCode: "督办〔2025〕1号", ProjectID: 1, ProjectName: "高新区综合医院", Matter: "扬尘治理不到位 & <围挡>",
				TargetUnit: "城建公司", DueOn: due, Status: stride.OrderOpen},
			{FindingID: 2, ProjectID: 4, ProjectName: "良存华侨学校新校区", Matter: "劳动力投入不足"}}},
		Approvals: stride.BulletinOverdue{Available: true, Total: 1, Items: []stride.BulletinOverdueItem{
			{ID: 5, ProjectID: 4, ProjectName: "良存华侨学校新校区", Title: "施工许可", Unit: "规划建设局", DueOn: stride.MustDate("2025-03-20"), Overdue: 6}}},
		Blockages: stride.BulletinOverdue{Items: []stride.BulletinOverdueItem{}},
		Campaigns: []stride.BulletinCampaign{{ID: 1, Name: "奋战60天", StartsOn: stride.MustDate("2025-03-01"), EndsOn: stride.MustDate("2025-04-29"),
			DaysLeft: 29, Projects: 3, Results: []stride.TargetResult{{Target: "starts", Goal: "2", Reached: "1", Rate: "50.0"},
				{Target: "investment", Goal: "5000.00", Reached: "12300.51", Beaten: true, Rate: "246.0"}}}},
	}
	b := &stride.Bulletin{ID: 9, Year: 2025, Week: "2025-W14", Number: 3, Revision: 1, Status: stride.BulletinPublished,
		From: stride.MustDate("2025-03-31"), To: stride.MustDate("2025-04-06"), AsOf: c.AsOf, Title: "重点项目建设提速工作周通报",
		Issuer: "福州高新区项目建设指挥部", IssuedOn: stride.MustDate("2025-04-04"), Requirements: "要求一。\n要求二。", Commendations: "表扬：经济发展局。",
		Content: c}
	return b, &stride.BulletinDetail{Rows: rows, Figures: map[string][]int64{stride.FigLedger: {1, 2, 3, 4}}}
}

// node is a parsed XML element.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     strings.Builder
}

func parseXML(t *testing.T, b []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("malformed XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text.Write(tk)
		}
	}
	return root
}

func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

func (n *node) first(name string) *node {
	if all := n.all(name); len(all) > 0 {
		return all[0]
	}
	return nil
}

// plain is the text of the w:t elements under n.
func (n *node) plain() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.text.String())
	}
	return b.String()
}

func styleOf(p *node) string {
	if s := p.first("pStyle"); s != nil {
		return s.attr["val"]
	}
	return ""
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func TestBulletinDocx(t *testing.T) {
	b, _ := sampleBulletin()
	doc, err := office.BulletinDocx(b, stride.LangZH, time.Date(2025, 4, 4, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, doc)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
		"word/fontTable.xml", "word/settings.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"} {
		if parts[name] == nil {
			t.Fatalf("part %s missing", name)
		}
	}
	for name, data := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parseXML(t, data)
		}
	}
	if !strings.Contains(string(parts["[Content_Types].xml"]), `Extension="png"`) {
		t.Error("no content type for the chart image")
	}

	// Page: A4 with GB/T 9704 margins.
	d := parseXML(t, parts["word/document.xml"])
	pg, mar := d.first("pgSz"), d.first("pgMar")
	if pg.attr["w"] != "11906" || pg.attr["h"] != "16838" || mar.attr["top"] != "2098" || mar.attr["bottom"] != "1984" ||
		mar.attr["left"] != "1588" || mar.attr["right"] != "1474" {
		t.Errorf("page %v margins %v", pg.attr, mar.attr)
	}

	// Fonts by name, with the fallbacks in the font table.
	styles := parseXML(t, parts["word/styles.xml"])
	font := map[string]string{}
	for _, s := range styles.all("style") {
		if f := s.first("rFonts"); f != nil {
			font[s.attr["styleId"]] = f.attr["eastAsia"]
		}
	}
	if def := styles.first("rPrDefault").first("rFonts").attr["eastAsia"]; def != "仿宋_GB2312" {
		t.Errorf("body font %q", def)
	}
	if font["Title"] != "方正小标宋简体" || font["Heading1"] != "黑体" || font["Heading2"] != "楷体_GB2312" {
		t.Errorf("fonts %v", font)
	}
	fonts := parseXML(t, parts["word/fontTable.xml"])
	alt := map[string]string{}
	for _, f := range fonts.all("font") {
		if a := f.first("altName"); a != nil {
			alt[f.attr["name"]] = a.attr["val"]
		}
	}
	if alt["方正小标宋简体"] != "黑体" || alt["仿宋_GB2312"] != "仿宋" {
		t.Errorf("fallbacks %v", alt)
	}

	// Headings numbered 一、二、… and （一）（二）… in order.
	var h1, h2 []string
	var body strings.Builder
	title := ""
	for _, p := range d.all("p") {
		text := p.plain()
		body.WriteString(text + "\n")
		switch styleOf(p) {
		case "Heading1":
			h1 = append(h1, text)
		case "Heading2":
			h2 = append(h2, text)
		case "Title":
			title = text
		}
	}
	nums := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if len(h1) != len(nums) {
		t.Fatalf("first-level headings %q", h1)
	}
	for i, h := range h1 {
		if !strings.HasPrefix(h, nums[i]+"、") {
			t.Errorf("heading %d is %q", i+1, h)
		}
	}
	if len(h2) < 4 || !strings.HasPrefix(h2[0], "（一）红灯项目（2个）") || !strings.HasPrefix(h2[1], "（二）黄灯项目") {
		t.Errorf("second-level headings %q", h2)
	}
	if !strings.Contains(title, "2025年3月31日") {
		t.Errorf("title %q", title)
	}
	text := body.String()
	for _, want := range []string{"重点项目建设提速工作周通报", "第3期", "2025年4月4日", "总投资46.10亿元", "欠序时进度", "低于序时进度11.7个百分点",
		"2、3月月报未报（共2个月）", "扬尘治理不到位 & <围挡>", "督办〔2025〕1号", "施工许可", "该台账尚未启用", "奋战60天", "要求二。", "表扬：经济发展局。",
		"新开工1个（目标2个，完成50.0%）"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}

	// The ranking table: explicit single borders, a shaded header row that repeats, the
	// units lowest first and the total.
	tables := d.all("tbl")
	if len(tables) != 2 {
		t.Fatalf("%d tables, want the ranking and the findings", len(tables))
	}
	rank := tables[0]
	borders := rank.first("tblBorders")
	for _, edge := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if e := borders.first(edge); e == nil || e.attr["val"] != "single" {
			t.Errorf("ranking table border %s: %v", edge, e)
		}
	}
	rows := rank.all("tr")
	if rows[0].first("tblHeader") == nil || rows[0].first("shd").attr["fill"] != "D9D9D9" {
		t.Error("the header row is neither repeated nor shaded")
	}
	if len(rows) != 1+3+1 {
		t.Fatalf("%d ranking rows", len(rows))
	}
	cells := func(tr *node) []string {
		var out []string
		for _, tc := range tr.all("tc") {
			out = append(out, tc.plain())
		}
		return out
	}
	if got := cells(rows[1]); got[1] != "规划建设局" || got[3] != "12,000.00" || got[7] != "-16.7" {
		t.Errorf("first ranked %q", got)
	}
	if got := cells(rows[4]); got[0] != "合计" || got[2] != stride.WanText(b.Content.Overall.Plan) {
		t.Errorf("total row %q", got)
	}

	// The chart: an inline picture whose relationship points at a PNG in the package.
	blip := d.first("blip")
	if blip == nil {
		t.Fatal("no picture")
	}
	rels := parseXML(t, parts["word/_rels/document.xml.rels"])
	target := ""
	for _, r := range rels.all("Relationship") {
		if r.attr["Id"] == blip.attr["embed"] {
			target = r.attr["Target"]
		}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(parts["word/"+target]))
	if err != nil || format != "png" || cfg.Width < 600 {
		t.Fatalf("chart %s: %v %s %+v", target, err, format, cfg)
	}

	// English: every phrase comes from the catalog.
	en, err := office.BulletinDocx(b, stride.LangEN, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	enDoc := string(unzip(t, en)["word/document.xml"])
	if strings.Contains(enDoc, "bulletin.") || strings.Contains(enDoc, "order.status") || !strings.Contains(enDoc, "Overall") {
		t.Error("the English document has untranslated keys")
	}
	convertWithLibreOffice(t, doc, "docx", []string{"重点项目建设提速工作周通报", "46.10"})
}

func TestBulletinXLSX(t *testing.T) {
	b, d := sampleBulletin()
	data, err := office.BulletinXLSX(b, d, stride.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "项目明细" || sheets[1] != "单位排名" {
		t.Fatalf("sheets %v", sheets)
	}
	sh := sheets[0]
	get := func(cell string) string {
		v, err := f.GetCellValue(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	raw := func(cell string) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get("A1"); !strings.Contains(v, "重点项目建设提速工作周通报") || !strings.Contains(v, "第3期") || !strings.Contains(v, "2025年3月31日") {
		t.Errorf("title %q", v)
	}
	for cell, want := range map[string]string{"A2": "序号", "B2": "项目名称", "G2": "投资完成情况", "M2": "推进情况", "G3": "总投资（万元）",
		"I3": "1-3月完成投资（万元）", "L3": "超（欠）序时进度（个百分点）", "B5": "保利通信产业园\t（一期）", "M4": "红灯"} {
		if got := get(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	merged, err := f.GetMergeCells(sh)
	if err != nil {
		t.Fatal(err)
	}
	ranges := map[string]bool{}
	for _, m := range merged {
		ranges[m.GetStartAxis()+":"+m.GetEndAxis()] = true
	}
	for _, want := range []string{"A1:P1", "A2:A3", "B2:B3", "G2:L2", "M2:P2"} {
		if !ranges[want] {
			t.Errorf("cells %s not merged: %v", want, ranges)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.XSplit != 2 || panes.YSplit != 3 {
		t.Errorf("panes %+v %v", panes, err)
	}
	// Rows 4..7 are the projects, row 8 the total: each sum equals its column's.
	last := 4 + len(d.Rows)
	if get(fmt.Sprintf("A%d", last)) != "合计" {
		t.Fatalf("no total row at %d", last)
	}
	for col, exact := range map[string]stride.Money{"G": b.Content.Overall.Total, "H": b.Content.Overall.Plan, "I": b.Content.Overall.Completed} {
		var sum float64
		for r := 4; r < last; r++ {
			v, err := strconv.ParseFloat(raw(fmt.Sprintf("%s%d", col, r)), 64)
			if err != nil {
				t.Fatalf("%s%d: %v", col, r, err)
			}
			sum += v
		}
		total, err := strconv.ParseFloat(raw(fmt.Sprintf("%s%d", col, last)), 64)
		if err != nil || math.Abs(total-sum) > 1e-6 || math.Abs(total-float64(exact)/1e6) > 1e-9 {
			t.Errorf("column %s: total %v, rows add up to %v, exact %s", col, total, sum, exact.Wan())
		}
		formula, _ := f.GetCellFormula(sh, fmt.Sprintf("%s%d", col, last))
		if formula != fmt.Sprintf("SUM(%s4:%s%d)", col, col, last-1) {
			t.Errorf("column %s formula %q", col, formula)
		}
	}
	style, _ := f.GetCellStyle(sh, "H4")
	st, err := f.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
		t.Errorf("万元 number format: %+v %v", st, err)
	}
	if v := get("P4"); !strings.Contains(v, "低于序时进度11.7个百分点") {
		t.Errorf("reasons %q", v)
	}
	units, _ := f.GetRows(sheets[1])
	if len(units) != 2+3 || units[2][1] != "规划建设局" {
		t.Errorf("unit sheet %q", units)
	}
	convertWithLibreOffice(t, data, "xlsx", []string{"高新区综合医院"})
}

// convertWithLibreOffice turns the file into a PDF when LibreOffice is installed and checks
// the PDF's text (through pdftotext, when present).
func convertWithLibreOffice(t *testing.T, data []byte, ext string, want []string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Logf("LibreOffice not installed: no PDF check of the %s", ext)
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bulletin."+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf",
		"--outdir", dir, in).CombinedOutput()
	pdf := filepath.Join(dir, "bulletin.pdf")
	if _, serr := os.Stat(pdf); err != nil || serr != nil {
		t.Fatalf("conversion of the %s failed: %v %s", ext, err, out)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(string(text), w) {
			t.Errorf("the PDF of the %s lacks %q", ext, w)
		}
	}
}
