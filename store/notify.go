package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// postUserMessage adds a message for one user, once per dedupe key.
func (db *DB) postUserMessage(ctx context.Context, q queryer, userID int64, m stride.Message, dedupe string) error {
	return db.postMessage(ctx, q, "user_id", userID, m, dedupe)
}

// PostUnitMessage adds a message for everyone of a unit, once per dedupe key.
func (db *DB) PostUnitMessage(ctx context.Context, q queryer, unitID int64, m stride.Message, dedupe string) error {
	return db.postMessage(ctx, q, "unit_id", unitID, m, dedupe)
}

// postMessage stores m for the user or unit (recipient names the column) with its title
// and body unrendered, and rendered in Chinese for readers of the text alone.
func (db *DB) postMessage(ctx context.Context, q queryer, recipient string, id int64, m stride.Message, dedupe string) error {
	title, err := marshalMsg(m.TitleMsg)
	if err != nil {
		return err
	}
	body, err := marshalMsg(m.BodyMsg)
	if err != nil {
		return err
	}
	m.Render(stride.LangZH)
	_, err = q.ExecContext(ctx, `INSERT INTO messages (`+recipient+`, kind, title, body, link, title_msg, body_msg, dedupe_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) WHERE dedupe_key <> '' DO NOTHING`,
		id, m.Kind, m.Title, m.Body, m.Link, title, body, dedupe, db.now().UTC())
	return err
}

// marshalMsg is the stored form of a message to render later: "" for none.
func marshalMsg(m stride.Msg) (string, error) {
	if m.Key == "" {
		return "", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// unmarshalMsg reads a stored message; "" leaves m empty.
func unmarshalMsg(stored string, m *stride.Msg) error {
	if stored == "" {
		return nil
	}
	return json.Unmarshal([]byte(stored), m)
}

// holders lists the active users who hold perm through a role, by id.
func holders(ctx context.Context, q queryer, perm string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id
		JOIN role_permissions rp ON rp.role_id = ur.role_id WHERE rp.permission = $1 AND u.status = 'active' ORDER BY u.id`, perm)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// notifyHolders puts a message on the list of every user who holds perm; the dedupe key
// is made per user from prefix. It returns how many users were told.
func (db *DB) notifyHolders(ctx context.Context, q queryer, perm string, m stride.Message, prefix string) (int, error) {
	ids, err := holders(ctx, q, perm)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := db.postUserMessage(ctx, q, id, m, prefix+":u"+itoa(id)); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// closeTodos marks done the open messages whose dedupe key starts with prefix: the to-dos
// of a step that has been taken.
func (db *DB) closeTodos(ctx context.Context, q queryer, prefix string) error {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	_, err := q.ExecContext(ctx, `UPDATE messages SET done_at = $1 WHERE done_at IS NULL AND dedupe_key LIKE $2 ESCAPE '\'`,
		db.now().UTC(), r.Replace(prefix)+"%")
	return err
}

// eventTime is when a step happened: the time given, or now; in the zone, for the
// calendar.
func (db *DB) eventTime(at *time.Time) time.Time {
	if at == nil || at.IsZero() {
		return db.now().In(db.zone)
	}
	return at.In(db.zone)
}
