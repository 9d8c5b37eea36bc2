package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stride-hq/stride"
)

// upload posts a file as multipart field "file".
func (c *client) upload(path string, content []byte) response {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", "site.png")
	part.Write(content)
	w.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &body)
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

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for x := 0; x < 640; x++ {
		img.Set(x, x%480, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The monthly report's life: submitted with a photo, returned, corrected, approved; the
// approved figures lock, count in the roll-ups, and move the light and the dashboard.
func TestReportFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq, owner, dept := e.login("hq"), e.login("owner"), e.login("dept")
		poly := itoa(e.projectID(hq, "保利通信产业园"))
		// The demo's clock is 2025-03-31: February is the due month; March is this month.
		completed := func() stride.Money {
			p := dept.do("GET", "/api/v1/projects?q=保利通信产业园&year=2025", nil).json(t)["items"].([]any)[0].(map[string]any)
			m, err := stride.ParseWan(p["completed"].(string))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		march := func() string {
			trend := dept.do("GET", "/api/v1/dashboard?year=2025", nil).json(t)["trend"].([]any)
			return trend[2].(map[string]any)["completed"].(string)
		}
		before, marchBefore := completed(), march()

		// Bad input: future month, negative money, missing progress; nothing is written.
		for _, tc := range []struct{ body, field string }{
			{`{"year":2025,"month":4,"investment":"100","progress":"x"}`, "month"},
			{`{"year":2025,"month":3,"investment":"-1","progress":"x"}`, "investment"},
			{`{"year":2025,"month":3,"investment":"abc","progress":"x"}`, "investment"},
			{`{"year":2025,"month":3,"investment":"1","progress":""}`, "progress"},
			{`{"year":2025,"month":13,"investment":"1","progress":"x"}`, "month"},
		} {
			if r := owner.do("POST", "/api/v1/projects/"+poly+"/reports", tc.body); r.status != 400 || r.field(t, tc.field) == "" {
				t.Errorf("%s: %d %s", tc.body, r.status, r.body)
			}
		}
		// The owner of another project cannot report for this one.
		other := itoa(e.projectID(hq, "高新区综合医院"))
		if r := owner.do("POST", "/api/v1/projects/"+other+"/reports", `{"year":2025,"month":3,"investment":"1","progress":"x"}`); r.status != 404 {
			t.Errorf("report for another's project: %d", r.status)
		}

		r := owner.do("POST", "/api/v1/projects/"+poly+"/reports", `{"year":2025,"month":3,"investment":"1234.56","progress":"主体施工","progress_pct":40}`)
		if r.status != 201 {
			t.Fatalf("submit: %d %s", r.status, r.body)
		}
		rep := r.json(t)
		id := itoa(rep["id"].(float64))
		if r := owner.upload("/api/v1/reports/"+id+"/photos", []byte("GIF89a this is not a photo")); r.status != 400 || !strings.Contains(r.field(t, "file"), "JPEG") {
			t.Errorf("non-image upload: %d %s", r.status, r.body)
		}
		r = owner.upload("/api/v1/reports/"+id+"/photos", pngBytes(t))
		if r.status != 201 {
			t.Fatalf("photo: %d %s", r.status, r.body)
		}
		photo := itoa(r.json(t)["id"].(float64))
		for _, path := range []string{"/api/v1/photos/" + photo, "/api/v1/photos/" + photo + "/thumb"} {
			if r := dept.do("GET", path, nil); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/") {
				t.Errorf("%s: %d %s", path, r.status, r.header.Get("Content-Type"))
			}
		}
		if r := e.login("leader").do("GET", "/api/v1/photos/"+photo+"/thumb", nil); r.status != 200 {
			t.Errorf("leader reads the photo: %d", r.status)
		}
		// A second submission for the same month is refused while the first waits.
		if r := owner.do("POST", "/api/v1/projects/"+poly+"/reports", `{"year":2025,"month":3,"investment":"1","progress":"x"}`); r.status != 409 {
			t.Errorf("duplicate month: %d %s", r.status, r.body)
		}
		// Returning needs a reason.
		if r := dept.do("POST", "/api/v1/reports/"+id+"/return", map[string]any{"version": rep["version"]}); r.status != 400 {
			t.Errorf("return without reason: %d", r.status)
		}
		r = dept.do("POST", "/api/v1/reports/"+id+"/return", map[string]any{"reason": "投资额与形象进度不符", "version": rep["version"]})
		if r.status != 200 || r.json(t)["status"] != "returned" {
			t.Fatalf("return: %d %s", r.status, r.body)
		}
		rep = r.json(t)
		r = owner.do("PUT", "/api/v1/reports/"+id, map[string]any{"year": 2025, "month": 3, "investment": "2000.00",
			"progress": "主体施工，完成三层", "progress_pct": 45, "version": rep["version"]})
		if r.status != 200 || r.json(t)["status"] != "submitted" {
			t.Fatalf("resubmit: %d %s", r.status, r.body)
		}
		rep = r.json(t)
		r = dept.do("POST", "/api/v1/reports/"+id+"/approve", map[string]any{"version": rep["version"]})
		if r.status != 200 || r.json(t)["status"] != "approved" {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		rep = r.json(t)
		// Approved figures lock.
		if r := owner.do("PUT", "/api/v1/reports/"+id, map[string]any{"year": 2025, "month": 3, "investment": "1", "progress": "x", "version": rep["version"]}); r.status != 409 {
			t.Errorf("edit approved: %d %s", r.status, r.body)
		}
		if got := completed() - before; got.Wan() != "2000.00" {
			t.Errorf("approved March added %s万元, want 2000.00", got.Wan())
		}
		if march() == marchBefore {
			t.Errorf("the dashboard's March figure did not move from %s", marchBefore)
		}
		// A correction of an approved month needs a reason and becomes revision 2; the old one
		// stays until the correction is approved.
		if r := owner.do("POST", "/api/v1/projects/"+poly+"/reports", `{"year":2025,"month":3,"investment":"1800","progress":"更正"}`); r.status != 400 || r.field(t, "correction_reason") == "" {
			t.Errorf("correction without reason: %d %s", r.status, r.body)
		}
		r = owner.do("POST", "/api/v1/projects/"+poly+"/reports", `{"year":2025,"month":3,"investment":"1800","progress":"更正","correction_reason":"重复计列设备款"}`)
		if r.status != 201 || r.json(t)["revision"] != float64(2) {
			t.Fatalf("correction: %d %s", r.status, r.body)
		}
		corr := r.json(t)
		r = dept.do("POST", "/api/v1/reports/"+itoa(corr["id"].(float64))+"/approve", map[string]any{"version": corr["version"]})
		if r.status != 200 {
			t.Fatalf("approve correction: %d %s", r.status, r.body)
		}
		if got := dept.do("GET", "/api/v1/reports/"+id, nil).json(t)["status"]; got != "superseded" {
			t.Errorf("first revision after correction: %v", got)
		}
		if got := completed() - before; got.Wan() != "1800.00" {
			t.Errorf("after the correction March counts %s万元, want 1800.00", got.Wan())
		}
		// The project's lights explain themselves.
		lights := dept.do("GET", "/api/v1/projects/"+poly+"/lights", nil)
		if lights.status != 200 || !strings.Contains(string(lights.body), "序时进度") {
			t.Errorf("lights: %d %s", lights.status, lights.body)
		}
	})
}

