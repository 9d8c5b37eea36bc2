package api_test

import (
	"strconv"
	"testing"
)

// Every dashboard figure has a project list that says the same.
func TestDashboardDrillDown(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		d := hq.do("GET", "/api/v1/dashboard?year=2025", nil).json(t)
		total := func(query string) float64 {
			t.Helper()
			r := hq.do("GET", "/api/v1/projects?size=1&year=2025&ledger=1"+query, nil)
			if r.status != 200 {
				t.Fatalf("%s: %d %s", query, r.status, r.body)
			}
			return r.json(t)["total"].(float64)
		}
		if got := total(""); got != d["projects"] {
			t.Errorf("ledger list %v, dashboard %v", got, d["projects"])
		}
		if got := total("&started_in=2025"); got != d["started"] {
			t.Errorf("started list %v, dashboard %v", got, d["started"])
		}
		if got := total("&completed_in=2025"); got != d["completions"] {
			t.Errorf("completed list %v, dashboard %v", got, d["completions"])
		}
		if got := total("&nature=new"); got != d["new_projects"] {
			t.Errorf("new list %v, dashboard %v", got, d["new_projects"])
		}
		for _, dim := range []struct{ key, param string }{{"by_stage", "stage"}, {"by_category", "category"}, {"by_light", "light"}, {"by_level", "key_level"}} {
			for _, c := range d[dim.key].([]any) {
				c := c.(map[string]any)
				if c["key"] == "" {
					continue
				}
				if got := total("&" + dim.param + "=" + c["key"].(string)); got != c["count"] {
					t.Errorf("%s=%s: list %v, dashboard %v", dim.param, c["key"], got, c["count"])
				}
			}
		}
		for _, u := range d["units"].([]any) {
			u := u.(map[string]any)
			if got := total("&lead_unit_id=" + strconv.Itoa(int(u["unit_id"].(float64)))); got != u["projects"] {
				t.Errorf("unit %v: list %v, dashboard %v", u["unit_name"], got, u["projects"])
			}
		}
		if r := hq.do("GET", "/api/v1/projects?ids=1,2,x", nil); r.status != 400 {
			t.Errorf("bad ids: %d", r.status)
		}
		if got := hq.do("GET", "/api/v1/projects?ids=1,2", nil).json(t)["total"]; got != float64(2) {
			t.Errorf("ids filter: %v", got)
		}
		if p := hq.do("GET", "/api/v1/projects/1", nil).json(t); p["nature"] == "" {
			t.Errorf("a project's nature in this year is derived: %v", p["nature"])
		}
	})
}
