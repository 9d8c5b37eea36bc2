package api_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

func TestCalendarAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		owner := e.login("owner")
		for _, tc := range []struct{ query, field, want string }{
			{"/api/v1/calendar/add?date=2025-01-24&days=3", "date", "2025-02-05"},
			{"/api/v1/calendar/add?date=2025-02-05&days=-3", "date", "2025-01-24"},
			// Friday after office hours counts from Sunday 1-26, a make-up workday.
			{"/api/v1/calendar/add?at=2025-01-24T18:00:00%2B08:00&days=3", "date", "2025-02-06"},
			{"/api/v1/calendar/add?at=2025-01-24T18:00:00%2B08:00&days=3", "received_on", "2025-01-26"},
			{"/api/v1/calendar/add?date=2025-09-30&days=1", "date", "2025-10-09"}, // across National Day
			{"/api/v1/calendar/day?date=2025-10-11", "kind", "makeup"},
			{"/api/v1/calendar/day?date=2025-10-08", "name", "国庆节、中秋节"},
		} {
			r := owner.do("GET", tc.query, nil)
			if r.status != 200 || r.json(t)[tc.field] != tc.want {
				t.Errorf("%s: %d %s, want %s %s", tc.query, r.status, r.body, tc.field, tc.want)
			}
		}
		if r := owner.do("GET", "/api/v1/calendar/between?from=2025-01-24&to=2025-02-05", nil); r.json(t)["days"] != float64(3) {
			t.Errorf("between: %s", r.body)
		}
		for _, q := range []string{"/api/v1/calendar/add?date=2025-01-24&days=x", "/api/v1/calendar/add?days=3", "/api/v1/calendar/add?date=2025-13-01&days=1"} {
			if r := owner.do("GET", q, nil); r.status != 400 {
				t.Errorf("%s: %d", q, r.status)
			}
		}
		// 2027 is not entered: the calculation says so, until the administrator adds it.
		r := owner.do("GET", "/api/v1/calendar/add?date=2026-12-30&days=5", nil)
		if r.status != 400 || !strings.Contains(r.json(t)["message"].(string), "2027年的节假日安排尚未录入") {
			t.Fatalf("unconfirmed year: %d %s", r.status, r.body)
		}
		admin := e.login("sysadmin")
		notice := map[string]any{"entries": []map[string]any{{"date": "2027-01-01", "off": true, "name": "元旦"}, {"date": "2027-02-06", "off": true, "name": "春节"}}}
		if r := owner.do("PUT", "/api/v1/calendar/years/2027", notice); r.status != 403 {
			t.Fatalf("owner edits the calendar: %d", r.status)
		}
		bad := map[string]any{"entries": []map[string]any{{"date": "2028-01-01", "off": true, "name": "元旦"}}}
		if r := admin.do("PUT", "/api/v1/calendar/years/2027", bad); r.status != 400 {
			t.Fatalf("an entry outside the year: %d %s", r.status, r.body)
		}
		if r := admin.do("PUT", "/api/v1/calendar/years/2027", notice); r.status != 200 {
			t.Fatalf("enter 2027: %d %s", r.status, r.body)
		}
		if r := owner.do("GET", "/api/v1/calendar/add?date=2026-12-30&days=5", nil); r.status != 200 || r.json(t)["date"] != "2027-01-07" {
			t.Fatalf("into 2027: %d %s", r.status, r.body)
		}
		r = admin.do("POST", "/api/v1/calendar/entries", map[string]any{"date": "2027-01-04", "off": true, "name": "调整"})
		if r.status != 201 {
			t.Fatalf("add an entry: %d %s", r.status, r.body)
		}
		if r := owner.do("GET", "/api/v1/calendar/add?date=2026-12-30&days=5", nil); r.json(t)["date"] != "2027-01-08" {
			t.Errorf("after the added holiday: %s", r.body)
		}
		if r := admin.do("DELETE", "/api/v1/calendar/entries/"+itoa(r.json(t)["id"].(float64)), nil); r.status != 204 {
			t.Errorf("delete: %d", r.status)
		}
		years := owner.do("GET", "/api/v1/calendar/years", nil).json(t)
		if years["total"] != float64(4) {
			t.Errorf("years: %v", years)
		}
		// The clocks' settings: changed once with the version read, refused with a stale one.
		st := admin.do("GET", "/api/v1/approval-settings", nil).json(t)
		st["near_due_days"], st["office_cutoff"] = 3, "17:00"
		if r := admin.do("PUT", "/api/v1/approval-settings", st); r.status != 200 || r.json(t)["near_due_days"] != float64(3) {
			t.Fatalf("settings: %d %s", r.status, r.body)
		}
		if r := admin.do("PUT", "/api/v1/approval-settings", st); r.status != 409 {
			t.Errorf("stale settings: %d", r.status)
		}
		st["office_cutoff"] = "25:00"
		if r := admin.do("PUT", "/api/v1/approval-settings", st); r.status != 400 || r.field(t, "office_cutoff") == "" {
			t.Errorf("a bad cutoff: %d %s", r.status, r.body)
		}
		// The cutoff now falls at 17:00: a request at 17:10 counts from the next working day.
		if r := owner.do("GET", "/api/v1/calendar/add?at=2025-03-03T17:10:00%2B08:00&days=0", nil); r.json(t)["received_on"] != "2025-03-04" {
			t.Errorf("cutoff 17:00: %s", r.body)
		}
	})
}

