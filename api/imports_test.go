package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stride-hq/stride/office"
	"github.com/xuri/excelize/v2"
)

// upload posts a file to the import preview with extra form fields.
func (c *client) uploadLedger(name string, data []byte, fields map[string]string) response {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if name != "" {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(data)
	}
	for k, v := range fields {
		w.WriteField(k, v)
	}
	w.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+"/api/v1/imports/preview", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: b, header: res.Header}
}

func (e *env) projectCount(c *client) float64 {
	e.t.Helper()
	return c.do("GET", "/api/v1/projects?size=1", nil).json(e.t)["total"].(float64)
}

// A real ledger uploads, previews with a corrected mapping, imports, and its project
// shows in the list; importing it again changes nothing.
func TestImportFixtureThroughAPI(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "fixtures", "ledgers", "annual-project-detail.xls"))
	if os.IsNotExist(err) {
		t.Skip("shared fixtures not present")
	}
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		before := e.projectCount(hq)
		r := hq.uploadLedger("年度项目明细表.xls", data, map[string]string{"year": "2025"})
		if r.status != 200 {
			t.Fatalf("preview: %d %s", r.status, r.body)
		}
		p := r.json(t)
		token := p["token"].(string)
		if p["sheet"] != "明细表" || p["creates"].(float64) != 1 || p["can_commit"] != true || len(p["new_units"].([]any)) != 2 {
			t.Fatalf("preview %.600s", r.body)
		}
		if w := p["warnings"].([]any); len(w) == 0 || !strings.Contains(w[0].(map[string]any)["message"].(string), "表头年份为2010年") {
			t.Errorf("warnings %v", w)
		}
		if e.projectCount(hq) != before {
			t.Fatal("the preview wrote projects")
		}
		// The user maps 挂钩领导 to the 联络人 column instead.
		r = hq.do("POST", "/api/v1/imports/"+token+"/preview", map[string]any{"year": 2025, "mapping": map[string]string{"liaison_leader": "R"}})
		if r.status != 200 || r.json(t)["rows"].([]any)[0].(map[string]any)["liaison_leader"] != "陈秀绒" {
			t.Fatalf("re-preview: %d %.300s", r.status, r.body)
		}
		// Another user cannot commit it.
		if r := e.login("leader").do("POST", "/api/v1/imports/"+token+"/commit", map[string]any{}); r.status != 403 {
			t.Errorf("leader commit: %d", r.status)
		}
		r = hq.do("POST", "/api/v1/imports/"+token+"/commit", map[string]any{"year": 2025, "mapping": map[string]string{"liaison_leader": "R"}})
		if r.status != 200 || r.json(t)["created"].(float64) != 1 {
			t.Fatalf("commit: %d %s", r.status, r.body)
		}
		list := hq.do("GET", "/api/v1/projects?q=对二甲苯&year=2025", nil).json(t)
		items := list["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("imported project not listed: %v", list)
		}
		got := items[0].(map[string]any)
		if got["total_investment"] != "1378400.00" || got["plan"] != "670000.00" || got["liaison_leader"] != "陈秀绒" || got["owner_unit_name"] != "腾龙芳烃（漳州）有限公司" {
			t.Errorf("imported %v", got)
		}
		if r := hq.do("POST", "/api/v1/imports/"+token+"/commit", map[string]any{}); r.status != 404 {
			t.Errorf("second commit of the same token: %d", r.status)
		}
		r = hq.uploadLedger("again.xls", data, map[string]string{"year": "2025", "mapping": `{"liaison_leader":"R"}`})
		if p := r.json(t); p["unchanged"].(float64) != 1 || p["creates"].(float64) != 0 {
			t.Errorf("re-preview after import: %.300s", r.body)
		}
	})
}

