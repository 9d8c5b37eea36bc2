package api_test

import (
	"strings"
	"testing"
)

// countUnits is the number of units hq can see, to check nothing was written.
func countUnits(t *testing.T, c *client) float64 {
	t.Helper()
	return c.do("GET", "/api/v1/units", nil).json(t)["total"].(float64)
}

func TestBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.login("sysadmin")
		before := countUnits(t, admin)
		for _, tc := range []struct {
			name, body string
			field      string // the field error expected, or "" for a body-level message
			message    string // a fragment of the message
		}{
			{"malformed JSON", `{"name": "x",`, "", "不是合法的JSON"},
			{"not an object", `[1, 2]`, "", "JSON"},
			{"trailing data", `{"name":"x","kind":"department","parent_id":1} {}`, "", "JSON"},
			{"unknown field", `{"name":"x","kind":"department","parent_id":1,"colour":"red"}`, "colour", "不支持的字段"},
			{"wrong type", `{"name":12,"kind":"department","parent_id":1}`, "name", "类型错误"},
			{"wrong type number", `{"name":"x","kind":"department","parent_id":"one"}`, "parent_id", "数字"},
			{"missing name", `{"kind":"department","parent_id":1}`, "name", "必填"},
			{"blank name", `{"name":"   ","kind":"department","parent_id":1}`, "name", "必填"},
			{"too long", `{"name":"` + strings.Repeat("长", 101) + `","kind":"department","parent_id":1}`, "name", "100"},
			{"bad kind", `{"name":"x","kind":"castle","parent_id":1}`, "kind", "选择"},
			{"bad phone", `{"name":"x","kind":"department","parent_id":1,"phone":"call me"}`, "phone", "电话"},
			{"missing parent", `{"name":"x","kind":"department","parent_id":999999}`, "parent_id", "上级单位不存在"},
			{"oversized", `{"name":"x","kind":"department","parent_id":1,"contact":"` + strings.Repeat("a", 2<<20) + `"}`, "", "过大"},
		} {
			r := admin.do("POST", "/api/v1/units", tc.body)
			if r.status != 400 || r.json(t)["code"] != "invalid" {
				t.Errorf("%s: %d %s, want 400 invalid", tc.name, r.status, r.body)
				continue
			}
			msg, _ := r.json(t)["message"].(string)
			if tc.field != "" {
				msg = r.field(t, tc.field)
			}
			if !strings.Contains(msg, tc.message) {
				t.Errorf("%s: %s, want %q in the message of field %q", tc.name, r.body, tc.message, tc.field)
			}
		}
		if after := countUnits(t, admin); after != before {
			t.Fatalf("units went from %v to %v: bad input wrote something", before, after)
		}

		// Money is a decimal string in 万元: floats, negatives and words are refused.
		hq := e.login("hq")
		project := func(investment string) string {
			return `{"name":"新项目","category":"industrial","stage":"planning","owner_unit_id":13,"lead_unit_id":4,"total_investment":` + investment + `}`
		}
		for _, inv := range []string{`"abc"`, `"1.2345678"`, `"-5"`, `true`} {
			r := hq.do("POST", "/api/v1/projects", project(inv))
			if r.status != 400 || r.field(t, "total_investment") == "" {
				t.Errorf("investment %s: %d %s", inv, r.status, r.body)
			}
		}
		// A malformed time is refused on its field.
		for _, at := range []string{`"yesterday"`, `5`, `"2025-13-01T00:00:00Z"`} {
			r := hq.do("POST", "/api/v1/blockages", `{"project_id":1,"title":"道路未贯通","category":"other","raised_at":`+at+`}`)
			if r.status != 400 || !strings.Contains(r.field(t, "raised_at"), "2025-03-31T09:30") {
				t.Errorf("raised_at %s: %d %s", at, r.status, r.body)
			}
		}
		r := hq.do("POST", "/api/v1/projects", project(`"12,345.67"`))
		if r.status != 201 || r.json(t)["total_investment"] != "12345.67" {
			t.Fatalf("create project: %d %s", r.status, r.body)
		}
		// A duplicate national code is a field-level conflict.
		code := `{"code":"2025-350100-47-01-000123","name":"甲","category":"industrial","stage":"planning","owner_unit_id":13,"lead_unit_id":4}`
		if r := hq.do("POST", "/api/v1/projects", code); r.status != 201 {
			t.Fatalf("coded project: %d %s", r.status, r.body)
		}
		if r := hq.do("POST", "/api/v1/projects", code); r.status != 409 || r.field(t, "code") == "" {
			t.Fatalf("duplicate code: %d %s", r.status, r.body)
		}
		if r := hq.do("POST", "/api/v1/projects", strings.Replace(code, "2025-350100", "25-3501", 1)); r.status != 400 || !strings.Contains(r.field(t, "code"), "YYYY") {
			t.Fatalf("malformed code: %d %s", r.status, r.body)
		}
	})
}

func TestEnglishMessages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.login("sysadmin")
		c.lang = "en-US,en;q=0.9"
		r := c.do("POST", "/api/v1/units", `{"kind":"department","parent_id":1}`)
		if r.field(t, "name") != "Required" {
			t.Fatalf("english field message: %s", r.body)
		}
		anon := e.client()
		anon.lang = "en"
		r = anon.do("POST", "/api/v1/auth/login", map[string]string{"username": "nobody", "password": "x"})
		if r.status != 401 || r.json(t)["message"] != "Wrong username or password" {
			t.Fatalf("english login message: %d %s", r.status, r.body)
		}
	})
}

func TestStaleVersionConflict(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.login("sysadmin")
		u := c.do("GET", "/api/v1/units/4", nil).json(t)
		in := map[string]any{"parent_id": u["parent_id"], "name": "经济发展局（改）", "kind": u["kind"], "version": u["version"]}
		if r := c.do("PUT", "/api/v1/units/4", in); r.status != 200 {
			t.Fatalf("first update: %d %s", r.status, r.body)
		}
		r := c.do("PUT", "/api/v1/units/4", in)
		if r.status != 409 || !strings.Contains(r.json(t)["message"].(string), "已被他人修改") {
			t.Fatalf("stale update: %d %s", r.status, r.body)
		}
	})
}

func TestCrossOriginWriteRefused(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.login("sysadmin")
		req := `{"name":"x","kind":"department","parent_id":1}`
		for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://evil.example"}} {
			r := c.doWith("POST", "/api/v1/units", req, h)
			if r.status != 403 {
				t.Errorf("cross-origin %v: %d %s", h, r.status, r.body)
			}
		}
		if r := c.doWith("POST", "/api/v1/units", req, map[string]string{"Sec-Fetch-Site": "same-origin"}); r.status != 201 {
			t.Errorf("same-origin: %d %s", r.status, r.body)
		}
	})
}

func TestUnknownRoutes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.login("hq")
		if r := c.do("GET", "/api/v1/nothing", nil); r.status != 404 || r.json(t)["code"] != "not_found" {
			t.Errorf("unknown path: %d %s", r.status, r.body)
		}
		if r := c.do("PATCH", "/api/v1/projects", nil); r.status != 405 || r.header.Get("Allow") == "" {
			t.Errorf("wrong method: %d %s %v", r.status, r.body, r.header)
		}
		if r := c.do("GET", "/api/v1/projects/abc", nil); r.status != 404 {
			t.Errorf("malformed id: %d %s", r.status, r.body)
		}
	})
}
