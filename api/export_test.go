package api_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/demo"
	"github.com/xuri/excelize/v2"
)

// sheet is a downloaded list export, read back.
type sheet struct {
	f     *excelize.File
	name  string
	title string
	note  string
	head  []string
	rows  [][]string
}

// readSheet checks r is a workbook download and reads its title, note, heading and rows.
func readSheet(t *testing.T, r response) *sheet {
	t.Helper()
	if r.status != 200 || r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("export: %d %s %.300s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	s := &sheet{f: f, name: f.GetSheetList()[0]}
	all, err := f.GetRows(s.name)
	if err != nil || len(all) < 3 {
		t.Fatalf("rows %d %v", len(all), err)
	}
	s.title, s.note, s.head, s.rows = all[0][0], all[1][0], all[2], all[3:]
	return s
}

// column returns the values of the column headed h.
func (s *sheet) column(t *testing.T, h string) []string {
	t.Helper()
	i := slices.Index(s.head, h)
	if i < 0 {
		t.Fatalf("no column %q in %q", h, s.head)
	}
	out := make([]string, len(s.rows))
	for j, r := range s.rows {
		if i < len(r) {
			out[j] = r[i]
		}
	}
	return out
}

// raw is the stored value of a cell (row 0 is the first record).
func (s *sheet) raw(t *testing.T, row, col int) string {
	t.Helper()
	ref, _ := excelize.CoordinatesToCellName(col+1, row+4)
	v, err := s.f.GetCellValue(s.name, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// exportRoutes lists the GET routes the OpenAPI document says answer format=xlsx, with
// the role the authorization matrix names first for each.
func exportRoutes(t *testing.T, e *env) map[string]string {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name string } `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(e.client().do("GET", "/api/v1/openapi.json", nil).body, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for path, ops := range doc.Paths {
		for _, p := range ops["get"].Parameters {
			if p.Name == "format" {
				who := strings.Fields(matrix["GET "+path])[0]
				if who == "all" {
					who = "hq"
				}
				out[path] = who
			}
		}
	}
	return out
}

// Every list the web shows in a table exports: the file has the list's title, headings in
// the caller's language, and exactly the rows the JSON list counts.
func TestEveryListExports(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		routes := exportRoutes(t, e)
		want := []string{"/api/v1/units", "/api/v1/users", "/api/v1/roles", "/api/v1/audit-logs", "/api/v1/login-logs",
			"/api/v1/projects/{id}/milestones", "/api/v1/reports", "/api/v1/campaigns", "/api/v1/inspections", "/api/v1/orders",
			"/api/v1/bulletins", "/api/v1/approval-catalog", "/api/v1/approval-items", "/api/v1/agency-cases", "/api/v1/land-files",
			"/api/v1/blockages", "/api/v1/messages"}
		for _, p := range want {
			if _, ok := routes[p]; !ok {
				t.Errorf("%s does not export", p)
			}
		}
		hospital := itoa(e.projectID(e.login("hq"), "高新区综合医院"))
		for path, who := range routes {
			path := strings.ReplaceAll(path, "{id}", hospital)
			zh, en := e.login(who), e.login(who)
			en.lang = "en"
			total := zh.do("GET", path, nil).json(t)["total"].(float64)
			s := readSheet(t, zh.do("GET", path+"?format=xlsx", nil))
			if s.title == "" || !hasHan(s.title) || len(s.head) < 2 || !strings.Contains(s.note, "导出时间") {
				t.Errorf("%s: title %q, note %q, heading %q", path, s.title, s.note, s.head)
			}
			if len(s.rows) != int(total) {
				t.Errorf("%s: %d rows, the list counts %v", path, len(s.rows), total)
			}
			if total == 0 {
				t.Logf("%s: no rows in the demo zone", path)
			}
			for _, h := range s.head {
				if !hasHan(h) {
					t.Errorf("%s: heading %q is not Chinese", path, h)
				}
			}
			se := readSheet(t, en.do("GET", path+"?format=xlsx", nil))
			for _, h := range se.head {
				if hasHan(h) {
					t.Errorf("%s: English heading %q", path, h)
				}
			}
			if se.title == "" || hasHan(se.title[:1]) {
				t.Errorf("%s: English title %q", path, se.title)
			}
			if len(se.head) != len(s.head) || len(se.rows) != len(s.rows) {
				t.Errorf("%s: English %d×%d, Chinese %d×%d", path, len(se.head), len(se.rows), len(s.head), len(s.rows))
			}
		}
	})
}

// The export takes the list's filters and shows labels, not codes; columns= picks the
// web table's visible columns by key.
func TestBlockageExport(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		all := hq.do("GET", "/api/v1/blockages?size=100", nil).json(t)
		items := all["items"].([]any)
		if len(items) < 2 {
			t.Fatalf("the demo zone has %d blockages", len(items))
		}
		status := items[0].(map[string]any)["status"].(string)
		filtered := hq.do("GET", "/api/v1/blockages?status="+status, nil).json(t)["total"].(float64)
		if filtered == all["total"].(float64) {
			t.Logf("every blockage is %s: the filter is not exercised", status)
		}
		s := readSheet(t, hq.do("GET", "/api/v1/blockages?format=xlsx&status="+status, nil))
		if s.title != "难点堵点台账" || len(s.rows) != int(filtered) {
			t.Errorf("title %q, %d rows, want %v", s.title, len(s.rows), filtered)
		}
		if !strings.Contains(s.note, "筛选条件：状态：") || !strings.Contains(s.note, "导出人：") {
			t.Errorf("note %q", s.note)
		}
		wantHead := []string{"问题", "所属项目", "类别", "状态", "当前办理方", "响应时限", "办结时限", "督办层级", "提出日期"}
		if !slices.Equal(s.head, wantHead) {
			t.Errorf("heading %q, want %q", s.head, wantHead)
		}
		for _, v := range s.column(t, "状态") {
			if v == status || !hasHan(v) {
				t.Errorf("status cell %q is not a label", v)
			}
		}
		for i, v := range s.column(t, "提出日期") {
			if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(v) || strings.Contains(s.raw(t, i, 8), "-") {
				t.Errorf("raised-on cell %q (stored %q) is not a date", v, s.raw(t, i, 8))
			}
		}
		// The web sends the visible columns; a column hidden there is left out.
		s = readSheet(t, hq.do("GET", "/api/v1/blockages?format=xlsx&columns=status,title", nil))
		if !slices.Equal(s.head, []string{"问题", "状态"}) {
			t.Errorf("columns=status,title gives %q", s.head)
		}
		en := e.login("hq")
		en.lang = "en-US,en;q=0.9"
		s = readSheet(t, en.do("GET", "/api/v1/blockages?format=xlsx&columns=title,category,status", nil))
		if s.title != "Blockages" || !slices.Equal(s.head, []string{"Problem", "Category", "Status"}) || !strings.Contains(s.note, "Exported") {
			t.Errorf("English: %q %q %q", s.title, s.head, s.note)
		}
		for _, v := range s.column(t, "Category") {
			if hasHan(v) || v == "" {
				t.Errorf("English category %q", v)
			}
		}
		for _, bad := range []struct{ query, field string }{{"format=pdf", "format"}, {"format=xlsx&columns=title,nope", "columns"}} {
			r := hq.do("GET", "/api/v1/blockages?"+bad.query, nil)
			if r.status != 400 || r.field(t, bad.field) == "" {
				t.Errorf("%s: %d %s", bad.query, r.status, r.body)
			}
		}
	})
}

// Money is a number in 万元 shown with two decimals; the progress a percentage; times real
// date-times.
func TestReportExportTypes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		list := hq.do("GET", "/api/v1/reports?year=2025&size=100", nil).json(t)
		items := list["items"].([]any)
		if len(items) == 0 {
			t.Fatal("no reports in the demo zone")
		}
		s := readSheet(t, hq.do("GET", "/api/v1/reports?year=2025&format=xlsx", nil))
		if len(s.rows) != int(list["total"].(float64)) {
			t.Fatalf("%d rows, want %v", len(s.rows), list["total"])
		}
		inv := slices.Index(s.head, "本月完成投资（万元）")
		pct := slices.Index(s.head, "形象进度（%）")
		at := slices.Index(s.head, "填报时间")
		if inv < 0 || pct < 0 || at < 0 {
			t.Fatalf("heading %q", s.head)
		}
		first := items[0].(map[string]any)
		wantInv := first["investment"].(string)
		if got := s.raw(t, 0, inv); strings.TrimRight(strings.TrimRight(got, "0"), ".") != strings.TrimRight(strings.TrimRight(wantInv, "0"), ".") {
			t.Errorf("investment stored %q, JSON %q", got, wantInv)
		}
		if !regexp.MustCompile(`^[\d,]+\.\d\d$`).MatchString(s.rows[0][inv]) {
			t.Errorf("investment shown %q", s.rows[0][inv])
		}
		if typ, _ := s.f.GetCellType(s.name, "D4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("investment cell type %v", typ)
		}
		if !strings.HasSuffix(s.rows[0][pct], "%") || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`).MatchString(s.rows[0][at]) {
			t.Errorf("progress %q, submitted %q", s.rows[0][pct], s.rows[0][at])
		}
	})
}

