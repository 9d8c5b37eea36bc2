package store

import (
	"context"

	"github.com/stride-hq/stride"
)

// Data version names (table data_versions). Migration 0009's triggers bump them in the
// transaction of every write to the tables behind them.
const (
	versionLedger = "ledger" // projects, co-units, units, plans, yearly figures
	versionAuth   = "auth"   // sessions ending, accounts, roles, grants, units, security policy
)

// dataVersion reads one data version.
func (db *DB) dataVersion(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.sql.QueryRowContext(ctx, `SELECT version FROM data_versions WHERE name = $1`, name).Scan(&v)
	return v, err
}

// LedgerVersion returns the ledger's data version: a value cached with it stays exact for
// as long as the version is the same. Read it before the data it validates, so that a
// write committing in between leaves the cached value under an older version.
func (db *DB) LedgerVersion(ctx context.Context) (int64, error) {
	return db.dataVersion(ctx, versionLedger)
}

// ScopeKey names the actor's data scope: actors with equal keys see the same records.
func ScopeKey(a *stride.Actor) string { return scopeKey(a) }
