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

	// Ledger import and export (issue 6).
	"GET /api/v1/projects/export":          "hq dept owner leader agent",
	"GET /api/v1/imports/template":         "hq",
	"POST /api/v1/imports/preview":         "hq",
	"POST /api/v1/imports/{token}/preview": "hq",
	"POST /api/v1/imports/{token}/commit":  "hq",
	"GET /api/v1/imports/{token}/errors":   "hq",

	"GET /api/v1/projects/{id}/stages":                "hq dept owner leader agent",
	"GET /api/v1/projects/{id}/lights":                "hq dept owner leader agent",
	"GET /api/v1/custom-fields":                       "hq dept owner leader agent",
	"POST /api/v1/custom-fields":                      "hq",
	"PUT /api/v1/custom-fields/{id}":                  "hq",
	"DELETE /api/v1/custom-fields/{id}":               "hq",
	"GET /api/v1/projects/{id}/plans/{year}":          "hq dept owner leader agent",
	"PUT /api/v1/projects/{id}/plans/{year}":          "hq dept",
	"POST /api/v1/projects/{id}/plans/{year}/approve": "hq",
	"GET /api/v1/projects/{id}/milestones":            "hq dept owner leader agent",
	"POST /api/v1/projects/{id}/milestones":           "hq dept owner",
	"POST /api/v1/projects/{id}/milestones/schedule":  "hq dept owner",
	"PUT /api/v1/milestones/{id}":                     "hq dept owner",
	"DELETE /api/v1/milestones/{id}":                  "hq dept owner",
	"POST /api/v1/milestones/{id}/photos":             "hq dept owner",
	"GET /api/v1/milestone-photos/{id}":               "hq dept owner leader agent",
	"GET /api/v1/milestone-photos/{id}/thumb":         "hq dept owner leader agent",
	"POST /api/v1/milestones/{id}/verify":             "hq dept",
	"GET /api/v1/milestone-templates":                 "hq dept owner leader agent",
	"PUT /api/v1/milestone-templates/{category}":      "hq",
	"GET /api/v1/reports":                             "hq dept owner leader agent",
	"GET /api/v1/reports/{id}":                        "hq dept owner leader agent",
	"POST /api/v1/projects/{id}/reports":              "hq owner",
	"PUT /api/v1/reports/{id}":                        "hq owner",
	"POST /api/v1/reports/{id}/approve":               "hq dept",
	"POST /api/v1/reports/{id}/return":                "hq dept",
	"POST /api/v1/reports/{id}/photos":                "hq owner",
	"GET /api/v1/photos/{id}":                         "hq dept owner leader agent",
	"GET /api/v1/photos/{id}/thumb":                   "hq dept owner leader agent",
	"GET /api/v1/dashboard":                           "hq dept leader agent",
	"GET /api/v1/campaigns":                           "hq dept leader agent",
	"POST /api/v1/campaigns":                          "hq",
	"GET /api/v1/campaigns/{id}":                      "hq dept leader agent",
	"PUT /api/v1/campaigns/{id}":                      "hq",
	"DELETE /api/v1/campaigns/{id}":                   "hq",
	"GET /api/v1/light-settings":                      "hq dept leader agent sysadmin",
	"PUT /api/v1/light-settings":                      "sysadmin",
	// Working days, approvals and agency service, land files, blockages (issue 4).
	"GET /api/v1/calendar/add":                    "all",
	"GET /api/v1/calendar/between":                "all",
	"GET /api/v1/calendar/day":                    "all",
	"GET /api/v1/calendar/years":                  "all",
	"GET /api/v1/calendar/years/{year}":           "all",
	"PUT /api/v1/calendar/years/{year}":           "sysadmin",
	"POST /api/v1/calendar/entries":               "sysadmin",
	"DELETE /api/v1/calendar/entries/{id}":        "sysadmin",
	"GET /api/v1/approval-settings":               "hq dept owner leader agent sysadmin",
	"PUT /api/v1/approval-settings":               "sysadmin",
	"GET /api/v1/approval-catalog":                "hq dept owner leader agent",
	"POST /api/v1/approval-catalog":               "hq",
	"PUT /api/v1/approval-catalog/{id}":           "hq",
	"GET /api/v1/approval-items":                  "hq dept owner leader agent",
	"GET /api/v1/approval-items/{id}":             "hq dept owner leader agent",
	"PUT /api/v1/approval-items/{id}":             "hq agent",
	"DELETE /api/v1/approval-items/{id}":          "hq agent",
	"POST /api/v1/approval-items/{id}/apply":      "hq owner agent",
	"POST /api/v1/approval-items/{id}/handle":     "hq dept",
	"POST /api/v1/projects/{id}/approval-items":   "hq agent",
	"POST /api/v1/projects/{id}/approval-path":    "hq agent",
	"GET /api/v1/projects/{id}/approval-schedule": "hq dept owner leader agent",
	"GET /api/v1/agency-cases":                    "hq owner leader agent",
	"POST /api/v1/agency-cases":                   "hq agent",
	"GET /api/v1/agency-cases/workload":           "hq owner leader agent",
	"GET /api/v1/agency-cases/{id}":               "hq owner leader agent",
	"PUT /api/v1/agency-cases/{id}":               "hq agent",
	"POST /api/v1/agency-cases/{id}/advance":      "hq agent",
	"POST /api/v1/agency-cases/{id}/evaluate":     "hq owner",
	"POST /api/v1/agency-cases/{id}/attachments":  "hq agent",
	"GET /api/v1/land-files":                      "hq dept owner leader agent",
	"POST /api/v1/land-files":                     "hq dept",
	"GET /api/v1/land-files/compliance":           "hq dept owner leader agent",
	"GET /api/v1/land-files/{id}":                 "hq dept owner leader agent",
	"PUT /api/v1/land-files/{id}":                 "hq dept",
	"POST /api/v1/land-files/{id}/steps":          "hq dept",
	"GET /api/v1/blockages":                       "hq dept owner leader agent",
	"POST /api/v1/blockages":                      "hq dept owner agent",
	"GET /api/v1/blockages/stats":                 "hq dept owner leader agent",
	"GET /api/v1/blockages/{id}":                  "hq dept owner leader agent",
	"PUT /api/v1/blockages/{id}":                  "hq dept owner agent",
	"POST /api/v1/blockages/{id}/assign":          "hq",
	"POST /api/v1/blockages/{id}/accept":          "hq dept",
	"POST /api/v1/blockages/{id}/progress":        "hq dept",
	"POST /api/v1/blockages/{id}/reply":           "hq dept",
	"POST /api/v1/blockages/{id}/return":          "hq dept",
	"POST /api/v1/blockages/{id}/confirm":         "hq dept owner agent",
	"POST /api/v1/blockages/{id}/reopen":          "hq dept owner agent",
	"POST /api/v1/blockages/{id}/resubmit":        "hq dept owner agent",
	"POST /api/v1/blockages/{id}/escalate":        "hq",
	"POST /api/v1/blockages/{id}/comments":        "hq dept owner leader agent",
	"POST /api/v1/blockages/{id}/instructions":    "hq leader",
	"POST /api/v1/blockages/{id}/attachments":     "hq dept owner agent",
	"GET /api/v1/attachments/{id}":                "hq dept owner leader agent",

	"GET /api/v1/inspection-templates":         "hq dept owner leader",
	"POST /api/v1/inspection-templates":        "hq",
	"PUT /api/v1/inspection-templates/{id}":    "hq",
	"DELETE /api/v1/inspection-templates/{id}": "hq",
	"GET /api/v1/inspections":                  "hq dept owner leader",
	"POST /api/v1/inspections":                 "hq",
	"GET /api/v1/inspections/{id}":             "hq dept owner leader",
	"PUT /api/v1/inspections/{id}":             "hq",
	"DELETE /api/v1/inspections/{id}":          "hq",
	"POST /api/v1/inspections/{id}/visits":     "hq",
	"GET /api/v1/visits/{id}":                  "hq dept owner leader",
	"PUT /api/v1/visits/{id}":                  "hq",
	"POST /api/v1/visits/{id}/photos":          "hq",
	"POST /api/v1/visits/{id}/findings":        "hq",
	"PUT /api/v1/findings/{id}":                "hq",
	"DELETE /api/v1/findings/{id}":             "hq",
	"POST /api/v1/findings/{id}/order":         "hq",
	"GET /api/v1/inspection-photos/{id}":       "hq dept owner leader",
	"GET /api/v1/inspection-photos/{id}/thumb": "hq dept owner leader",
	"GET /api/v1/orders":                       "hq dept owner leader",
	"GET /api/v1/orders/{id}":                  "hq dept owner leader",
	"POST /api/v1/orders/{id}/feedback":        "hq dept owner",
	"POST /api/v1/orders/{id}/evidence":        "hq dept owner",
	"POST /api/v1/orders/{id}/close":           "hq",
	"POST /api/v1/orders/{id}/return":          "hq",
	"GET /api/v1/bulletins":                    "hq dept leader",
	"POST /api/v1/bulletins":                   "hq",
	"GET /api/v1/bulletins/{id}":               "hq dept leader",
	"PUT /api/v1/bulletins/{id}":               "hq",
	"POST /api/v1/bulletins/{id}/publish":      "hq",
	"POST /api/v1/bulletins/{id}/correct":      "hq",
	"GET /api/v1/bulletins/{id}/figures":       "hq dept leader",
	"GET /api/v1/bulletins/{id}/export":        "hq dept leader",
	"GET /api/v1/bulletin-settings":            "hq sysadmin",
	"PUT /api/v1/bulletin-settings":            "sysadmin",
	"GET /api/v1/cockpit":                      "hq dept leader agent",

	"GET /api/v1/messages":            "all",
	"POST /api/v1/messages/{id}/done": "all",
}

