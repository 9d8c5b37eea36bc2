package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

type clock = storetest.Clock

// engines runs fn once per database engine.
func engines(t *testing.T, fn func(t *testing.T, db *store.DB, c *clock)) { storetest.Run(t, fn) }

var sys = stride.SystemActor("test")

func mustUnit(t *testing.T, db *store.DB, parent *stride.Unit, name string, kind stride.UnitKind) *stride.Unit {
	t.Helper()
	in := stride.UnitInput{Name: name, Kind: kind}
	if parent != nil {
		in.ParentID = &parent.ID
	}
	u, err := db.CreateUnit(context.Background(), sys, in)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func roleID(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	roles, err := db.ListRoles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Items {
		if r.Code == code {
			return r.ID
		}
	}
	t.Fatalf("no role %s", code)
	return 0
}

const testPassword = "Stride@2025"

// mustUser creates a user holding one role and signs it in, returning its actor.
func mustUser(t *testing.T, db *store.DB, unit *stride.Unit, username, role string) *stride.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, sys, stride.UserInput{Username: username, Name: username, UnitID: unit.ID, Password: testPassword}, false)
	if err != nil {
		t.Fatal(err)
	}
	if role != "" {
		if _, err := db.GrantRoles(ctx, sys, u.ID, stride.GrantInput{RoleIDs: []int64{roleID(t, db, role)}, Version: u.Version}); err != nil {
			t.Fatal(err)
		}
	}
	_, a, err := db.Login(ctx, store.LoginRequest{Username: username, Password: testPassword, IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMigrationFoldersMatch(t *testing.T) {
	lite, err := store.MigrationNames(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.MigrationNames(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("migration folders differ: sqlite %v, postgres %v", lite, pg)
	}
}
