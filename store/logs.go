package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/stride-hq/stride"
)

// ListAudit returns one page of the audit log, newest first.
func (db *DB) ListAudit(ctx context.Context, f stride.AuditFilter) (stride.List[*stride.AuditEntry], error) {
	out := stride.List[*stride.AuditEntry]{Items: []*stride.AuditEntry{}}
	w := &query{}
	w.add(` WHERE TRUE`)
	if !f.From.IsZero() {
		w.add(` AND at >= %s`, w.arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		w.add(` AND at < %s`, w.arg(f.To.UTC()))
	}
	if f.Username != "" {
		w.add(` AND lower(username) LIKE %s ESCAPE '\'`, w.arg(likePattern(f.Username)))
	}
	if f.Action != "" {
		w.add(` AND action LIKE %s ESCAPE '\'`, w.arg(likePattern(f.Action)))
	}
	if f.ObjectType != "" {
		w.add(` AND object_type = %s`, w.arg(f.ObjectType))
	}
	if f.Outcome != "" {
		w.add(` AND outcome = %s`, w.arg(f.Outcome))
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM audit_log`+w.String(), w.args...); err != nil {
		return out, err
	}
	w.add(` ORDER BY at DESC, id DESC LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT id, at, user_id, username, unit_name, ip, action, object_type, object_id,
		before_json, after_json, outcome FROM audit_log`+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var e stride.AuditEntry
		var uid sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &uid, &e.Username, &e.UnitName, &e.IP, &e.Action, &e.ObjectType, &e.ObjectID,
			&before, &after, &e.Outcome); err != nil {
			return out, err
		}
		e.At = e.At.UTC()
		if uid.Valid {
			e.UserID = &uid.Int64
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out.Items = append(out.Items, &e)
	}
	return out, rows.Err()
}

// ListLogins returns one page of the login log, newest first.
func (db *DB) ListLogins(ctx context.Context, f stride.LoginFilter) (stride.List[*stride.LoginEntry], error) {
	out := stride.List[*stride.LoginEntry]{Items: []*stride.LoginEntry{}}
	w := &query{}
	w.add(` WHERE TRUE`)
	if !f.From.IsZero() {
		w.add(` AND at >= %s`, w.arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		w.add(` AND at < %s`, w.arg(f.To.UTC()))
	}
	if f.Username != "" {
		w.add(` AND lower(username) LIKE %s ESCAPE '\'`, w.arg(likePattern(f.Username)))
	}
	if f.IP != "" {
		w.add(` AND ip LIKE %s ESCAPE '\'`, w.arg(likePattern(f.IP)))
	}
	if f.Outcome != "" {
		w.add(` AND outcome = %s`, w.arg(f.Outcome))
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM login_log`+w.String(), w.args...); err != nil {
		return out, err
	}
	w.add(` ORDER BY at DESC, id DESC LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT id, at, username, user_id, ip, user_agent, outcome, message FROM login_log`+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var e stride.LoginEntry
		var uid sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &e.Username, &uid, &e.IP, &e.UserAgent, &e.Outcome, &e.Message); err != nil {
			return out, err
		}
		e.At = e.At.UTC()
		if uid.Valid {
			e.UserID = &uid.Int64
		}
		out.Items = append(out.Items, &e)
	}
	return out, rows.Err()
}

// RecordBackup audits a backup made of the database.
func (db *DB) RecordBackup(ctx context.Context, a *stride.Actor, name string, size int64) error {
	return db.appendAudit(ctx, db.sql, a, "backup.create", "backup", name, nil,
		map[string]any{"name": name, "size": size}, stride.OutcomeSuccess)
}
