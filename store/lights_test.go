package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
)

// lightRow is a stored light with the time it was written.
type lightRow struct{ color, reasons, computedAt string }

type lightKey struct {
	project   int64
	dimension string
}

// storedLights reads every stored light row and every project's light.
func storedLights(t *testing.T, db *store.DB) (map[lightKey]lightRow, map[int64]string) {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT project_id, dimension, color, reasons, computed_at FROM project_lights`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	lights := map[lightKey]lightRow{}
	for rows.Next() {
		var k lightKey
		var r lightRow
		if err := rows.Scan(&k.project, &k.dimension, &r.color, &r.reasons, &r.computedAt); err != nil {
			t.Fatal(err)
		}
		lights[k] = r
	}
	projects := map[int64]string{}
	prow, err := db.SQL().Query(`SELECT id, light FROM projects`)
	if err != nil {
		t.Fatal(err)
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var light string
		if err := prow.Scan(&id, &light); err != nil {
			t.Fatal(err)
		}
		projects[id] = light
	}
	return lights, projects
}

func ledgerVersion(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var v int64
	if err := db.SQL().QueryRow(`SELECT version FROM data_versions WHERE name = 'ledger'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// lightDiff lists the rows that differ between two readings.
func lightDiff(a, b map[lightKey]lightRow) map[lightKey]bool {
	out := map[lightKey]bool{}
	for k, r := range a {
		if b[k] != r {
			out[k] = true
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out[k] = true
		}
	}
	return out
}

func withoutTimes(m map[lightKey]lightRow) map[lightKey]lightRow {
	out := map[lightKey]lightRow{}
	for k, r := range m {
		r.computedAt = ""
		out[k] = r
	}
	return out
}

func mustRecompute(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.RecomputeLights(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Recomputing the lights writes only what changed: nothing when nothing did, exactly the
// rows that differ otherwise; and the result equals a recomputation from scratch.
func TestLightRecomputeWritesOnlyChanges(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		lead := mustUnit(t, db, root, "部门", stride.UnitDepartment)
		owner := mustUnit(t, db, root, "企业", stride.UnitEnterprise)
		portfolio := demo.Generate(demo.Options{Projects: 80, Years: 2, Seed: 3, Today: stride.DateOf(c.Now()),
			OwnerUnits: []int64{owner.ID}, LeadUnits: []int64{lead.ID}})
		if _, err := db.Seed(ctx, sys, portfolio); err != nil {
			t.Fatal(err)
		}
		first, firstProjects := storedLights(t, db)
		if len(first) == 0 {
			t.Fatal("the portfolio has no lights")
		}

		// Nothing changed: nothing is written, and the ledger's version stays.
		version := ledgerVersion(t, db)
		c.Add(time.Hour)
		mustRecompute(t, db)
		again, againProjects := storedLights(t, db)
		if d := lightDiff(first, again); len(d) > 0 {
			t.Fatalf("a recomputation with nothing changed wrote %d rows: %v", len(d), d)
		}
		if !maps.Equal(firstProjects, againProjects) {
			t.Fatal("a recomputation with nothing changed moved project lights")
		}
		if v := ledgerVersion(t, db); v != version {
			t.Fatalf("ledger version moved from %d to %d with nothing changed", version, v)
		}

		// Change a few things behind the store's back, each touching known rows.
		ids := slices.Sorted(maps.Keys(firstProjects))
		// pick returns the first project with a light in dimension and none of the others.
		pick := func(dimension string, not ...int64) int64 {
			for _, id := range ids {
				if _, ok := first[lightKey{id, dimension}]; ok && !slices.Contains(not, id) {
					return id
				}
			}
			t.Fatalf("no %s light in the portfolio", dimension)
			return 0
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.SQL().Exec(q, args...); err != nil {
				t.Fatal(err)
			}
		}
		noNodes := pick("milestone")
		exec(`DELETE FROM milestones WHERE project_id = $1`, noNodes) // its milestone light no longer applies
		stale := pick("investment", noNodes)
		exec(`UPDATE project_lights SET reasons = '[]', color = 'red' WHERE project_id = $1 AND dimension = 'investment'`, stale)
		var stray int64 // a project without approval clocks gets a stray approval light
		for _, id := range ids {
			if _, ok := first[lightKey{id, "approval"}]; !ok && id != noNodes && id != stale {
				stray = id
				break
			}
		}
		exec(`INSERT INTO project_lights (project_id, dimension, color, reasons, computed_at) VALUES ($1, 'approval', 'red', '[]', $2)`, stray, c.Now().UTC())
		var moved int64 // a project whose light is stored wrong
		for _, id := range ids {
			if id != noNodes && id != stale && id != stray {
				moved = id
				break
			}
		}
		wrong := "red"
		if firstProjects[moved] == "red" {
			wrong = "green"
		}
		exec(`UPDATE projects SET light = $1 WHERE id = $2`, wrong, moved)
		tampered, _ := storedLights(t, db)

		c.Add(time.Hour)
		mustRecompute(t, db)
		after, afterProjects := storedLights(t, db)
		want := map[lightKey]bool{{noNodes, "milestone"}: true, {stale, "investment"}: true, {stray, "approval"}: true}
		if got := lightDiff(tampered, after); !maps.Equal(got, want) {
			t.Fatalf("rows written %v, want exactly %v", got, want)
		}
		if _, ok := after[lightKey{noNodes, "milestone"}]; ok {
			t.Error("the milestone light of a project without nodes was kept")
		}
		if _, ok := after[lightKey{stray, "approval"}]; ok {
			t.Error("a stray light was kept")
		}
		if r := after[lightKey{stale, "investment"}]; r.color != first[lightKey{stale, "investment"}].color || r.reasons != first[lightKey{stale, "investment"}].reasons {
			t.Errorf("stale light rewritten as %+v, want %+v", r, first[lightKey{stale, "investment"}])
		}
		if afterProjects[moved] != firstProjects[moved] {
			t.Errorf("project light %q, want %q", afterProjects[moved], firstProjects[moved])
		}
		if v := ledgerVersion(t, db); v == version {
			t.Error("ledger version did not move with lights that changed")
		}

		// Weeks later many lights change (days overdue, months due): the rows written
		// incrementally equal a recomputation from nothing.
		c.Add(40 * 24 * time.Hour)
		mustRecompute(t, db)
		incremental, incrementalProjects := storedLights(t, db)
		if len(lightDiff(after, incremental)) == 0 {
			t.Fatal("nothing changed in 40 days: the test proves nothing")
		}
		exec(`DELETE FROM project_lights`)
		exec(`UPDATE projects SET light = 'stale'`)
		mustRecompute(t, db)
		scratch, scratchProjects := storedLights(t, db)
		if d := lightDiff(withoutTimes(incremental), withoutTimes(scratch)); len(d) > 0 {
			t.Fatalf("incremental and from-scratch lights differ in %d rows: %v", len(d), d)
		}
		if !maps.Equal(incrementalProjects, scratchProjects) {
			t.Fatal("incremental and from-scratch project lights differ")
		}
	})
}
