// Package store keeps Stride's data in SQLite or PostgreSQL. All SQL lives here, written
// once with $1… placeholders for both engines; every read and write of business records
// applies the actor's data scope as a visible WHERE clause, and every write records its
// audit entry in the same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"github.com/stride-hq/stride"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrations embed.FS

// DB is an open Stride database.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	now     func() time.Time
	zone    *time.Location
	dsn     string

	dashboards    dashboardCache
	sessions      sessionCache
	orderedScan   int           // maxOrderedScan
	passwordSlots chan struct{} // see newPasswordSlots
	dummy         lazyHash      // see dummyHash
	versions      struct {
		mu   sync.Mutex
		stmt *sql.Stmt // versionsQuery, once prepared
	}
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL, or else a
// path to an SQLite file (created, with its folder, when missing). now is the clock every
// timestamp comes from. Open does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, now func() time.Time) (*DB, error) {
	db := &DB{now: now, dsn: dsn, zone: time.UTC, orderedScan: maxOrderedScan, passwordSlots: newPasswordSlots()}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = Postgres
		db.sql, err = sql.Open("pgx", dsn)
		if err == nil {
			db.sql.SetMaxOpenConns(20)
			db.sql.SetMaxIdleConns(10)
		}
	} else {
		db.dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite://")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create data folder: %w", err)
			}
		}
		// busy_timeout must come first so the other pragmas wait instead of failing;
		// _txlock=immediate takes the write lock at BEGIN, avoiding SQLITE_BUSY on upgrade.
		q := url.Values{}
		// cache_size: 1 MiB of page cache per connection, not SQLite's 2 MiB. The sorter
		// spills to a temporary file beyond the same size, and the C allocator keeps what
		// SQLite frees for reuse, up to its high-water mark: with 2 MiB, a load run left
		// 39 MB of SQLite memory in the process, with 1 MiB 25 MB. The database file stays
		// in the OS's cache, so a page read past this cache costs a system call, not a disk
		// read. (soft_heap_limit would not bound it: this SQLite is built without memory
		// statistics.) temp_store: statement journals and temporary b-trees in memory, not
		// in files: a 10,000-row import wrote its statement journals through a system call
		// per page, 1.1 s of its 5.2 s (now 4.0 s); under the load run the peak RSS stayed
		// within 95 MB.
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-1024)", "temp_store(MEMORY)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		db.sql, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err == nil {
			// Idle connections are kept, all of them: a new SQLite connection parses the
			// whole schema before its first statement, which costs more than most queries.
			// Four: on the small servers Stride runs on (two cores) more readers at once
			// add no throughput, while each holds its own page cache, schema and sort
			// memory outside the Go heap: eight took ~48 MB under a load run, four ~20 MB.
			db.sql.SetMaxOpenConns(4)
			db.sql.SetMaxIdleConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return db, nil
}

// SetZone sets the zone whose civil dates decide report months, plan years and lights.
func (db *DB) SetZone(loc *time.Location) { db.zone = loc }

// today is the zone's civil date now.
func (db *DB) today() stride.Date { return stride.DateOf(db.now().In(db.zone)) }

// Close closes the database.
func (db *DB) Close() error {
	if db.versions.stmt != nil {
		db.versions.stmt.Close()
	}
	return db.sql.Close()
}

// Dialect returns the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL exposes the connection pool, for benchmarks that measure raw-SQL floors.
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks the database answers and is migrated to this build's schema.
func (db *DB) Ping(ctx context.Context) error {
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("store: %d migrations pending", len(pending))
	}
	return nil
}

func (db *DB) migrationFiles() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/"+string(db.dialect)+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// MigrationNames returns the migration file names of a dialect, for the test that keeps
// the two folders in step.
func MigrationNames(d Dialect) ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/"+string(d)+"/*.sql")
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	sort.Strings(names)
	return names, err
}

func (db *DB) ensureMigrationTable(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`)
	return err
}

// PendingMigrations lists the migrations not yet applied.
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	if err := db.ensureMigrationTable(ctx); err != nil {
		return nil, fmt.Errorf("store: migrations table: %w", err)
	}
	applied := map[string]bool{}
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		applied[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	files, err := db.migrationFiles()
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, f := range files {
		if !applied[filepath.Base(f)] {
			pending = append(pending, f)
		}
	}
	return pending, nil
}

// Migrate applies the pending migrations in name order, each in its own transaction with
// its record, and returns the names applied. On PostgreSQL an advisory lock makes
// concurrent starts of several processes take turns.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if db.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7320251)`); err != nil {
			return nil, fmt.Errorf("store: migrate lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7320251)`)
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, f := range pending {
		body, err := migrations.ReadFile(f)
		if err != nil {
			return done, err
		}
		name := filepath.Base(f)
		err = func() error {
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, db.now().UTC()); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return done, fmt.Errorf("store: migration %s: %w", name, err)
		}
		done = append(done, name)
	}
	if err := db.ensureDashboardRollups(ctx); err != nil {
		return done, fmt.Errorf("store: build dashboard roll-ups: %w", err)
	}
	return done, nil
}

// Backup writes a consistent copy of a live SQLite database to path (VACUUM INTO), which
// must not exist yet. PostgreSQL databases are backed up with pg_dump instead.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return errPostgresBackup
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

var errPostgresBackup = stride.Errorf(stride.EInvalid, "error.postgres_backup")
