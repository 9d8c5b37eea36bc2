package store

import (
	"context"
	"database/sql"

	"github.com/stride-hq/stride"
)

// UpdateLightSettings stores the light thresholds and recomputes every project's lights
// with them.
func (db *DB) UpdateLightSettings(ctx context.Context, a *stride.Actor, s stride.LightSettings) (stride.LightSettings, error) {
	before, err := db.LightSettings(ctx)
	if err != nil {
		return s, err
	}
	var version int
	var dummy stride.LightSettings
	if version, err = db.readSetting(ctx, db.sql, keyLights, &dummy); err != nil {
		return s, err
	}
	if err := db.writeSetting(ctx, a, keyLights, version, before, s); err != nil {
		return s, err
	}
	if _, err := db.RecomputeLights(ctx); err != nil {
		return s, err
	}
	return db.LightSettings(ctx)
}

// ListMessages returns the actor's open (or done) messages: its own and its unit's.
func (db *DB) ListMessages(ctx context.Context, a *stride.Actor, open bool, page stride.Page) (stride.List[*stride.Message], error) {
	out := stride.List[*stride.Message]{Items: []*stride.Message{}}
	state := "done_at IS NOT NULL"
	if open {
		state = "done_at IS NULL"
	}
	where := ` WHERE (user_id = $1 OR unit_id = $2) AND ` + state
	if err := db.countList(ctx, page, &out.Total, `SELECT COUNT(*) FROM messages`+where, a.UserID, a.UnitID); err != nil {
		return out, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, kind, title, body, link, title_msg, body_msg, created_at, done_at FROM messages`+where+
		` ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`, a.UserID, a.UnitID, page.Size, page.Offset())
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var m stride.Message
		var done sql.NullTime
		var title, body string
		if err := rows.Scan(&m.ID, &m.Kind, &m.Title, &m.Body, &m.Link, &title, &body, &m.CreatedAt, &done); err != nil {
			return out, err
		}
		if err := unmarshalMsg(title, &m.TitleMsg); err != nil {
			return out, err
		}
		if err := unmarshalMsg(body, &m.BodyMsg); err != nil {
			return out, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		m.DoneAt = nullTime(done)
		out.Items = append(out.Items, &m)
	}
	return out, rows.Err()
}

// MessageDone marks one of the actor's messages done.
func (db *DB) MessageDone(ctx context.Context, a *stride.Actor, id int64) error {
	res, err := db.sql.ExecContext(ctx, `UPDATE messages SET done_at = $1 WHERE id = $2 AND (user_id = $3 OR unit_id = $4) AND done_at IS NULL`,
		db.now().UTC(), id, a.UserID, a.UnitID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stride.NotFound("message")
	}
	return nil
}
