package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/stride-hq/stride"
)

const userColumns = `u.id, u.username, u.name, u.unit_id, un.name, u.phone, u.email, u.status, u.locked_until,
	u.must_change_password, u.password_changed_at, u.last_login_at, u.version, u.created_at, u.updated_at`

func (db *DB) scanUser(row interface{ Scan(...any) error }) (*stride.User, error) {
	var u stride.User
	var locked, last sql.NullTime
	if err := row.Scan(&u.ID, &u.Username, &u.Name, &u.UnitID, &u.UnitName, &u.Phone, &u.Email, &u.Status, &locked,
		&u.MustChangePassword, &u.PasswordChangedAt, &last, &u.Version, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	u.Phone = stride.MaskPhone(u.Phone)
	u.LockedUntil, u.LastLoginAt = nullTime(locked), nullTime(last)
	u.Locked = u.LockedUntil != nil && u.LockedUntil.After(db.now())
	if !u.Locked {
		u.LockedUntil = nil
	}
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = u.PasswordChangedAt.UTC(), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	u.Roles = []stride.RoleRef{}
	return &u, nil
}

// attachRoles fills in the roles of the users with one query.
func (db *DB) attachRoles(ctx context.Context, q queryer, users []*stride.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*stride.User{}
	qq := &query{}
	ph := make([]string, len(users))
	for i, u := range users {
		byID[u.ID] = u
		ph[i] = qq.arg(u.ID)
	}
	qq.raw(`SELECT ur.user_id, r.id, r.code, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
		WHERE ur.user_id IN (` + strings.Join(ph, ", ") + `) ORDER BY ur.user_id, r.id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var r stride.RoleRef
		if err := rows.Scan(&uid, &r.ID, &r.Code, &r.Name); err != nil {
			return err
		}
		byID[uid].Roles = append(byID[uid].Roles, r)
	}
	return rows.Err()
}

// ListUsers returns one page of users matching f and the total.
func (db *DB) ListUsers(ctx context.Context, f stride.UserFilter) (stride.List[*stride.User], error) {
	out := stride.List[*stride.User]{Items: []*stride.User{}}
	q := &query{}
	where := &query{}
	where.add(` WHERE TRUE`)
	if f.Query != "" {
		p := where.arg(likePattern(f.Query))
		where.add(` AND (lower(u.username) LIKE %s ESCAPE '\' OR lower(u.name) LIKE %s ESCAPE '\')`, p, p)
	}
	if f.UnitID != 0 {
		where.add(` AND u.unit_id = %s`, where.arg(f.UnitID))
	}
	if f.Status != "" {
		where.add(` AND u.status = %s`, where.arg(string(f.Status)))
	}
	if f.RoleID != 0 {
		where.add(` AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role_id = %s)`, where.arg(f.RoleID))
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM users u`+where.String(), where.args...); err != nil {
		return out, err
	}
	q.args = where.args
	q.raw(`SELECT ` + userColumns + ` FROM users u JOIN units un ON un.id = u.unit_id` + where.String())
	q.raw(orderBy(f.Page, map[string]string{
		"username": "u.username", "name": "u.name", "created_at": "u.created_at", "last_login_at": "COALESCE(u.last_login_at, '1970-01-01')",
	}, "u.id", "u.id"))
	q.add(` LIMIT %s OFFSET %s`, q.arg(f.Page.Size), q.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := db.scanUser(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, u)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows.Close()
	return out, db.attachRoles(ctx, db.sql, out.Items)
}

// GetUser returns a user with its roles, or not_found.
func (db *DB) GetUser(ctx context.Context, id int64) (*stride.User, error) {
	return db.getUser(ctx, db.sql, id)
}

func (db *DB) getUser(ctx context.Context, q queryer, id int64) (*stride.User, error) {
	u, err := db.scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, id))
	if err != nil {
		return nil, notFoundOr(err, "user")
	}
	return u, db.attachRoles(ctx, q, []*stride.User{u})
}

// UserIDByName returns the id of the user with username (case-insensitive), or not_found.
func (db *DB) UserIDByName(ctx context.Context, username string) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM users WHERE lower(username) = lower($1)`, username).Scan(&id)
	return id, notFoundOr(err, "user")
}

// CreateUser adds an account with in.Password as its initial password. mustChange makes
// the user change it at first login (every account but the demo's).
func (db *DB) CreateUser(ctx context.Context, a *stride.Actor, in stride.UserInput, mustChange bool) (*stride.User, error) {
	var out *stride.User
	hash, err := db.hashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, unit_id, phone, email, status, password_hash,
			password_changed_at, must_change_password, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, 1, $7, $7) RETURNING id`,
			in.Username, in.Name, in.UnitID, in.Phone, in.Email, hash, now, mustChange).Scan(&id)
		if err != nil {
			return duplicate(err, "username")
		}
		if out, err = db.getUser(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "user.create", "user", id, nil, out)
	})
	return out, err
}

func unitExists(ctx context.Context, tx queryer, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldError("unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
	}
	return nil
}

// UpdateUser changes a user's profile. Returns conflict when in.Version is stale.
func (db *DB) UpdateUser(ctx context.Context, a *stride.Actor, id int64, in stride.UserInput) (*stride.User, error) {
	return db.changeUser(ctx, a, id, "user.update", func(tx *sql.Tx, before *stride.User) error {
		if err := claim(ctx, tx, "users", id, in.Version); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		// The phone leaves the store masked, so getting the masked value back keeps the stored one.
		keepPhone := in.Phone == before.Phone
		if !keepPhone && strings.Contains(in.Phone, "*") {
			return fieldError("phone", "validate.phone")
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, unit_id = $2, phone = CASE WHEN $3 THEN phone ELSE $4 END,
			email = $5, version = version + 1, updated_at = $6 WHERE id = $7`,
			in.Name, in.UnitID, keepPhone, in.Phone, in.Email, db.now().UTC(), id)
		return err
	})
}

