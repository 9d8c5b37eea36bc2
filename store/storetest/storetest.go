// Package storetest opens real test databases: SQLite in a temporary folder always, and
// PostgreSQL in a schema of its own when STRIDE_TEST_POSTGRES holds a URL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stride-hq/stride/store"
)

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Engine is a database engine a test can run on.
type Engine struct {
	Name string
	// DSN returns a fresh, empty database for the test.
	DSN func(t testing.TB) string
}

// Engines returns SQLite, and PostgreSQL when STRIDE_TEST_POSTGRES is set.
func Engines() []Engine {
	out := []Engine{{Name: "sqlite", DSN: func(t testing.TB) string { return filepath.Join(t.TempDir(), "stride.db") }}}
	if url := os.Getenv("STRIDE_TEST_POSTGRES"); url != "" {
		out = append(out, Engine{Name: "postgres", DSN: func(t testing.TB) string { return PostgresSchema(t, url) }})
	}
	return out
}

// Run runs fn once per engine on a fresh, migrated database whose clock starts at
// 2025-03-31 10:00 Asia/Shanghai.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB, c *Clock)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			c := NewClock(time.Date(2025, 3, 31, 2, 0, 0, 0, time.UTC))
			fn(t, Open(t, e.DSN(t), c.Now), c)
		})
	}
}

// PostgresSchema creates a schema for one test, dropped at its end, and returns a URL
// whose connections use it.
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

// Open opens and migrates a database and creates the built-in roles.
func Open(t testing.TB, dsn string, now func() time.Time) *store.DB {
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