// An owner enterprise's exports hold its own project and nothing else, as its lists do.
func TestExportScope(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq, owner := e.login("hq"), e.login("owner")
		const own = "保利通信产业园"
		for _, c := range []struct{ path, head string }{
			{"/api/v1/reports", "项目"},
			{"/api/v1/blockages", "所属项目"},
			{"/api/v1/approval-items", "项目"},
			{"/api/v1/land-files", "项目"},
			{"/api/v1/agency-cases", "项目"},
		} {
			mine := readSheet(t, owner.do("GET", c.path+"?format=xlsx", nil))
			if want := owner.do("GET", c.path, nil).json(t)["total"].(float64); len(mine.rows) != int(want) {
				t.Errorf("%s: owner's export has %d rows, its list %v", c.path, len(mine.rows), want)
			}
			for _, p := range mine.column(t, c.head) {
				if p != own {
					t.Errorf("%s: the owner's export holds %q", c.path, p)
				}
			}
			everyone := readSheet(t, hq.do("GET", c.path+"?format=xlsx", nil))
			others := slices.ContainsFunc(everyone.column(t, c.head), func(p string) bool { return p != own })
			if len(everyone.rows) > 0 && !others {
				t.Logf("%s: the demo zone has rows of %s only", c.path, own)
			}
		}
		hospital := itoa(e.projectID(hq, "高新区综合医院"))
		if r := owner.do("GET", "/api/v1/projects/"+hospital+"/milestones?format=xlsx", nil); r.status != 404 {
			t.Errorf("owner exports another's milestones: %d", r.status)
		}
		poly := itoa(e.projectID(hq, own))
		s := readSheet(t, owner.do("GET", "/api/v1/projects/"+poly+"/milestones?format=xlsx", nil))
		if !strings.Contains(s.title, own) {
			t.Errorf("milestones title %q", s.title)
		}
		// A forbidden list stays forbidden as a workbook.
		if r := owner.do("GET", "/api/v1/users?format=xlsx", nil); r.status != 403 {
			t.Errorf("owner exports users: %d", r.status)
		}
	})
}

