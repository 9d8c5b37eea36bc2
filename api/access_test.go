package api_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stride-hq/stride/demo"
)

// matrix says which built-in roles may call each route. It is written by hand from the
// design (DESIGN.md §2 and §5), not derived from the code, so a change to either shows.
var matrix = map[string]string{
	"GET /api/v1/me":                   "all",
	"POST /api/v1/me/password":         "all",
	"GET /api/v1/permissions":          "secadmin",
	"GET /api/v1/units":                "hq dept sysadmin secadmin",
	"POST /api/v1/units":               "sysadmin",
	"GET /api/v1/units/{id}":           "hq sysadmin",
	"PUT /api/v1/units/{id}":           "sysadmin",
	"DELETE /api/v1/units/{id}":        "sysadmin",
	"GET /api/v1/users":                "sysadmin secadmin",
	"POST /api/v1/users":               "sysadmin",
	"GET /api/v1/users/{id}":           "sysadmin secadmin",
	"PUT /api/v1/users/{id}":           "sysadmin",
	"POST /api/v1/users/{id}/disable":  "sysadmin",
	"POST /api/v1/users/{id}/enable":   "sysadmin",
	"POST /api/v1/users/{id}/password": "sysadmin",
	"POST /api/v1/users/{id}/unlock":   "secadmin",
	"PUT /api/v1/users/{id}/roles":     "secadmin",
	"GET /api/v1/roles":                "secadmin",
	"POST /api/v1/roles":               "secadmin",
	"GET /api/v1/roles/{id}":           "secadmin",
	"PUT /api/v1/roles/{id}":           "secadmin",
	"DELETE /api/v1/roles/{id}":        "secadmin",
	"GET /api/v1/settings":             "sysadmin",
	"PUT /api/v1/settings":             "sysadmin",
	"GET /api/v1/security-policy":      "secadmin",
	"PUT /api/v1/security-policy":      "secadmin",
	"GET /api/v1/backups":              "sysadmin",
	"POST /api/v1/backups":             "sysadmin",
	"GET /api/v1/audit-logs":           "auditor",
	"GET /api/v1/login-logs":           "auditor",
	"GET /api/v1/projects":             "hq dept owner leader agent",
	"POST /api/v1/projects":            "hq",
	"GET /api/v1/projects/{id}":        "hq dept owner leader agent",
	"PUT /api/v1/projects/{id}":        "hq dept",
	"DELETE /api/v1/projects/{id}":     "hq",
}

// publicRoutes need no session.
var publicRoutes = []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json",
	"GET /api/v1/meta", "POST /api/v1/auth/login"}

func TestAuthorizationMatrix(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		// Every registered route is in the matrix (logout is tested on its own).
		for _, rt := range e.srv.Routes() {
			if _, ok := matrix[rt]; !ok && !slices.Contains(publicRoutes, rt) && rt != "POST /api/v1/auth/logout" {
				t.Errorf("route %s is missing from the authorization matrix", rt)
			}
		}
		anon := e.client()
		for _, rt := range publicRoutes {
			method, path, _ := strings.Cut(rt, " ")
			if r := anon.do(method, path, "{}"); r.status == 401 || r.status == 403 {
				t.Errorf("anonymous %s: %d, want public", rt, r.status)
			}
		}
		for _, acc := range demo.Accounts {
			c := e.login(acc.Username)
			for rt, allowed := range matrix {
				method, path, _ := strings.Cut(rt, " ")
				// A missing id makes an allowed call answer 404 and change nothing.
				path = strings.ReplaceAll(path, "{id}", "999999")
				var body any
				if method != "GET" && method != "DELETE" {
					body = "{}"
				}
				r := c.do(method, path, body)
				want := allowed == "all" || slices.Contains(strings.Fields(allowed), acc.Username)
				switch {
				case want && (r.status == 401 || r.status == 403):
					t.Errorf("%s %s: %d %s, want allowed", acc.Username, rt, r.status, r.body)
				case !want && r.status != 403:
					t.Errorf("%s %s: %d %s, want 403", acc.Username, rt, r.status, r.body)
				case !want && r.json(t)["code"] != "forbidden":
					t.Errorf("%s %s: body %s, want code forbidden", acc.Username, rt, r.body)
				}
			}
		}
		for rt := range matrix {
			method, path, _ := strings.Cut(rt, " ")
			if r := anon.do(method, strings.ReplaceAll(path, "{id}", "1"), nil); r.status != 401 {
				t.Errorf("anonymous %s: %d, want 401", rt, r.status)
			}
		}
	})
}

// Refused writes are audited with the outcome "denied".
func TestDeniedWritesAudited(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		owner := e.login("owner")
		if r := owner.do("DELETE", "/api/v1/projects/1", nil); r.status != 403 {
			t.Fatalf("owner delete: %d", r.status)
		}
		r := e.login("auditor").do("GET", "/api/v1/audit-logs?outcome=denied&username=owner", nil)
		items, _ := r.json(t)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["action"] != "DELETE /api/v1/projects/{id}" {
			t.Fatalf("denied audit: %s", r.body)
		}
	})
}

func TestProjectScope(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		poly := e.projectID(hq, "保利通信产业园")
		talent := e.projectID(hq, "福州国际人才港(一期)")
		hospital := e.projectID(hq, "高新区综合医院")
		school := e.projectID(hq, "良存华侨学校新校区")
		all := []float64{hospital, poly, talent, school}
		for _, tc := range []struct {
			user string
			want []float64
		}{
			{"hq", all},
			{"leader", all},
			{"agent", all},
			{"dept", []float64{poly, talent}}, // 经济发展局 leads both
			{"owner", []float64{poly}},        // the enterprise owns 保利通信产业园 only
		} {
			c := e.login(tc.user)
			r := c.do("GET", "/api/v1/projects?size=100&sort=id", nil)
			got := ids(t, r)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || r.json(t)["total"].(float64) != float64(len(want)) {
				t.Errorf("%s sees %v (%s), want %v", tc.user, got, r.body, want)
			}
			for _, id := range all {
				r := c.do("GET", "/api/v1/projects/"+itoa(id), nil)
				if in := slices.Contains(want, id); in != (r.status == 200) || (!in && r.status != 404) {
					t.Errorf("%s GET project %v: %d", tc.user, id, r.status)
				}
			}
		}
		// A department updates only its own projects: another's is not found, unchanged.
		dept := e.login("dept")
		p := hq.do("GET", "/api/v1/projects/"+itoa(hospital), nil).json(t)
		p["name"] = "改名"
		delete(p, "id")
		for _, k := range []string{"owner_unit_name", "lead_unit_name", "created_by", "created_at", "updated_at"} {
			delete(p, k)
		}
		if r := dept.do("PUT", "/api/v1/projects/"+itoa(hospital), p); r.status != 404 {
			t.Fatalf("dept updates another unit's project: %d %s", r.status, r.body)
		}
		if got := hq.do("GET", "/api/v1/projects/"+itoa(hospital), nil).json(t)["name"]; got != "高新区综合医院" {
			t.Fatalf("project renamed to %v", got)
		}
	})
}

func itoa(f float64) string { return strconv.FormatInt(int64(f), 10) }
