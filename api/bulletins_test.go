package api_test

import (
	"archive/zip"
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The bulletin through the API: draft by ISO week, read, edit, publish, download; what a
// department sees; bad requests answered clearly and writing nothing.
func TestBulletinAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq, dept := e.login("hq"), e.login("dept")

		// The demo zone has last week's bulletin, published as 第1期.
		list := hq.do("GET", "/api/v1/bulletins", nil).json(t)
		if list["total"].(float64) != 1 {
			t.Fatalf("demo bulletins: %v", list)
		}
		w13 := list["items"].([]any)[0].(map[string]any)
		if w13["week"] != "2025-W13" || w13["status"] != "published" || w13["number"].(float64) != 1 {
			t.Fatalf("demo bulletin %v", w13)
		}

		r := hq.do("POST", "/api/v1/bulletins", map[string]string{"week": "2025-W14"})
		if r.status != 201 {
			t.Fatalf("draft: %d %s", r.status, r.body)
		}
		b := r.json(t)
		id := itoa(b["id"].(float64))
		content := b["content"].(map[string]any)
		overall := content["overall"].(map[string]any)
		if b["status"] != "draft" || b["number"].(float64) != 2 || overall["projects"].(float64) != 293 || overall["plan"] != "2141000.00" {
			t.Fatalf("draft %v %v", b["status"], overall)
		}
		red := content["red"].(map[string]any)
		if items := red["items"].([]any); len(items) == 0 || len(items[0].(map[string]any)["reasons"].([]any)) == 0 {
			t.Fatalf("red projects without reasons: %v", red)
		}
		exports := b["exports"].([]any)
		if len(exports) != 3 || exports[2].(map[string]any)["format"] != "pdf" {
			t.Fatalf("exports %v", exports)
		}
		if _, err := exec.LookPath("soffice"); err != nil && (exports[2].(map[string]any)["available"] != false || exports[2].(map[string]any)["reason"] == "") {
			t.Fatalf("pdf offered without LibreOffice: %v", exports[2])
		}
		// Again: the same draft, regenerated.
		if r := hq.do("POST", "/api/v1/bulletins", map[string]string{"week": "2025-W14"}); r.status != 200 || itoa(r.json(t)["id"].(float64)) != id {
			t.Fatalf("regenerate: %d %s", r.status, r.body)
		}

		// Bad weeks: clear messages next to the field, nothing written.
		for week, want := range map[string]string{"2025-W54": "没有这一周", "2025-W53": "没有这一周", "2025-14": "2025-W14", "": "2025-W14", "2025-W20": "尚未开始"} {
			r := hq.do("POST", "/api/v1/bulletins", map[string]string{"week": week})
			if r.status != 400 || !strings.Contains(r.field(t, "week"), want) {
				t.Errorf("week %q: %d %s", week, r.status, r.body)
			}
		}
		if r := hq.do("POST", "/api/v1/bulletins", `{"week":"2025-W14","extra":1}`); r.status != 400 || r.field(t, "extra") == "" {
			t.Errorf("unknown field: %d %s", r.status, r.body)
		}
		if n := hq.do("GET", "/api/v1/bulletins", nil).json(t)["total"].(float64); n != 2 {
			t.Fatalf("%v bulletins after bad requests", n)
		}

		// A department sees the published bulletin, not the draft.
		if r := dept.do("GET", "/api/v1/bulletins/"+id, nil); r.status != 404 {
			t.Fatalf("department reads the draft: %d", r.status)
		}
		if r := dept.do("GET", "/api/v1/bulletins", nil).json(t); r["total"].(float64) != 1 {
			t.Fatalf("department lists %v", r["total"])
		}
		w13id := itoa(w13["id"].(float64))
		if r := dept.do("GET", "/api/v1/bulletins/"+w13id, nil); r.status != 200 {
			t.Fatalf("department reads the published one: %d", r.status)
		}
		all := hq.do("GET", "/api/v1/bulletins/"+w13id+"/figures?figure=ledger&size=1", nil).json(t)["total"].(float64)
		mine := dept.do("GET", "/api/v1/bulletins/"+w13id+"/figures?figure=ledger&size=100", nil)
		if n := mine.json(t)["total"].(float64); n == 0 || n >= all {
			t.Fatalf("department traces %v of %v ledger rows", n, all)
		}
		for _, it := range mine.json(t)["items"].([]any) {
			if it.(map[string]any)["lead_unit"] != "经济发展局" {
				t.Fatalf("department traces another unit's project: %v", it)
			}
		}
		if r := hq.do("GET", "/api/v1/bulletins/"+w13id+"/figures?figure=nothing", nil); r.status != 400 {
			t.Errorf("unknown figure: %d %s", r.status, r.body)
		}

		// Edit the draft, publish it; then it is locked.
		b = hq.do("GET", "/api/v1/bulletins/"+id, nil).json(t)
		edit := map[string]any{"title": b["title"], "issuer": b["issuer"], "issued_on": "2025-04-04", "requirements": "一是加快进度。\n二是按时整改。",
			"commendations": "", "version": b["version"]}
		r = hq.do("PUT", "/api/v1/bulletins/"+id, edit)
		if r.status != 200 || r.json(t)["requirements"] != "一是加快进度。\n二是按时整改。" {
			t.Fatalf("edit: %d %s", r.status, r.body)
		}
		version := r.json(t)["version"]
		if r := hq.do("PUT", "/api/v1/bulletins/"+id, edit); r.status != 409 {
			t.Errorf("stale edit: %d", r.status)
		}
		if r := dept.do("POST", "/api/v1/bulletins/"+id+"/publish", map[string]any{"version": version}); r.status != 403 {
			t.Errorf("department publishes: %d", r.status)
		}
		r = hq.do("POST", "/api/v1/bulletins/"+id+"/publish", map[string]any{"version": version})
		if r.status != 200 || r.json(t)["number"].(float64) != 2 || r.json(t)["status"] != "published" {
			t.Fatalf("publish: %d %s", r.status, r.body)
		}
		published := r.json(t)
		edit["version"] = published["version"]
		r = hq.do("PUT", "/api/v1/bulletins/"+id, edit)
		if r.status != 409 || !strings.Contains(string(r.body), "更正") {
			t.Errorf("edit a published bulletin: %d %s", r.status, r.body)
		}
		if r := hq.do("POST", "/api/v1/bulletins", map[string]string{"week": "2025-W14"}); r.status != 409 {
			t.Errorf("redraft a published week: %d %s", r.status, r.body)
		}
		if got := hq.do("GET", "/api/v1/bulletins/"+id, nil).json(t); got["version"] != published["version"] || got["requirements"] != published["requirements"] {
			t.Error("refused edits changed the bulletin")
		}
		if r := dept.do("GET", "/api/v1/bulletins/"+id, nil); r.status != 200 {
			t.Errorf("department reads it once published: %d", r.status)
		}
		// A correction: a new revision of 第2期.
		if r := hq.do("POST", "/api/v1/bulletins/"+id+"/correct", map[string]string{"reason": ""}); r.status != 400 || r.field(t, "reason") == "" {
			t.Errorf("correction without a reason: %d %s", r.status, r.body)
		}
		r = hq.do("POST", "/api/v1/bulletins/"+id+"/correct", map[string]string{"reason": "数据更正"})
		if c := r.json(t); r.status != 201 || c["revision"].(float64) != 2 || c["number"].(float64) != 2 || c["status"] != "draft" {
			t.Fatalf("correct: %d %s", r.status, r.body)
		}

		// Downloads: Word, Excel, and PDF only with LibreOffice.
		r = dept.do("GET", "/api/v1/bulletins/"+id+"/export?format=docx", nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "wordprocessingml") || !strings.Contains(r.header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("docx: %d %v", r.status, r.header)
		}
		zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
		if err != nil {
			t.Fatal(err)
		}
		var doc string
		for _, f := range zr.File {
			if f.Name == "word/document.xml" {
				rc, _ := f.Open()
				var buf bytes.Buffer
				buf.ReadFrom(rc)
				doc = buf.String()
			}
		}
		for _, want := range []string{"第2期", "214.10亿元", "二是按时整改。", "福州高新区项目建设指挥部"} {
			if !strings.Contains(doc, want) {
				t.Errorf("the Word document lacks %q", want)
			}
		}
		r = hq.do("GET", "/api/v1/bulletins/"+id+"/export?format=xlsx", nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d", r.status)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("项目明细")
		if len(rows) != 3+293+1 || rows[len(rows)-1][0] != "合计" {
			t.Fatalf("xlsx: %d rows", len(rows))
		}
		f.Close()
		r = hq.do("GET", "/api/v1/bulletins/"+id+"/export?format=pdf", nil)
		if _, err := exec.LookPath("soffice"); err != nil {
			if r.status != 400 || !strings.Contains(string(r.body), "LibreOffice") {
				t.Errorf("pdf without LibreOffice: %d %s", r.status, r.body)
			}
		} else if r.status != 200 || !bytes.HasPrefix(r.body, []byte("%PDF")) {
			t.Errorf("pdf: %d", r.status)
		}
		if r := hq.do("GET", "/api/v1/bulletins/"+id+"/export?format=doc", nil); r.status != 400 {
			t.Errorf("unknown format: %d", r.status)
		}
		if r := hq.do("GET", "/api/v1/bulletins/999999/export?format=docx", nil); r.status != 404 {
			t.Errorf("missing bulletin: %d", r.status)
		}
	})
}

