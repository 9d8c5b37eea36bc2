package store_test

import (
	"context"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Rebuilt roll-ups spread each plan over the months as stride.PlannedThrough does: evenly
// (rounded down to the fen) without a curve, along the curve with one.
func TestRebuildRollupsSpreadsPlans(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		lead := mustUnit(t, db, root, "部门", stride.UnitDepartment)
		owner := mustUnit(t, db, root, "企业", stride.UnitEnterprise)
		year := stride.DateOf(c.Now()).Year
		curve := make([]stride.Money, 12)
		for m := range curve {
			curve[m] = stride.Money((m + 1) * (m + 1) * 1_000_003)
		}
		even := stride.Money(12_345_678_901)
		seed := func(name string, plan stride.Money, curve []stride.Money) store.SeedProject {
			return store.SeedProject{
				Input: stride.ProjectInput{Name: name, Category: stride.CategoryIndustrial, TotalInvestment: 4 * plan,
					StartYear: year, EndYear: year + 1, OwnerUnitID: owner.ID, LeadUnitID: lead.ID, Stage: stride.StageConstruction},
				Plans: []store.SeedPlan{{Year: year, Investment: plan, Curve: curve, Approved: true}},
			}
		}
		ids, err := db.Seed(ctx, sys, []store.SeedProject{seed("均匀", even, nil), seed("曲线", curve[11], curve)})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RebuildRollups(ctx); err != nil {
			t.Fatal(err)
		}
		for i, want := range [][]stride.Money{nil, curve} {
			plan := even
			if want != nil {
				plan = curve[11]
			}
			rows, err := db.SQL().Query(`SELECT month, planned FROM project_months WHERE project_id = $1 AND year = $2 ORDER BY month`, ids[i], year)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var month int
				var planned stride.Money
				if err := rows.Scan(&month, &planned); err != nil {
					t.Fatal(err)
				}
				if w := stride.PlannedThrough(plan, want, month); planned != w {
					t.Errorf("project %d month %d: planned %d, want %d", i, month, planned, w)
				}
				n++
			}
			rows.Close()
			if n != 12 {
				t.Errorf("project %d: %d months, want 12", i, n)
			}
		}
	})
}