// Exports read the list page by page and stop at the limit, saying so in the file.
func TestExportPagesAndLimit(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		auditor := e.login("auditor")
		total := int(auditor.do("GET", "/api/v1/audit-logs", nil).json(t)["total"].(float64))
		if total < 10 {
			t.Fatalf("only %d audit entries", total)
		}
		var order []string
		for page := 1; len(order) < total; page++ {
			r := auditor.do("GET", "/api/v1/audit-logs?size=100&page="+itoa(float64(page)), nil)
			for _, it := range r.json(t)["items"].([]any) {
				order = append(order, it.(map[string]any)["action"].(string))
			}
		}
		api.SetExportLimits(e.srv, total, 3) // many small pages
		s := readSheet(t, auditor.do("GET", "/api/v1/audit-logs?format=xlsx&columns=action", nil))
		got := s.column(t, "操作")
		if !slices.Equal(got, order) {
			t.Errorf("paged export: %d rows, the list %d", len(got), total)
		}
		api.SetExportLimits(e.srv, 7, 3)
		s = readSheet(t, auditor.do("GET", "/api/v1/audit-logs?format=xlsx&"+url.Values{"outcome": {"success"}}.Encode(), nil))
		if len(s.rows) != 7 || !strings.Contains(s.note, "仅导出前7条") {
			t.Errorf("limited export: %d rows, note %q", len(s.rows), s.note)
		}
	})
}