// An inspection through the API: a plan, a visit from the demo checklist with a photo, a
// finding, an order to the department, its answer and HQ's close.
func TestInspectionAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq, dept, owner := e.login("hq"), e.login("dept"), e.login("owner")
		poly := e.projectID(hq, "保利通信产业园")
		tmpl := hq.do("GET", "/api/v1/inspection-templates", nil).json(t)["items"].([]any)[0].(map[string]any)
		r := hq.do("POST", "/api/v1/inspections", map[string]any{"week": "2025-W14", "title": "第三组督查", "planned_on": "2025-03-31",
			"team": "督查组", "project_ids": []float64{poly}})
		if r.status != 201 {
			t.Fatalf("plan: %d %s", r.status, r.body)
		}
		plan := itoa(r.json(t)["id"].(float64))
		if r := hq.do("POST", "/api/v1/inspections", map[string]any{"week": "2025-W14", "title": "x", "planned_on": "2025-04-07", "project_ids": []float64{poly}}); r.status != 400 || r.field(t, "planned_on") == "" {
			t.Errorf("date outside the week: %d %s", r.status, r.body)
		}
		r = hq.do("POST", "/api/v1/inspections/"+plan+"/visits", map[string]any{"project_id": poly, "template_id": tmpl["id"], "visited_on": "2025-03-31"})
		if r.status != 201 || len(r.json(t)["checklist"].([]any)) != 3 {
			t.Fatalf("visit: %d %s", r.status, r.body)
		}
		visit := itoa(r.json(t)["id"].(float64))
		r = hq.upload("/api/v1/visits/"+visit+"/photos", pngBytes(t))
		if r.status != 201 {
			t.Fatalf("photo: %d %s", r.status, r.body)
		}
		photo := itoa(r.json(t)["id"].(float64))
		if r := owner.do("GET", "/api/v1/inspection-photos/"+photo, nil); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
			t.Errorf("owner reads the photo of its project: %d", r.status)
		}
		if r := owner.do("GET", "/api/v1/inspection-photos/"+photo+"/thumb", nil); r.status != 200 {
			t.Errorf("thumbnail: %d", r.status)
		}
		r = hq.do("POST", "/api/v1/visits/"+visit+"/findings", map[string]any{"matter": "二期用电增容未落实", "severity": "serious"})
		if r.status != 201 {
			t.Fatalf("finding: %d %s", r.status, r.body)
		}
		finding := itoa(r.json(t)["id"].(float64))
		me := dept.do("GET", "/api/v1/me", nil).json(t)["user"].(map[string]any)
		r = hq.do("POST", "/api/v1/findings/"+finding+"/order", map[string]any{"target_unit_id": me["unit_id"]})
		if r.status != 201 || r.json(t)["limit_days"].(float64) != 5 || r.json(t)["due_on"] == nil {
			t.Fatalf("order with the default time: %d %s", r.status, r.body)
		}
		order := r.json(t)
		oid := itoa(order["id"].(float64))
		if order["blockage_id"] == nil {
			t.Fatalf("the order is not in the blockage ledger: %s", r.body)
		}
		bid := itoa(order["blockage_id"].(float64))
		if b := dept.do("GET", "/api/v1/blockages/"+bid, nil).json(t); b["status"] != "raised" || b["owner_unit_id"] != me["unit_id"] {
			t.Fatalf("the order's blockage: %v", b)
		}
		if r := hq.do("POST", "/api/v1/findings/"+finding+"/order", map[string]any{"target_unit_id": me["unit_id"], "limit_days": 99}); r.status != 400 {
			t.Errorf("limit out of range: %d", r.status)
		}
		if r := owner.do("POST", "/api/v1/orders/"+oid+"/feedback", map[string]any{"feedback": "已办", "version": order["version"]}); r.status != 403 {
			t.Errorf("the owner answers the department's order: %d %s", r.status, r.body)
		}
		if r := dept.do("POST", "/api/v1/orders/"+oid+"/feedback", map[string]any{"feedback": "", "version": order["version"]}); r.status != 400 {
			t.Errorf("empty answer: %d", r.status)
		}
		r = dept.do("POST", "/api/v1/orders/"+oid+"/feedback", map[string]any{"feedback": "已与供电公司对接", "version": order["version"]})
		if r.status != 200 || r.json(t)["status"] != "answered" {
			t.Fatalf("answer: %d %s", r.status, r.body)
		}
		if r := dept.upload("/api/v1/orders/"+oid+"/evidence", pngBytes(t)); r.status != 201 {
			t.Fatalf("evidence: %d %s", r.status, r.body)
		}
		if r := dept.do("POST", "/api/v1/orders/"+oid+"/close", map[string]any{"result": "done"}); r.status != 403 {
			t.Errorf("department closes: %d", r.status)
		}
		o := hq.do("GET", "/api/v1/orders/"+oid, nil).json(t)
		if r := hq.do("POST", "/api/v1/orders/"+oid+"/close", map[string]any{"result": "passed", "version": o["version"]}); r.status != 400 || r.field(t, "result") == "" {
			t.Errorf("unknown result: %d %s", r.status, r.body)
		}
		r = hq.do("POST", "/api/v1/orders/"+oid+"/close", map[string]any{"result": "interview", "note": "约谈分管领导", "version": o["version"]})
		if r.status != 200 || r.json(t)["result"] != "interview" || len(r.json(t)["evidence"].([]any)) != 1 {
			t.Fatalf("close: %d %s", r.status, r.body)
		}
		if b := hq.do("GET", "/api/v1/blockages/"+bid, nil).json(t); b["status"] != "resolved" {
			t.Errorf("the closed order's blockage: %v", b["status"])
		}
		if r := dept.do("GET", "/api/v1/orders?status=closed", nil).json(t); r["total"].(float64) < 1 {
			t.Errorf("department's closed orders: %v", r)
		}
		got := hq.do("GET", "/api/v1/inspections/"+plan, nil).json(t)
		if counts := got["counts"].(map[string]any); counts["visits"].(float64) != 1 || counts["orders"].(float64) != 1 || counts["open"].(float64) != 0 {
			t.Errorf("plan counts %v", counts)
		}
	})
}

