package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// engines runs fn once per database engine: SQLite always, PostgreSQL when
// STRIDE_TEST_POSTGRES holds a URL.
func engines(t *testing.T, fn func(t *testing.T, db *store.DB, c *clock)) {
	t.Run("sqlite", func(t *testing.T) {
		c := &clock{t: time.Date(2025, 3, 31, 2, 0, 0, 0, time.UTC)}
		db := OpenTest(t, filepath.Join(t.TempDir(), "stride.db"), c.Now)
		fn(t, db, c)
	})
	t.Run("postgres", func(t *testing.T) {
		url := os.Getenv("STRIDE_TEST_POSTGRES")
		if url == "" {
			t.Skip("STRIDE_TEST_POSTGRES not set")
		}
		c := &clock{t: time.Date(2025, 3, 31, 2, 0, 0, 0, time.UTC)}
		db := OpenTest(t, PostgresSchema(t, url), c.Now)
		fn(t, db, c)
	})
}

// PostgresSchema creates a schema of its own for one test and returns a URL that uses it.
func PostgresSchema(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// OpenTest opens and migrates a database and creates the built-in roles.
func OpenTest(t testing.TB, dsn string, now func() time.Time) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.EnsureBuiltinRoles(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

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