// A baselined plan changes only with a reason code, a note and an approver; the baseline
// and every change stay visible.
func TestPlanBaseline(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		r := hq.do("POST", "/api/v1/projects", `{"name":"新项目","category":"industrial","stage":"preliminary","owner_unit_id":13,"lead_unit_id":4}`)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		id := itoa(r.json(t)["id"].(float64))
		path := "/api/v1/projects/" + id + "/plans/2025"
		if r := hq.do("GET", path, nil); r.status != 404 {
			t.Fatalf("no plan yet: %d", r.status)
		}
		curve := make([]string, 12)
		for i := range curve {
			curve[i] = strconv.Itoa((i + 1) * 100)
		}
		if r := hq.do("PUT", path, map[string]any{"investment": "1200", "curve": curve[:11]}); r.status != 400 || r.field(t, "curve") == "" {
			t.Errorf("11-month curve: %d %s", r.status, r.body)
		}
		r = hq.do("PUT", path, map[string]any{"investment": "1200", "goals": "年底主体封顶", "curve": curve})
		if r.status != 200 || r.json(t)["status"] != "draft" {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		plan := r.json(t)
		r = hq.do("POST", path+"/approve", map[string]any{"version": plan["version"]})
		if r.status != 200 || r.json(t)["baseline_investment"] != "1200.00" {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		plan = r.json(t)
		curve[11] = "1500"
		in := map[string]any{"investment": "1500", "goals": "年底主体封顶", "curve": curve, "version": plan["version"]}
		if r := hq.do("PUT", path, in); r.status != 400 || r.field(t, "change") == "" {
			t.Fatalf("change without reason: %d %s", r.status, r.body)
		}
		in["change"] = map[string]any{"reason_code": "policy", "note": "专项债追加", "approver": "黄国平"}
		r = hq.do("PUT", path, in)
		if r.status != 200 {
			t.Fatalf("change with reason: %d %s", r.status, r.body)
		}
		plan = r.json(t)
		changes := plan["changes"].([]any)
		if plan["baseline_investment"] != "1200.00" || plan["investment"] != "1500.00" || len(changes) != 2 {
			t.Fatalf("after change: %s", r.body)
		}
		c := changes[0].(map[string]any)
		if c["subject"] != "investment" || c["old_value"] != "1200.00" || c["new_value"] != "1500.00" || c["approver"] != "黄国平" {
			t.Fatalf("recorded change: %v", c)
		}
		// A node's baselined date moves only with a reason too.
		r = hq.do("POST", "/api/v1/projects/"+id+"/milestones", `{"kind":"start","name":"开工","seq":20,"planned_date":"2025-06-30"}`)
		if r.status != 201 {
			t.Fatalf("node: %d %s", r.status, r.body)
		}
		node := r.json(t)
		if node["baseline_date"] != nil {
			t.Fatalf("a node added after approval has no baseline yet: %v", node["baseline_date"])
		}
		// Back-scheduling proposes dates in working days before a target.
		r = hq.do("POST", "/api/v1/projects/"+id+"/milestones/schedule", `{"target_date":"2026-12-31"}`)
		if r.status != 200 || !strings.Contains(string(r.body), `"planned_date":"2026-12-31"`) {
			t.Fatalf("schedule: %d %s", r.status, r.body)
		}
		if r := hq.do("POST", "/api/v1/projects/"+id+"/milestones/schedule", `{"target_date":"2030-12-31"}`); r.status != 400 || !strings.Contains(string(r.body), "尚未录入") {
			t.Fatalf("schedule into an unconfirmed year: %d %s", r.status, r.body)
		}
	})
}
