package store

import (
	"context"
	"database/sql"

	"github.com/stride-hq/stride"
)

// The data versions live in table data_versions; migration 0009's triggers bump them in
// the transaction of every write to the tables behind them: 'ledger' for projects,
// co-units, units, plans and yearly figures, 'auth' for ended sessions, accounts, roles,
// grants, units and settings.

// Versions are the data versions as one read saw them. A value cached with a version
// stays exact for as long as the version is the same, provided the version was read
// before the data: a write committing in between leaves the value under an older
// version, where no later read finds it.
type Versions struct {
	Ledger int64 // what the project list and the project page show
	Auth   int64 // what a signed-in actor is made of
}

// versionsQuery reads both versions in one row.
const versionsQuery = `SELECT (SELECT version FROM data_versions WHERE name = 'ledger'),
	(SELECT version FROM data_versions WHERE name = 'auth')`

// Versions reads the data versions. It runs on every signed-in request, so its statement
// is prepared once (parsing it cost more than running it).
func (db *DB) Versions(ctx context.Context) (Versions, error) {
	var v Versions
	stmt, err := db.versionsStmt(ctx)
	if err != nil {
		return v, err
	}
	err = stmt.QueryRowContext(ctx).Scan(&v.Ledger, &v.Auth)
	return v, err
}

// versionsStmt prepares versionsQuery on first use: Open comes before Migrate, which
// creates the table.
func (db *DB) versionsStmt(ctx context.Context) (*sql.Stmt, error) {
	db.versions.mu.Lock()
	defer db.versions.mu.Unlock()
	if db.versions.stmt == nil {
		stmt, err := db.sql.PrepareContext(ctx, versionsQuery)
		if err != nil {
			return nil, err
		}
		db.versions.stmt = stmt
	}
	return db.versions.stmt, nil
}

// LedgerVersion returns the ledger's data version (see Versions).
func (db *DB) LedgerVersion(ctx context.Context) (int64, error) {
	v, err := db.Versions(ctx)
	return v.Ledger, err
}

// ScopeKey names the actor's data scope: actors with equal keys see the same records.
func ScopeKey(a *stride.Actor) string { return scopeKey(a) }