// The flow through the API: the owner raises a blockage; HQ assigns it; the
// department accepts and answers it; the owner confirms. Another, left alone, escalates as
// the clock moves and shows up for HQ. Bad input writes nothing.
func TestBlockageFlowAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		owner, hq, dept := e.login("owner"), e.login("hq"), e.login("dept")
		poly := e.projectID(hq, "保利通信产业园")
		total := func(c *client, query string) float64 {
			t.Helper()
			return c.do("GET", "/api/v1/blockages?"+query, nil).json(t)["total"].(float64)
		}
		before := total(hq, "")
		r := owner.do("POST", "/api/v1/blockages", map[string]any{"project_id": poly, "title": strings.Repeat("堵", 151), "category": "utilities"})
		if r.status != 400 || r.field(t, "title") != "不能超过150个字符" || total(hq, "") != before {
			t.Fatalf("a long title: %d %s", r.status, r.body)
		}
		r = owner.do("POST", "/api/v1/blockages", map[string]any{"project_id": poly, "title": "园区北门市政污水管未接通", "category": "utilities",
			"description": "二期厂房排水无法接入市政管网。"})
		if r.status != 201 {
			t.Fatalf("raise: %d %s", r.status, r.body)
		}
		b := r.json(t)
		id := itoa(b["id"].(float64))
		if b["ball"] != "hq" || total(hq, "") != before+1 {
			t.Fatalf("raised: %s", r.body)
		}
		if r := dept.do("GET", "/api/v1/blockages/"+id, nil); r.status != 404 {
			t.Fatalf("dept sees it before assignment: %d", r.status)
		}
		// The state machine and stale versions.
		r = owner.do("POST", "/api/v1/blockages/"+id+"/confirm", map[string]any{"version": b["version"]})
		if r.status != 409 || r.json(t)["message"] != "不能对“提出”状态的堵点执行“确认解决”" {
			t.Fatalf("confirm a raised blockage: %d %s", r.status, r.body)
		}
		me := dept.do("GET", "/api/v1/me", nil).json(t)["user"].(map[string]any)
		if r := hq.do("POST", "/api/v1/blockages/"+id+"/assign", map[string]any{"owner_unit_id": me["unit_id"], "version": b["version"].(float64) - 1}); r.status != 409 {
			t.Fatalf("stale version: %d %s", r.status, r.body)
		}
		step := func(c *client, action string, body map[string]any) map[string]any {
			t.Helper()
			body["version"] = b["version"]
			r := c.do("POST", "/api/v1/blockages/"+id+"/"+action, body)
			if r.status != 200 {
				t.Fatalf("%s: %d %s", action, r.status, r.body)
			}
			b = r.json(t)
			return b
		}
		step(hq, "assign", map[string]any{"owner_unit_id": me["unit_id"], "note": "请经济发展局协调"})
		if b["ball"] != "owner" || b["response"].(map[string]any)["due"] != "2025-04-03" {
			t.Fatalf("assigned: %v", b)
		}
		if r := owner.do("POST", "/api/v1/blockages/"+id+"/accept", map[string]any{"version": b["version"]}); r.status != 403 {
			t.Fatalf("the owner accepts its own blockage: %d", r.status)
		}
		if total(dept, "mine=true") < 1 {
			t.Error("not on the department's turn list")
		}
		step(dept, "accept", map[string]any{})
		if r := dept.do("POST", "/api/v1/blockages/"+id+"/reply", map[string]any{"version": b["version"]}); r.status != 400 || r.field(t, "note") == "" {
			t.Fatalf("an answer without words: %d %s", r.status, r.body)
		}
		step(dept, "reply", map[string]any{"note": "已协调市政公司，本周接通"})
		if b["ball"] != "raiser" || b["status"] != "pending_confirm" {
			t.Fatalf("answered: %v", b)
		}
		step(owner, "confirm", map[string]any{})
		if b["status"] != "resolved" {
			t.Fatalf("confirmed: %v", b)
		}
		if r := owner.do("POST", "/api/v1/blockages/"+id+"/comments", map[string]any{"body": "感谢协调"}); r.status != 201 {
			t.Errorf("comment: %d", r.status)
		}
		detail := hq.do("GET", "/api/v1/blockages/"+id, nil).json(t)
		if n := len(detail["events"].([]any)); n != 6 {
			t.Errorf("timeline has %d entries", n)
		}

		// Left alone after assignment, the next one climbs as working days pass.
		r = owner.do("POST", "/api/v1/blockages", map[string]any{"project_id": poly, "title": "厂区南侧道路未贯通", "category": "construction"})
		b2 := r.json(t)
		id2 := itoa(b2["id"].(float64))
		r = hq.do("POST", "/api/v1/blockages/"+id2+"/assign", map[string]any{"owner_unit_id": me["unit_id"], "version": b2["version"]})
		if r.status != 200 {
			t.Fatal(r.status)
		}
		e.clock.Add(9 * 24 * time.Hour) // Wednesday 4-9: 3 working days past the response limit (4-3), Qingming skipped
		if _, err := e.db.EscalateBlockages(t.Context()); err != nil {
			t.Fatal(err)
		}
		hq = e.login("hq") // the sessions went idle while the days passed
		esc := hq.do("GET", "/api/v1/blockages/"+id2, nil).json(t)
		if esc["level"] != float64(2) || esc["overdue_days"] != float64(3) || len(esc["escalations"].([]any)) != 1 {
			t.Fatalf("escalated: level %v overdue %v %v", esc["level"], esc["overdue_days"], esc["escalations"])
		}
		found := false
		for _, it := range hq.do("GET", "/api/v1/blockages?level=1&overdue=true&size=100", nil).json(t)["items"].([]any) {
			found = found || it.(map[string]any)["id"] == b2["id"]
		}
		if !found {
			t.Error("HQ's escalated list lacks it")
		}
		msgs := e.login("leader").do("GET", "/api/v1/messages", nil)
		if !strings.Contains(string(msgs.body), "堵点升级：厂区南侧道路未贯通（已升至分管领导") {
			t.Errorf("the leader was not told: %s", msgs.body)
		}
		// The same to-do reads in English when the leader's interface is English.
		leaderEN := e.login("leader")
		leaderEN.lang = "en"
		if msgs := leaderEN.do("GET", "/api/v1/messages", nil); !strings.Contains(string(msgs.body), "Blockage escalated: 厂区南侧道路未贯通 (now at") {
			t.Errorf("the leader's to-do in English: %s", msgs.body)
		}
		st := hq.do("GET", "/api/v1/blockages/stats", nil).json(t)
		if st["total"].(map[string]any)["total"].(float64) < 2 || len(st["by_category"].([]any)) == 0 {
			t.Errorf("stats %v", st)
		}
	})
}

func TestApprovalItemsAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq, dept, owner := e.login("hq"), e.login("dept"), e.login("owner")
		// The demo's project approval filed yesterday with 经济发展局 is the department's turn.
		list := dept.do("GET", "/api/v1/approval-items?status=received", nil).json(t)
		if list["total"] != float64(1) {
			t.Fatalf("dept's received items: %v", list)
		}
		it := list["items"].([]any)[0].(map[string]any)
		id := itoa(it["id"].(float64))
		for _, item := range dept.do("GET", "/api/v1/approval-items?size=100", nil).json(t)["items"].([]any) {
			if item.(map[string]any)["unit_name"] != "经济发展局" {
				t.Errorf("dept sees %v", item)
			}
		}
		if r := owner.do("POST", "/api/v1/approval-items/"+id+"/handle", map[string]any{"to": "accepted", "version": it["version"]}); r.status != 403 {
			t.Fatalf("owner handles: %d", r.status)
		}
		r := dept.do("POST", "/api/v1/approval-items/"+id+"/handle", map[string]any{"to": "accepted", "at": "2025-03-27T10:00:00+08:00", "version": it["version"]})
		if r.status != 400 || !strings.Contains(r.field(t, "at"), "不能早于上一步") {
			t.Fatalf("before the previous step: %d %s", r.status, r.body)
		}
		r = dept.do("POST", "/api/v1/approval-items/"+id+"/handle", map[string]any{"to": "approved", "version": it["version"]})
		if r.status != 409 {
			t.Fatalf("approve before accepting: %d %s", r.status, r.body)
		}
		r = dept.do("POST", "/api/v1/approval-items/"+id+"/handle", map[string]any{"to": "accepted", "version": it["version"]})
		if r.status != 200 || r.json(t)["clock"].(map[string]any)["due"] != "2025-04-08" {
			t.Fatalf("accept: %d %s", r.status, r.body) // 5 working days from Monday 3-31 over Qingming
		}
		if r := dept.do("POST", "/api/v1/approval-items/"+id+"/handle", map[string]any{"to": "reviewing", "version": it["version"]}); r.status != 409 {
			t.Fatalf("stale version: %d", r.status)
		}
		if r := owner.do("GET", "/api/v1/approval-items/"+id, nil); r.status != 404 {
			t.Errorf("another owner's item: %d", r.status)
		}
		detail := hq.do("GET", "/api/v1/approval-items/"+id, nil).json(t)
		if events, _ := detail["events"].([]any); len(events) != 3 || detail["ball"] != "authority" {
			t.Errorf("detail %v", detail)
		}
		poly := e.projectID(hq, "保利通信产业园")
		sc := owner.do("GET", "/api/v1/projects/"+itoa(poly)+"/approval-schedule?start=2025-12-31&end=2026-06-30", nil)
		if rows, _ := sc.json(t)["rows"].([]any); sc.status != 200 || len(rows) != 9 {
			t.Fatalf("schedule: %d %.300s", sc.status, sc.body)
		}
		for _, q := range []string{"/api/v1/agency-cases/workload", "/api/v1/land-files/compliance", "/api/v1/approval-catalog", "/api/v1/approval-settings"} {
			if r := hq.do("GET", q, nil); r.status != 200 {
				t.Errorf("%s: %d %s", q, r.status, r.body)
			}
		}
		cases := owner.do("GET", "/api/v1/agency-cases", nil).json(t)
		if cases["total"] != float64(1) {
			t.Errorf("owner's cases: %v", cases["total"])
		}
	})
}