// concrete fills a route pattern's wildcards with values that name nothing, so an allowed
// call answers 404 or 400 and changes nothing.
func concrete(path string) string {
	return strings.NewReplacer("{id}", "999999", "{year}", "2025", "{category}", "industrial").Replace(path)
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
				path = concrete(path)
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
			if r := anon.do(method, concrete(path), nil); r.status != 401 {
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
		hospital := e.projectID(hq, "高新区综合医院")
		all := hq.do("GET", "/api/v1/projects?size=1", nil).json(t)["total"].(float64)
		// Everyone with a zone-wide scope sees every project.
		for _, user := range []string{"hq", "leader", "agent"} {
			if got := e.login(user).do("GET", "/api/v1/projects?size=1", nil).json(t)["total"]; got != all {
				t.Errorf("%s sees %v projects, want %v", user, got, all)
			}
		}
		// The owner enterprise sees exactly its own project.
		owner := e.login("owner")
		r := owner.do("GET", "/api/v1/projects?size=100", nil)
		if got := ids(t, r); !slices.Equal(got, []float64{poly}) {
			t.Errorf("owner sees %v, want [%v]", got, poly)
		}
		// 经济发展局 sees the projects it leads and nothing else: the same set hq gets by
		// filtering on that lead unit.
		dept := e.login("dept")
		me := dept.do("GET", "/api/v1/me", nil).json(t)["user"].(map[string]any)
		unit := itoa(me["unit_id"].(float64))
		var mine, led []float64
		for page := 1; ; page++ {
			r := dept.do("GET", "/api/v1/projects?size=100&sort=id&page="+strconv.Itoa(page), nil)
			got := ids(t, r)
			mine = append(mine, got...)
			if len(got) < 100 {
				break
			}
		}
		for page := 1; ; page++ {
			got := ids(t, hq.do("GET", "/api/v1/projects?size=100&sort=id&lead_unit_id="+unit+"&page="+strconv.Itoa(page), nil))
			led = append(led, got...)
			if len(got) < 100 {
				break
			}
		}
		if len(mine) == 0 || !slices.Equal(mine, led) {
			t.Errorf("dept sees %d projects, it leads %d", len(mine), len(led))
		}
		// Out of scope by id is not found, for reading and for writing.
		for _, c := range []struct {
			who *client
			id  float64
		}{{owner, hospital}, {dept, hospital}} {
			if r := c.who.do("GET", "/api/v1/projects/"+itoa(c.id), nil); r.status != 404 {
				t.Errorf("GET another unit's project: %d", r.status)
			}
		}
		if r := owner.do("GET", "/api/v1/projects/"+itoa(poly), nil); r.status != 200 {
			t.Errorf("owner GET own project: %d", r.status)
		}
		p := projectInput(hq.do("GET", "/api/v1/projects/"+itoa(hospital), nil).json(t))
		p["name"] = "改名"
		if r := dept.do("PUT", "/api/v1/projects/"+itoa(hospital), p); r.status != 404 {
			t.Fatalf("dept updates another unit's project: %d %s", r.status, r.body)
		}
		if got := hq.do("GET", "/api/v1/projects/"+itoa(hospital), nil).json(t)["name"]; got != "高新区综合医院" {
			t.Fatalf("project renamed to %v", got)
		}
	})
}

func itoa(f float64) string { return strconv.FormatInt(int64(f), 10) }

// projectInput keeps the fields of a project that a client sends back to update it.
func projectInput(p map[string]any) map[string]any {
	in := map[string]any{}
	for _, k := range []string{"code", "name", "alias", "key_levels", "category", "industry", "content", "address", "longitude",
		"latitude", "total_investment", "completed_before", "start_year", "end_year", "owner_unit_id", "owner_contact", "owner_phone",
		"lead_unit_id", "responsible_person", "liaison_leader", "tags", "stats_entry_date", "custom", "stage", "stage_reason", "version"} {
		in[k] = p[k]
	}
	var co []any
	for _, u := range p["co_units"].([]any) {
		co = append(co, u.(map[string]any)["id"])
	}
	in["co_unit_ids"] = co
	return in
}