// The cockpit: one call with everything the big screen shows.
func TestCockpitAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := e.login("leader").do("GET", "/api/v1/cockpit", nil)
		if r.status != 200 {
			t.Fatalf("cockpit: %d %s", r.status, r.body)
		}
		c := r.json(t)
		head := c["headline"].(map[string]any)
		if head["projects"].(float64) != 293 || head["plan"] != "2141000.00" || len(c["trend"].([]any)) != 12 || len(c["units"].([]any)) != 6 {
			t.Fatalf("cockpit %v", head)
		}
		if red := c["red"].([]any); len(red) == 0 || len(red[0].(map[string]any)["reasons"].([]any)) == 0 {
			t.Errorf("red list without reasons")
		}
		if len(c["campaigns"].([]any)) != 1 || c["bulletin"].(map[string]any)["week"] != "2025-W13" {
			t.Errorf("campaigns %v, bulletin %v", c["campaigns"], c["bulletin"])
		}
		if orders := c["orders"].(map[string]any); orders["open"].(float64)+orders["answered"].(float64) != 3 || orders["closed"].(float64) != 1 {
			t.Errorf("orders %v", orders)
		}
		if r := e.login("owner").do("GET", "/api/v1/cockpit", nil); r.status != 403 {
			t.Errorf("owner: %d", r.status)
		}
	})
}
