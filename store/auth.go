package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/stride-hq/stride"
)

// sessionTouchInterval bounds how often a request rewrites a session's last-seen time,
// and how long a session's actor is served from memory before it is read again: the idle
// timeout is exact to within this interval, and reads stay reads.
const sessionTouchInterval = time.Minute

// LoginRequest is one sign-in attempt.
type LoginRequest struct {
	Username  string
	Password  string
	IP        string
	UserAgent string
	Zone      *time.Location // for the unlock time shown in the lockout message
}

// Login checks a password against the policy's lockout rules and, on success, opens a
// session. It returns the session token for the cookie and the signed-in actor. Every
// attempt is written to the login log, whatever its outcome.
func (db *DB) Login(ctx context.Context, r LoginRequest) (string, *stride.Actor, error) {
	policy, err := db.SecurityPolicy(ctx)
	if err != nil {
		return "", nil, err
	}
	now := db.now().UTC()
	var (
		id      int64
		hash    string
		status  string
		locked  sql.NullTime
		changed time.Time
	)
	err = db.sql.QueryRowContext(ctx, `SELECT id, password_hash, status, locked_until, password_changed_at FROM users
		WHERE lower(username) = lower($1)`, r.Username).Scan(&id, &hash, &status, &locked, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		// Hash anyway so that timing does not tell which usernames exist.
		if _, err := db.verifyPassword(ctx, db.dummyHash(), r.Password); err != nil {
			return "", nil, err
		}
		return "", nil, db.loginFailed(ctx, r, nil, stride.LoginUnknownUser, stride.Errorf(stride.EUnauthorized, "auth.unknown"))
	}
	if err != nil {
		return "", nil, err
	}
	zone := r.Zone
	if zone == nil {
		zone = time.UTC
	}
	lockedErr := func(until time.Time) *stride.Error {
		e := stride.Errorf(stride.EUnauthorized, "auth.locked", policy.LockoutThreshold, policy.LockoutMinutes,
			until.In(zone).Format("15:04"))
		e.Reason = stride.ReasonAccountLocked
		return e
	}
	switch {
	case status == string(stride.UserDisabled):
		return "", nil, db.loginFailed(ctx, r, &id, stride.LoginDisabled, stride.Errorf(stride.EUnauthorized, "auth.disabled"))
	case locked.Valid && locked.Time.After(now):
		return "", nil, db.loginFailed(ctx, r, &id, stride.LoginLocked, lockedErr(locked.Time))
	}
	ok, err := db.verifyPassword(ctx, hash, r.Password)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		var failures int
		err := db.tx(ctx, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1
				RETURNING failed_logins`, id).Scan(&failures); err != nil {
				return err
			}
			if failures >= policy.LockoutThreshold {
				_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2`,
					now.Add(time.Duration(policy.LockoutMinutes)*time.Minute), id)
				return err
			}
			return nil
		})
		if err != nil {
			return "", nil, err
		}
		if failures >= policy.LockoutThreshold {
			return "", nil, db.loginFailed(ctx, r, &id, stride.LoginLocked,
				lockedErr(now.Add(time.Duration(policy.LockoutMinutes)*time.Minute)))
		}
		return "", nil, db.loginFailed(ctx, r, &id, stride.LoginBadPassword,
			stride.Errorf(stride.EUnauthorized, "auth.bad_credentials", policy.LockoutThreshold-failures))
	}

	token := newToken()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, ip, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5)`, sessionID(token), id, now, r.IP, truncate(r.UserAgent, 300)); err != nil {
			return err
		}
		return db.logLogin(ctx, tx, r.Username, &id, r.IP, r.UserAgent, stride.LoginSuccess, stride.T(stride.LangZH, "auth.success"))
	})
	if err != nil {
		return "", nil, err
	}
	a, err := db.loadActor(ctx, sessionID(token), r.IP, policy)
	if err != nil {
		return "", nil, err
	}
	return token, a, nil
}

func (db *DB) loginFailed(ctx context.Context, r LoginRequest, id *int64, outcome string, e *stride.Error) error {
	if err := db.logLogin(ctx, db.sql, r.Username, id, r.IP, r.UserAgent, outcome, e.Msg.In(stride.LangZH)); err != nil {
		return err
	}
	return e
}

func (db *DB) logLogin(ctx context.Context, q queryer, username string, id *int64, ip, ua, outcome, message string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO login_log (at, username, user_id, ip, user_agent, outcome, message)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, db.now().UTC(), truncate(username, 64), id, ip, truncate(ua, 300), outcome, message)
	return err
}

// Session returns the actor of a session token and marks the session as used. An
// unknown token, or one idle longer than the policy allows, is unauthorized (the idle
// session is removed and the timeout logged).
//
// The actor comes from memory while the auth data version stands (any change to
// sessions, accounts, roles, grants, units or the security policy moves it, so a logout,
// a disabled account or a changed role takes effect on the very next request) and the
// session's last-seen time is less than sessionTouchInterval old. Otherwise it is read
// from the database, which also rewrites the last-seen time: at most once per interval.
func (db *DB) Session(ctx context.Context, token, ip string) (*stride.Actor, error) {
	v, err := db.Versions(ctx)
	if err != nil {
		return nil, err
	}
	return db.SessionAt(ctx, token, ip, v)
}

// SessionAt is Session for the data versions v, read by Versions just before: a request
// reads them once, for its actor and for the caches its handler consults.
func (db *DB) SessionAt(ctx context.Context, token, ip string, v Versions) (*stride.Actor, error) {
	sid, version := sessionID(token), v.Auth
	now := db.now().UTC()
	if s := db.sessions.get(sid, version); s != nil && s.fresh(now) {
		return s.actorAt(ip, now), nil
	}
	policy, err := db.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	s, err := db.loadSession(ctx, sid, ip, policy)
	if err != nil {
		return nil, err
	}
	s.version = version
	db.sessions.put(sid, s, now)
	return s.actorAt(ip, now), nil
}

// loadActor reads the session's user, unit, permissions and scopes; ip is where the
// request comes from.
func (db *DB) loadActor(ctx context.Context, sid, ip string, policy stride.SecurityPolicy) (*stride.Actor, error) {
	s, err := db.loadSession(ctx, sid, ip, policy)
	if err != nil {
		return nil, err
	}
	return s.actorAt(ip, db.now().UTC()), nil
}

// loadSession reads a session from the database, ending it when it has been idle too
// long and rewriting its last-seen time when that is more than sessionTouchInterval old.
func (db *DB) loadSession(ctx context.Context, sid, ip string, policy stride.SecurityPolicy) (*session, error) {
	now := db.now().UTC()
	a := &stride.Actor{SessionID: sid, Perms: map[string]bool{}}
	var lastSeen, changed time.Time
	var status string
	err := db.sql.QueryRowContext(ctx, `SELECT s.last_seen_at, u.id, u.username, u.name, u.status, u.must_change_password,
		u.password_changed_at, un.id, un.name, un.path
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id WHERE s.id = $1`, sid).
		Scan(&lastSeen, &a.UserID, &a.Username, &a.Name, &status, &a.MustChangePassword, &changed, &a.UnitID, &a.UnitName, &a.UnitPath)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, stride.Errorf(stride.EUnauthorized, "error.unauthorized")
	}
	if err != nil {
		return nil, err
	}
	if status != string(stride.UserActive) {
		return nil, stride.Errorf(stride.EUnauthorized, "auth.disabled")
	}
	if now.Sub(lastSeen) > policy.IdleTimeout() {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sid)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another request already ended it
			}
			return db.logLogin(ctx, tx, a.Username, &a.UserID, ip, "", stride.LoginTimeout, stride.T(stride.LangZH, "auth.timeout"))
		})
		if err != nil {
			return nil, err
		}
		e := stride.Errorf(stride.EUnauthorized, "error.session_expired")
		e.Reason = stride.ReasonSessionExpired
		return nil, e
	}
	if now.Sub(lastSeen) > sessionTouchInterval {
		if _, err := db.sql.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, sid); err != nil {
			return nil, err
		}
		lastSeen = now
	}

	rows, err := db.sql.QueryContext(ctx, `SELECT r.id, r.data_scope, COALESCE(rp.permission, '')
		FROM user_roles ur JOIN roles r ON r.id = ur.role_id LEFT JOIN role_permissions rp ON rp.role_id = r.id
		WHERE ur.user_id = $1 ORDER BY r.id`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	scopes := map[int64]*stride.RoleScope{}
	var order []int64
	for rows.Next() {
		var rid int64
		var scope stride.DataScope
		var perm string
		if err := rows.Scan(&rid, &scope, &perm); err != nil {
			return nil, err
		}
		if scopes[rid] == nil {
			scopes[rid] = &stride.RoleScope{Scope: scope}
			order = append(order, rid)
		}
		if perm != "" {
			a.Perms[perm] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	custom := false
	for _, rid := range order {
		custom = custom || scopes[rid].Scope == stride.ScopeCustom
	}
	if custom {
		units, err := db.sql.QueryContext(ctx, `SELECT ru.role_id, ru.unit_id FROM user_roles ur
			JOIN role_units ru ON ru.role_id = ur.role_id WHERE ur.user_id = $1`, a.UserID)
		if err != nil {
			return nil, err
		}
		defer units.Close()
		for units.Next() {
			var rid, uid int64
			if err := units.Scan(&rid, &uid); err != nil {
				return nil, err
			}
			scopes[rid].UnitIDs = append(scopes[rid].UnitIDs, uid)
		}
		if err := units.Err(); err != nil {
			return nil, err
		}
	}
	for _, rid := range order {
		a.Scopes = append(a.Scopes, *scopes[rid])
	}
	return &session{actor: *a, lastSeen: lastSeen, changed: changed, policy: policy}, nil
}

// Logout ends the actor's session.
func (db *DB) Logout(ctx context.Context, a *stride.Actor, userAgent string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, a.SessionID); err != nil {
			return err
		}
		return db.logLogin(ctx, tx, a.Username, &a.UserID, a.IP, userAgent, stride.LoginLogout, stride.T(stride.LangZH, "auth.logout"))
	})
}

// ChangeOwnPassword replaces the actor's password after checking the old one and the
// policy; it clears the first-login and expiry restrictions and ends the user's other
// sessions.
func (db *DB) ChangeOwnPassword(ctx context.Context, a *stride.Actor, oldPassword, newPassword string) error {
	policy, err := db.SecurityPolicy(ctx)
	if err != nil {
		return err
	}
	var hash string
	if err := db.sql.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.UserID).Scan(&hash); err != nil {
		return notFoundOr(err, "user")
	}
	f := stride.Fields{}
	ok, err := db.verifyPassword(ctx, hash, oldPassword)
	if err != nil {
		return err
	}
	if !ok {
		f.Add("old_password", "password.old_wrong")
	}
	if m, ok := policy.Check(newPassword, a.Username); !ok {
		f["new_password"] = m
	} else if oldPassword == newPassword {
		f.Add("new_password", "password.same_as_old")
	}
	if err := f.Err(); err != nil {
		return err
	}
	newHash, err := db.hashPassword(ctx, newPassword)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = FALSE,
			version = version + 1, updated_at = $2 WHERE id = $3`, newHash, now, a.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, a.UserID, a.SessionID); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "user.change_password", "user", a.UserID, nil, nil)
	})
}

// DeleteExpiredSessions removes sessions idle past the policy's timeout and returns how
// many it removed.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	policy, err := db.SecurityPolicy(ctx)
	if err != nil {
		return 0, err
	}
	res, err := db.sql.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1`, db.now().UTC().Add(-policy.IdleTimeout()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
