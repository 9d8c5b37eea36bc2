package store

import (
	"context"
	"database/sql"

	"github.com/stride-hq/stride"
)

func attachmentsOf(ctx context.Context, q queryer, objectType string, id int64) ([]stride.Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, name, content_type, size, by_name, created_at, file FROM attachments
		WHERE object_type = $1 AND object_id = $2 ORDER BY id`, objectType, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.Attachment{}
	for rows.Next() {
		var at stride.Attachment
		if err := rows.Scan(&at.ID, &at.Kind, &at.Name, &at.ContentType, &at.Size, &at.By, &at.CreatedAt, &at.File); err != nil {
			return nil, err
		}
		at.CreatedAt = at.CreatedAt.UTC()
		out = append(out, at)
	}
	return out, rows.Err()
}

// AttachToBlockage records a file stored under the data folder (at.File) on a blockage in
// the actor's reach.
func (db *DB) AttachToBlockage(ctx context.Context, a *stride.Actor, id int64, at stride.Attachment, sha string) (*stride.Attachment, error) {
	return db.attach(ctx, a, "blockage", id, at, sha, func(tx *sql.Tx) error {
		_, err := db.getBlockage(ctx, tx, a, id, false)
		return err
	})
}

// AttachToCase records a file on a case in the actor's reach; kind "authorization" marks
// the enterprise's signed authorisation of a 代办 case.
func (db *DB) AttachToCase(ctx context.Context, a *stride.Actor, id int64, at stride.Attachment, sha string) (*stride.Attachment, error) {
	return db.attach(ctx, a, "case", id, at, sha, func(tx *sql.Tx) error {
		_, err := db.getCase(ctx, tx, a, id, false)
		return err
	})
}

func (db *DB) attach(ctx context.Context, a *stride.Actor, objectType string, id int64, at stride.Attachment, sha string, reach func(*sql.Tx) error) (*stride.Attachment, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := reach(tx); err != nil {
			return err
		}
		now := db.now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO attachments (object_type, object_id, kind, name, content_type, size, sha256, file, by_name, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, objectType, id, at.Kind, at.Name, at.ContentType, at.Size, sha,
			at.File, a.Name, now).Scan(&at.ID); err != nil {
			return err
		}
		at.By, at.CreatedAt = a.Name, now
		return db.audit(ctx, tx, a, objectType+".attach", "attachment", at.ID, nil, at)
	})
	return &at, err
}

// CheckAttachable returns not_found unless the blockage or case is in the actor's reach,
// so an upload is refused before its file is written.
func (db *DB) CheckAttachable(ctx context.Context, a *stride.Actor, objectType string, id int64) error {
	if objectType == "case" {
		_, err := db.getCase(ctx, db.sql, a, id, false)
		return err
	}
	_, err := db.getBlockage(ctx, db.sql, a, id, false)
	return err
}

// GetAttachment returns an attachment whose blockage or case is in the actor's reach.
func (db *DB) GetAttachment(ctx context.Context, a *stride.Actor, id int64) (*stride.Attachment, error) {
	var at stride.Attachment
	var objectType string
	var objectID int64
	err := db.sql.QueryRowContext(ctx, `SELECT id, kind, name, content_type, size, by_name, created_at, file, object_type, object_id
		FROM attachments WHERE id = $1`, id).Scan(&at.ID, &at.Kind, &at.Name, &at.ContentType, &at.Size, &at.By, &at.CreatedAt, &at.File,
		&objectType, &objectID)
	if err != nil {
		return nil, notFoundOr(err, "attachment")
	}
	var reachErr error
	switch {
	case objectType == "case" && a.Can(stride.PermCaseRead):
		_, reachErr = db.getCase(ctx, db.sql, a, objectID, false)
	case objectType == "blockage" && a.Can(stride.PermBlockageRead):
		_, reachErr = db.getBlockage(ctx, db.sql, a, objectID, false)
	default:
		reachErr = stride.NotFound("attachment")
	}
	if reachErr != nil {
		return nil, stride.NotFound("attachment")
	}
	at.CreatedAt = at.CreatedAt.UTC()
	return &at, nil
}