// SetUserStatus enables or disables an account; disabling ends its sessions. Nobody
// disables their own account.
func (db *DB) SetUserStatus(ctx context.Context, a *stride.Actor, id int64, status stride.UserStatus) (*stride.User, error) {
	action := "user.enable"
	if status == stride.UserDisabled {
		action = "user.disable"
		if id == a.UserID {
			return nil, stride.Errorf(stride.EConflict, "user.self_disable")
		}
	}
	return db.changeUser(ctx, a, id, action, func(tx *sql.Tx, _ *stride.User) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
			string(status), db.now().UTC(), id); err != nil {
			return err
		}
		if status == stride.UserDisabled {
			_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
			return err
		}
		return nil
	})
}

// ResetPassword sets a new password that the user must change at next login, and ends
// the user's sessions.
func (db *DB) ResetPassword(ctx context.Context, a *stride.Actor, id int64, password string) error {
	hash, err := db.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	_, err = db.changeUser(ctx, a, id, "user.reset_password", func(tx *sql.Tx, _ *stride.User) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = TRUE,
			failed_logins = 0, locked_until = NULL, version = version + 1, updated_at = $2 WHERE id = $3`, hash, db.now().UTC(), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		return err
	})
	return err
}

// UnlockUser clears a lockout.
func (db *DB) UnlockUser(ctx context.Context, a *stride.Actor, id int64) (*stride.User, error) {
	return db.changeUser(ctx, a, id, "user.unlock", func(tx *sql.Tx, _ *stride.User) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, version = version + 1, updated_at = $1
			WHERE id = $2`, db.now().UTC(), id)
		return err
	})
}

// GrantRoles replaces the roles a user holds. It enforces the separation of the three
// administrators: an admin role is held alone. Nobody changes their own roles.
func (db *DB) GrantRoles(ctx context.Context, a *stride.Actor, id int64, in stride.GrantInput) (*stride.User, error) {
	if id == a.UserID {
		return nil, stride.Errorf(stride.EForbidden, "user.self_grant")
	}
	return db.changeUser(ctx, a, id, "user.grant", func(tx *sql.Tx, before *stride.User) error {
		if err := claim(ctx, tx, "users", id, in.Version); err != nil {
			return err
		}
		ids := dedupe(in.RoleIDs)
		admins := 0
		for _, rid := range ids {
			var admin string
			err := tx.QueryRowContext(ctx, `SELECT admin FROM roles WHERE id = $1`, rid).Scan(&admin)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldError("role_ids", "user.role_unknown", rid)
			} else if err != nil {
				return err
			}
			if admin != "" {
				admins++
			}
		}
		if admins > 0 && len(ids) > 1 {
			return fieldError("role_ids", "user.admin_separate")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
			return err
		}
		for _, rid := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)`, id, rid); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET version = version + 1, updated_at = $1 WHERE id = $2`, db.now().UTC(), id)
		return err
	})
}

// changeUser runs one audited change of a user in a transaction.
func (db *DB) changeUser(ctx context.Context, a *stride.Actor, id int64, action string, change func(tx *sql.Tx, before *stride.User) error) (*stride.User, error) {
	var out *stride.User
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(tx, before); err != nil {
			return err
		}
		if out, err = db.getUser(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, action, "user", id, before, out)
	})
	return out, err
}