// Every xlsx.* message the export code names is in the catalogue (a prefix names labels
// that are), and every value of the enums the exports show has its label.
func TestExportMessages(t *testing.T) {
	keys := stride.MessageKeys()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`"(xlsx\.[A-Za-z_.0-9]+)"`)
	found := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllStringSubmatch(string(src), -1) {
			found++
			if !stride.HasMessage(m[1]) && !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, m[1]) }) {
				t.Errorf("%s names %q, which the catalogue lacks", name, m[1])
			}
		}
	}
	if found < 100 {
		t.Fatalf("found only %d uses: the scan is broken", found)
	}
	labels := map[string][]string{}
	for _, v := range stride.BlockageStatuses {
		labels["xlsx.blockage.status."] = append(labels["xlsx.blockage.status."], string(v))
	}
	for _, v := range stride.BlockageCategories {
		labels["xlsx.blockage.cat."] = append(labels["xlsx.blockage.cat."], string(v))
	}
	for _, v := range stride.ApprovalStatuses {
		labels["xlsx.approval.status."] = append(labels["xlsx.approval.status."], string(v))
	}
	for _, v := range stride.ApprovalStages {
		labels["xlsx.approval.stage."] = append(labels["xlsx.approval.stage."], string(v))
	}
	for _, v := range stride.CaseStages {
		labels["xlsx.agency.stage."] = append(labels["xlsx.agency.stage."], string(v))
	}
	for _, v := range stride.FirstTimes {
		labels["xlsx.land.step."] = append(labels["xlsx.land.step."], string(v))
	}
	for _, v := range stride.OrderResults {
		labels["xlsx.inspection.orderStatus."] = append(labels["xlsx.inspection.orderStatus."], string(v))
	}
	for prefix, values := range labels {
		for _, v := range values {
			if !stride.HasMessage(prefix + v) {
				t.Errorf("no label %s%s", prefix, v)
			}
		}
	}
}

// A list's workbook needs exactly the list's permission: the matrix holds for format=xlsx.
func TestExportAccess(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		routes := exportRoutes(t, e)
		for _, acc := range demo.Accounts {
			c := e.login(acc.Username)
			for path := range routes {
				allowed := matrix["GET "+path]
				want := allowed == "all" || slices.Contains(strings.Fields(allowed), acc.Username)
				r := c.do("GET", concrete(path)+"?format=xlsx", nil)
				switch {
				case want && (r.status == 401 || r.status == 403):
					t.Errorf("%s exports %s: %d, want allowed", acc.Username, path, r.status)
				case !want && r.status != 403:
					t.Errorf("%s exports %s: %d, want 403", acc.Username, path, r.status)
				}
			}
		}
	})
}

// Each list's workbook holds exactly the rows its filters select, in the list's order.
func TestExportFilters(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ who, path, first string }{
			{"sysadmin", "/api/v1/users?status=active&sort=-username", "username"},
			{"sysadmin", "/api/v1/units?kind=department", "name"},
			{"secadmin", "/api/v1/roles?q=管理员", "code"},
			{"auditor", "/api/v1/audit-logs?outcome=success&username=demo", "action"},
			{"auditor", "/api/v1/login-logs?username=auditor", "username"},
			{"hq", "/api/v1/reports?status=approved&year=2025&month=2", "project_name"},
			{"hq", "/api/v1/approval-items?status=approved&sort=-name", "name"},
			{"hq", "/api/v1/agency-cases?mode=assist", "enterprise_name"},
			{"hq", "/api/v1/land-files?open=true", "parcel"},
			{"hq", "/api/v1/inspections?week=2025-W13", "title"},
			{"hq", "/api/v1/orders?status=open", "code"},
			{"hq", "/api/v1/bulletins?status=published", "title"},
			{"hq", "/api/v1/messages?state=done", "title"},
		} {
			who := e.login(c.who)
			base, _, _ := strings.Cut(c.path, "?")
			list := who.do("GET", c.path+"&size=100", nil).json(t)
			all := who.do("GET", base, nil).json(t)["total"].(float64)
			s := readSheet(t, who.do("GET", c.path+"&format=xlsx", nil))
			if len(s.rows) != int(list["total"].(float64)) {
				t.Errorf("%s: %d rows, the list %v", c.path, len(s.rows), list["total"])
			}
			if list["total"].(float64) == all {
				t.Logf("%s: the filter leaves all %v rows", c.path, all)
			}
			items := list["items"].([]any)
			if len(items) == 0 {
				continue
			}
			want := items[0].(map[string]any)[c.first].(string)
			if !slices.ContainsFunc(s.rows[0], func(v string) bool { return strings.TrimSpace(v) == want }) {
				t.Errorf("%s: first row %q, the list starts with %q", c.path, s.rows[0], want)
			}
		}
	})
}
