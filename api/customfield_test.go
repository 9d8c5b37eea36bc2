package api_test

import (
	"strings"
	"testing"
)

func TestCustomFields(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		if r := e.login("dept").do("POST", "/api/v1/custom-fields", `{"key":"x","label":"X","type":"text"}`); r.status != 403 {
			t.Fatalf("dept defines a field: %d", r.status)
		}
		for _, bad := range []struct{ body, field string }{
			{`{"key":"Bad Key","label":"片区","type":"text"}`, "key"},
			{`{"key":"area","label":"片区","type":"colour"}`, "type"},
			{`{"key":"area","label":"片区","type":"choice","options":[]}`, "options"},
		} {
			if r := hq.do("POST", "/api/v1/custom-fields", bad.body); r.status != 400 || r.field(t, bad.field) == "" {
				t.Errorf("%s: %d %s", bad.body, r.status, r.body)
			}
		}
		r := hq.do("POST", "/api/v1/custom-fields", `{"key":"area","label":"所属片区","type":"choice","options":["科学城","大学城"],"required":true,"filterable":true,"list_column":true}`)
		if r.status != 201 {
			t.Fatalf("define: %d %s", r.status, r.body)
		}
		if r := hq.do("POST", "/api/v1/custom-fields", `{"key":"area","label":"重复","type":"text"}`); r.status != 409 || r.field(t, "key") == "" {
			t.Errorf("duplicate key: %d %s", r.status, r.body)
		}
		hq.do("POST", "/api/v1/custom-fields", `{"key":"land_area","label":"用地面积（亩）","type":"number"}`)
		project := func(custom string) string {
			return `{"name":"片区项目","category":"industrial","stage":"planning","owner_unit_id":13,"lead_unit_id":4,"custom":` + custom + `}`
		}
		for _, tc := range []struct{ custom, field, msg string }{
			{`{}`, "custom.area", "必填"},
			{`{"area":"月球"}`, "custom.area", "选择"},
			{`{"area":"科学城","land_area":"很多"}`, "custom.land_area", "数字"},
			{`{"area":"科学城","land_area":12.5}`, "", ""},
		} {
			r := hq.do("POST", "/api/v1/projects", project(tc.custom))
			if tc.field == "" {
				if r.status != 201 || r.json(t)["custom"].(map[string]any)["land_area"] != "12.5" {
					t.Errorf("valid custom values: %d %s", r.status, r.body)
				}
				continue
			}
			if r.status != 400 || !strings.Contains(r.field(t, tc.field), tc.msg) {
				t.Errorf("custom %s: %d %s", tc.custom, r.status, r.body)
			}
		}
		list := hq.do("GET", "/api/v1/projects?cf.area=科学城", nil).json(t)
		if list["total"] != float64(1) {
			t.Errorf("filter by custom field: %v", list["total"])
		}
		if got := hq.do("GET", "/api/v1/projects?cf.area=大学城", nil).json(t)["total"]; got != float64(0) {
			t.Errorf("filter by another value: %v", got)
		}
	})
}