// uploadAs posts a file named name as the multipart field "file".
func (c *client) uploadAs(path, name string, content []byte) response {
	c.e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	return c.doWith("POST", path, buf.String(), map[string]string{"Content-Type": w.FormDataContentType()})
}

func TestAttachmentsAPI(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		owner, dept := e.login("owner"), e.login("dept")
		poly := e.projectID(e.login("hq"), "保利通信产业园")
		b := owner.do("POST", "/api/v1/blockages", map[string]any{"project_id": poly, "title": "附件测试", "category": "other"}).json(t)
		path := "/api/v1/blockages/" + itoa(b["id"].(float64)) + "/attachments"
		if r := owner.uploadAs(path, "setup.exe", []byte("MZ\x90\x00")); r.status != 400 || !strings.Contains(r.field(t, "file"), "PDF") {
			t.Fatalf("an executable: %d %s", r.status, r.body)
		}
		pdf := []byte("%PDF-1.4\n% test\n")
		r := owner.uploadAs(path, "现场照片说明.pdf", pdf)
		if r.status != 201 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		at := "/api/v1/attachments/" + itoa(r.json(t)["id"].(float64))
		got := owner.do("GET", at, nil)
		if got.status != 200 || !bytes.Equal(got.body, pdf) || got.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download: %d %q", got.status, got.header)
		}
		if r := dept.do("GET", at, nil); r.status != 404 {
			t.Errorf("dept downloads an unassigned blockage's file: %d", r.status)
		}
		if r := dept.uploadAs(path, "x.pdf", pdf); r.status != 404 {
			t.Errorf("dept attaches to an unassigned blockage: %d", r.status)
		}
	})
}
