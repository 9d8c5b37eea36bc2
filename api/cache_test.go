package api_test

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/store/storetest"
)

// secondProcess opens the database of e again with a server of its own, as a second
// process behind a load balancer would: it shares the data, not the caches.
func secondProcess(t *testing.T, e *env, dsn string) *env {
	t.Helper()
	db := storetest.Open(t, dsn, e.clock.Now)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	db.SetZone(shanghai)
	data := t.TempDir()
	srv := api.New(api.Config{Store: db, Now: e.clock.Now, Zone: shanghai, DataDir: data, Version: "test"})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, clock: e.clock, data: data}
}

// TestResponseCacheFollowsWrites reads project lists and a project page twice (the
// second read is served from the response cache), writes, and checks that the very next
// read shows the write: one by another user, one through another process, a project
// moving out of and back into a reader's scope, a unit renamed.
func TestResponseCacheFollowsWrites(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			dsn := eng.DSN(t)
			e := newEnv(t, dsn)
			o := secondProcess(t, e, dsn)
			hq, dept, sysadmin := e.login("hq"), e.login("dept"), e.login("sysadmin")
			hqElsewhere := o.login("hq")

			// read sends the same GET twice and returns the second answer, which must
			// equal the first.
			read := func(c *client, path string) response {
				t.Helper()
				first := c.do("GET", path, nil)
				second := c.do("GET", path, nil)
				if first.status != second.status || string(first.body) != string(second.body) {
					t.Fatalf("GET %s twice: %d %s, then %d %s", path, first.status, first.body, second.status, second.body)
				}
				return second
			}
			const list = "/api/v1/projects?size=100&sort=id"
			field := func(r response, id float64, name string) any {
				t.Helper()
				for _, it := range r.json(t)["items"].([]any) {
					if p := it.(map[string]any); p["id"] == id {
						return p[name]
					}
				}
				t.Fatalf("project %v not in the list", id)
				return nil
			}
			mine := read(dept, list)
			id := ids(t, mine)[0]
			page := "/api/v1/projects/" + itoa(id)
			update := func(c *client, edit func(in map[string]any)) {
				t.Helper()
				in := projectInput(hq.do("GET", page, nil).json(t))
				edit(in)
				if r := c.do("PUT", page, in); r.status != 200 {
					t.Fatalf("update: %d %s", r.status, r.body)
				}
			}

			// Readers with different scopes do not share answers.
			if all := read(hq, list); all.json(t)["total"].(float64) <= mine.json(t)["total"].(float64) {
				t.Fatalf("hq's list (%v projects) is dept's (%v)", all.json(t)["total"], mine.json(t)["total"])
			}
			read(hq, page)
			update(dept, func(in map[string]any) { in["name"] = "部门改的名" })
			if got := field(read(hq, list), id, "name"); got != "部门改的名" {
				t.Fatalf("hq's list after dept's rename: %v", got)
			}
			if got := read(hq, page).json(t)["name"]; got != "部门改的名" {
				t.Fatalf("hq's project page after dept's rename: %v", got)
			}

			update(hqElsewhere, func(in map[string]any) { in["name"] = "另一进程改的名" })
			if got := field(read(hq, list), id, "name"); got != "另一进程改的名" {
				t.Fatalf("list after a rename through another process: %v", got)
			}
			if got := read(hq, page).json(t)["name"]; got != "另一进程改的名" {
				t.Fatalf("project page after a rename through another process: %v", got)
			}

			// The project leaves dept's scope: led and owned by HQ's own unit, no co-units.
			total := mine.json(t)["total"].(float64)
			before := projectInput(hq.do("GET", page, nil).json(t))
			hqUnit := e.login("hq").do("GET", "/api/v1/me", nil).json(t)["user"].(map[string]any)["unit_id"]
			update(hq, func(in map[string]any) {
				in["lead_unit_id"], in["owner_unit_id"], in["co_unit_ids"] = hqUnit, hqUnit, []any{}
			})
			after := read(dept, list)
			if slices.Contains(ids(t, after), id) || after.json(t)["total"].(float64) != total-1 {
				t.Fatalf("dept's list still holds the project that left its scope (total %v, was %v)", after.json(t)["total"], total)
			}
			if r := dept.do("GET", page, nil); r.status != 404 {
				t.Fatalf("dept's project page out of scope: %d", r.status)
			}
			// And comes back.
			update(hq, func(in map[string]any) {
				in["lead_unit_id"], in["owner_unit_id"], in["co_unit_ids"] = before["lead_unit_id"], before["owner_unit_id"], before["co_unit_ids"]
			})
			if back := read(dept, list); !slices.Contains(ids(t, back), id) || back.json(t)["total"].(float64) != total {
				t.Fatal("dept's list lacks the project back in its scope")
			}
			if r := read(dept, page); r.status != 200 {
				t.Fatalf("dept's project page back in scope: %d", r.status)
			}

			// A unit's name shows in the rows of its projects.
			owner := read(hq, page).json(t)["owner_unit_id"].(float64)
			u := sysadmin.do("GET", "/api/v1/units/"+itoa(owner), nil).json(t)
			in := map[string]any{"name": "改名后的业主"}
			for _, k := range []string{"parent_id", "kind", "code", "contact", "phone", "sort", "version"} {
				in[k] = u[k]
			}
			if r := sysadmin.do("PUT", "/api/v1/units/"+itoa(owner), in); r.status != 200 {
				t.Fatalf("rename unit: %d %s", r.status, r.body)
			}
			if got := field(read(hq, list), id, "owner_unit_name"); got != "改名后的业主" {
				t.Fatalf("owner unit in the list after its rename: %v", got)
			}
			if got := read(dept, page).json(t)["owner_unit_name"]; got != "改名后的业主" {
				t.Fatalf("owner unit on the project page after its rename: %v", got)
			}

			// A deleted project leaves every list.
			if r := hqElsewhere.do("DELETE", page, nil); r.status != 204 {
				t.Fatalf("delete: %d %s", r.status, r.body)
			}
			if slices.Contains(ids(t, read(hq, list)), id) || read(hq, page).status != 404 {
				t.Fatal("the deleted project is still listed")
			}
		})
	}
}