// A workbook with bad cells previews with its problems, refuses to commit, and gives back
// the error workbook.
func TestImportErrorsWorkbook(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		f := excelize.NewFile()
		for i, row := range [][]any{{"序号", "项目名称", "业主单位", "总投资（万元）", "2025年计划投资（万元）"},
			{1, "好项目", "好公司", 100, 10}, {2, "坏项目", "坏公司", "很多", 10}, {3, "无业主项目", "", 5, 1}} {
			f.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &row)
		}
		var buf bytes.Buffer
		f.Write(&buf)
		before := e.projectCount(hq)
		r := hq.uploadLedger("broken.xlsx", buf.Bytes(), nil)
		if r.status != 200 {
			t.Fatalf("preview %d %s", r.status, r.body)
		}
		p := r.json(t)
		issues := p["issues"].([]any)
		if p["can_commit"] != false || len(issues) != 2 {
			t.Fatalf("issues %v", issues)
		}
		if msg := issues[0].(map[string]any)["message"]; msg != "总投资须为数字（万元）" {
			t.Errorf("message %v", msg)
		}
		token := p["token"].(string)
		if r := hq.do("POST", "/api/v1/imports/"+token+"/commit", map[string]any{}); r.status != 400 || !strings.Contains(r.json(t)["message"].(string), "未导入任何数据") {
			t.Errorf("commit with errors: %d %s", r.status, r.body)
		}
		if e.projectCount(hq) != before {
			t.Fatal("a refused import wrote projects")
		}
		r = hq.do("GET", "/api/v1/imports/"+token+"/errors", nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("errors workbook: %d %s", r.status, r.header)
		}
		g, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := g.GetCellValue("Sheet1", "F3"); v != "总投资须为数字（万元）" {
			t.Errorf("F3 %q", v)
		}
		if v, _ := g.GetCellValue("Sheet1", "F4"); !strings.Contains(v, "业主单位") {
			t.Errorf("F4 %q", v)
		}
	})
}

// Files that are not ledgers are refused with a Chinese message and nothing is kept.
func TestImportBadFiles(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		big := make([]byte, 50<<20)
		copy(big, "PK\x03\x04")
		for _, tc := range []struct {
			name string
			data []byte
			want string
		}{
			{"empty.xlsx", nil, "文件是空的"},
			{"photo.xlsx", []byte("\x89PNG\r\n\x1a\n0000000000"), "图片"},
			{"broken.xlsx", []byte("PK\x03\x04garbage"), "已损坏"},
			{"huge.xlsx", big, "超过20 MB"},
			{"numbers.csv", []byte("a,b\n1,2\n"), "未找到可识别的表头"},
			{"", nil, "请选择要导入的文件"},
		} {
			r := hq.uploadLedger(tc.name, tc.data, nil)
			if r.status != 400 || !strings.Contains(string(r.body), tc.want) {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(e.data, "imports"))
		if len(entries) != 0 {
			t.Errorf("refused uploads kept: %d files", len(entries))
		}
	})
}

func TestExportAndTemplate(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		dept := e.login("dept")
		r := dept.do("GET", "/api/v1/projects/export?year=2025&group_by=nature", nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("export: %d %s", r.status, r.header)
		}
		book, err := office.Read("x.xlsx", r.body)
		if err != nil {
			t.Fatal(err)
		}
		l, err := office.Parse(book, office.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The department's ledger holds the projects it sees, and no others.
		var total float64
		json.Unmarshal([]byte(itoa(dept.do("GET", "/api/v1/projects?size=1&year=2025", nil).json(t)["total"].(float64))), &total)
		if float64(len(l.Rows)) != total || !l.Totals.Match || l.Title != "福州高新区2025年重点项目台账" {
			t.Errorf("export rows %d, list total %v, totals %+v", len(l.Rows), total, l.Totals)
		}
		if r := dept.do("GET", "/api/v1/projects/export?group_by=colour", nil); r.status != 400 {
			t.Errorf("bad group_by: %d", r.status)
		}
		r = e.login("hq").do("GET", "/api/v1/imports/template", nil)
		if r.status != 200 {
			t.Fatalf("template %d", r.status)
		}
		if book, err = office.Read("t.xlsx", r.body); err != nil {
			t.Fatal(err)
		}
		if l, err = office.Parse(book, office.Options{}); err != nil || len(l.Rows) != 0 {
			t.Errorf("template parse %v %v", l, err)
		}
	})
}
