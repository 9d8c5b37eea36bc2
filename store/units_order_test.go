package store_test

import (
	"context"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// TestListUnitsTreeOrder checks ListUnits' documented order, "tree order (by path, then
// sort)": whatever the sort numbers, a unit comes after its parent.
func TestListUnitsTreeOrder(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		in := stride.UnitInput{ParentID: &hq.ID, Name: "经发局", Kind: stride.UnitDepartment, Sort: 20}
		dept, err := db.CreateUnit(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		in = stride.UnitInput{ParentID: &dept.ID, Name: "项目科", Kind: stride.UnitDepartment, Sort: 10}
		if _, err := db.CreateUnit(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListUnits(ctx, stride.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		pos := map[int64]int{}
		for i, u := range list.Items {
			pos[u.ID] = i
		}
		for _, u := range list.Items {
			if u.ParentID != nil && pos[*u.ParentID] > pos[u.ID] {
				t.Fatalf("%s (sort %d) listed before its parent", u.Name, u.Sort)
			}
		}
	})
}
