package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

func TestUnitTree(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		sub := mustUnit(t, db, dept, "项目科", stride.UnitDepartment)
		other := mustUnit(t, db, hq, "规建局", stride.UnitDepartment)

		if _, err := db.CreateUnit(ctx, sys, stride.UnitInput{Name: "第二个根", Kind: stride.UnitHQ}); !stride.IsCode(err, stride.EInvalid) {
			t.Fatalf("second root: got %v, want invalid", err)
		}
		// Moving a unit under its own descendant is refused.
		in := stride.UnitInput{ParentID: &sub.ID, Name: dept.Name, Kind: dept.Kind, Version: dept.Version}
		if _, err := db.UpdateUnit(ctx, sys, dept.ID, in); !stride.IsCode(err, stride.EInvalid) {
			t.Fatalf("cycle: got %v, want invalid", err)
		}
		// Moving re-roots the subtree's paths.
		in.ParentID = &other.ID
		moved, err := db.UpdateUnit(ctx, sys, dept.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetUnit(ctx, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := moved.Path + "3/"; got.Path != want {
			t.Fatalf("sub path %q, want %q", got.Path, want)
		}
		// A stale version is a conflict.
		if _, err := db.UpdateUnit(ctx, sys, dept.ID, in); !stride.IsCode(err, stride.EConflict) {
			t.Fatalf("stale: got %v, want conflict", err)
		}
		if err := db.DeleteUnit(ctx, sys, dept.ID); !stride.IsCode(err, stride.EConflict) {
			t.Fatalf("delete with children: got %v, want conflict", err)
		}
		if err := db.DeleteUnit(ctx, sys, sub.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetUnit(ctx, sub.ID); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("deleted unit: got %v", err)
		}
		list, err := db.ListUnits(ctx, stride.UnitFilter{Name: "局"})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 2 {
			t.Fatalf("units named 局: %d", list.Total)
		}
	})
}

// A unit that other records still point to is refused with a message that says so.
func TestDeleteUnitInUse(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "规建局", stride.UnitDepartment)
		p := mustProject(t, db, sys, "项目", hq, hq)
		if _, err := db.CreateMilestone(ctx, sys, p.ID, stride.MilestoneInput{Kind: stride.NodeStart, Name: "开工", ResponsibleUnitID: &dept.ID}); err != nil {
			t.Fatal(err)
		}
		err := db.DeleteUnit(ctx, sys, dept.ID)
		var e *stride.Error
		if !errors.As(err, &e) || e.Code != stride.EConflict || e.Msg.Key != "error.in_use" {
			t.Fatalf("delete a unit in use: %v", err)
		}
		if _, err := db.GetUnit(ctx, dept.ID); err != nil {
			t.Fatalf("the unit is gone: %v", err)
		}
	})
}
