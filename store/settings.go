package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/stride-hq/stride"
)

// Setting keys: one JSON document per administrator's page.
const (
	keySettings = "system"
	keyPolicy   = "security"
)

// readSetting decodes the document stored under key over def (so fields added in later
// versions keep their defaults) and sets its version.
func (db *DB) readSetting(ctx context.Context, q queryer, key string, def any) (int, error) {
	var raw string
	var version int
	err := q.QueryRowContext(ctx, `SELECT value, version FROM settings WHERE key = $1`, key).Scan(&raw, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: read setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), def); err != nil {
		return 0, fmt.Errorf("store: decode setting %s: %w", key, err)
	}
	return version, nil
}

// writeSetting stores v under key if version is the current one, with its audit entry.
func (db *DB) writeSetting(ctx context.Context, a *stride.Actor, key string, version int, before, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		now := db.now().UTC()
		if version == 0 {
			res, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value, version, updated_at) VALUES ($1, $2, 1, $3)
				ON CONFLICT (key) DO NOTHING`, key, string(raw), now)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE settings SET value = $1, version = version + 1, updated_at = $2
				WHERE key = $3 AND version = $4`, string(raw), now, key, version)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return stride.StaleVersion()
		}
		// Settings (the report deadline, the thresholds) change what the figures say.
		if err := bumpLedger(ctx, tx); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, a, "setting.update", "setting", key, before, v, stride.OutcomeSuccess)
	})
}

// Settings returns the system settings.
func (db *DB) Settings(ctx context.Context) (stride.Settings, error) {
	s := stride.DefaultSettings()
	v, err := db.readSetting(ctx, db.sql, keySettings, &s)
	s.Version = v
	return s, err
}

// UpdateSettings stores s; conflict when s.Version is stale.
func (db *DB) UpdateSettings(ctx context.Context, a *stride.Actor, s stride.Settings) (stride.Settings, error) {
	before, err := db.Settings(ctx)
	if err != nil {
		return s, err
	}
	if before.Version != s.Version {
		return s, stride.StaleVersion()
	}
	if err := db.writeSetting(ctx, a, keySettings, s.Version, before, s); err != nil {
		return s, err
	}
	return db.Settings(ctx)
}

// SecurityPolicy returns the security policy.
func (db *DB) SecurityPolicy(ctx context.Context) (stride.SecurityPolicy, error) {
	return db.securityPolicy(ctx, db.sql)
}

func (db *DB) securityPolicy(ctx context.Context, q queryer) (stride.SecurityPolicy, error) {
	p := stride.DefaultSecurityPolicy()
	v, err := db.readSetting(ctx, q, keyPolicy, &p)
	p.Version = v
	return p, err
}

// UpdateSecurityPolicy stores p; conflict when p.Version is stale.
func (db *DB) UpdateSecurityPolicy(ctx context.Context, a *stride.Actor, p stride.SecurityPolicy) (stride.SecurityPolicy, error) {
	before, err := db.SecurityPolicy(ctx)
	if err != nil {
		return p, err
	}
	if before.Version != p.Version {
		return p, stride.StaleVersion()
	}
	if err := db.writeSetting(ctx, a, keyPolicy, p.Version, before, p); err != nil {
		return p, err
	}
	return db.SecurityPolicy(ctx)
}
