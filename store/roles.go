package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/stride-hq/stride"
)

const roleColumns = `r.id, r.code, r.name, r.description, r.builtin, r.admin, r.data_scope, r.version, r.created_at, r.updated_at,
	(SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id)`

func (db *DB) scanRoles(ctx context.Context, q queryer, where string, args ...any) ([]*stride.Role, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+roleColumns+` FROM roles r `+where+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	roles := []*stride.Role{}
	byID := map[int64]*stride.Role{}
	for rows.Next() {
		var r stride.Role
		if err := rows.Scan(&r.ID, &r.Code, &r.Name, &r.Description, &r.Builtin, &r.Admin, &r.DataScope,
			&r.Version, &r.CreatedAt, &r.UpdatedAt, &r.UserCount); err != nil {
			return nil, err
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		r.Permissions, r.UnitIDs = []string{}, []int64{}
		roles = append(roles, &r)
		byID[r.ID] = &r
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(roles) == 0 {
		return roles, nil
	}
	perms, err := q.QueryContext(ctx, `SELECT role_id, permission FROM role_permissions ORDER BY role_id, permission`)
	if err != nil {
		return nil, err
	}
	defer perms.Close()
	for perms.Next() {
		var id int64
		var p string
		if err := perms.Scan(&id, &p); err != nil {
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Permissions = append(r.Permissions, p)
		}
	}
	if err := perms.Err(); err != nil {
		return nil, err
	}
	units, err := q.QueryContext(ctx, `SELECT role_id, unit_id FROM role_units ORDER BY role_id, unit_id`)
	if err != nil {
		return nil, err
	}
	defer units.Close()
	for units.Next() {
		var id, unit int64
		if err := units.Scan(&id, &unit); err != nil {
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.UnitIDs = append(r.UnitIDs, unit)
		}
	}
	for _, r := range roles {
		slices.SortFunc(r.Permissions, func(a, b string) int {
			return slices.Index(stride.Permissions, a) - slices.Index(stride.Permissions, b)
		})
	}
	return roles, units.Err()
}

// ListRoles returns every role with its permissions, units and holder count.
func (db *DB) ListRoles(ctx context.Context) (stride.List[*stride.Role], error) {
	roles, err := db.scanRoles(ctx, db.sql, "")
	return stride.List[*stride.Role]{Items: roles, Total: len(roles)}, err
}

// GetRole returns a role, or not_found.
func (db *DB) GetRole(ctx context.Context, id int64) (*stride.Role, error) {
	return db.getRole(ctx, db.sql, id)
}

func (db *DB) getRole(ctx context.Context, q queryer, id int64) (*stride.Role, error) {
	roles, err := db.scanRoles(ctx, q, "WHERE r.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, stride.NotFound("role")
	}
	return roles[0], nil
}

// CreateRole adds a custom business role.
func (db *DB) CreateRole(ctx context.Context, a *stride.Actor, in stride.RoleInput) (*stride.Role, error) {
	var out *stride.Role
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO roles (code, name, description, builtin, admin, data_scope, version, created_at, updated_at)
			VALUES ($1, $2, $3, FALSE, '', $4, 1, $5, $5) RETURNING id`,
			in.Code, in.Name, in.Description, int(in.DataScope), now).Scan(&id)
		if err != nil {
			return duplicate(err, "code")
		}
		if err := db.setRoleGrants(ctx, tx, id, in.Permissions, in.UnitIDs); err != nil {
			return err
		}
		if out, err = db.getRole(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "role.create", "role", id, nil, out)
	})
	return out, err
}

// UpdateRole changes a role's name, description, permissions and scope; built-in roles
// keep their code. The three administrator roles cannot be changed.
func (db *DB) UpdateRole(ctx context.Context, a *stride.Actor, id int64, in stride.RoleInput) (*stride.Role, error) {
	var out *stride.Role
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getRole(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Admin != stride.AdminNone {
			return stride.Errorf(stride.EForbidden, "role.admin_locked")
		}
		if err := claim(ctx, tx, "roles", id, in.Version); err != nil {
			return err
		}
		code := in.Code
		if before.Builtin {
			code = before.Code
		}
		_, err = tx.ExecContext(ctx, `UPDATE roles SET code = $1, name = $2, description = $3, data_scope = $4,
			version = version + 1, updated_at = $5 WHERE id = $6`,
			code, in.Name, in.Description, int(in.DataScope), db.now().UTC(), id)
		if err != nil {
			return duplicate(err, "code")
		}
		if err := db.setRoleGrants(ctx, tx, id, in.Permissions, in.UnitIDs); err != nil {
			return err
		}
		if out, err = db.getRole(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "role.update", "role", id, before, out)
	})
	return out, err
}

func (db *DB) setRoleGrants(ctx context.Context, tx *sql.Tx, id int64, perms []string, units []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM role_permissions WHERE role_id = $1`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM role_units WHERE role_id = $1`, id); err != nil {
		return err
	}
	for _, p := range dedupe(perms) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)`, id, p); err != nil {
			return err
		}
	}
	for _, u := range dedupe(units) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE id = $1`, u).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError("unit_ids", "validate.not_exist", stride.Msg{Key: "object.unit"})
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO role_units (role_id, unit_id) VALUES ($1, $2)`, id, u); err != nil {
			return err
		}
	}
	return nil
}

// DeleteRole removes a custom role nobody holds.
func (db *DB) DeleteRole(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getRole(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case before.Admin != stride.AdminNone:
			return stride.Errorf(stride.EForbidden, "role.admin_locked")
		case before.Builtin:
			return stride.Errorf(stride.EConflict, "role.builtin_delete")
		case before.UserCount > 0:
			return stride.Errorf(stride.EConflict, "role.in_use", before.UserCount)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM roles WHERE id = $1`, id); err != nil {
			return translate(err)
		}
		return db.audit(ctx, tx, a, "role.delete", "role", id, before, nil)
	})
}

// EnsureBuiltinRoles creates the built-in roles that are missing, and resets the three
// administrator roles to their fixed permissions. Edits to business roles are kept.
func (db *DB) EnsureBuiltinRoles(ctx context.Context) error {
	a := stride.SystemActor("system")
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, br := range stride.BuiltinRoles {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM roles WHERE code = $1`, br.Code).Scan(&id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				now := db.now().UTC()
				err = tx.QueryRowContext(ctx, `INSERT INTO roles (code, name, description, builtin, admin, data_scope, version, created_at, updated_at)
					VALUES ($1, $2, $3, TRUE, $4, $5, 1, $6, $6) RETURNING id`,
					br.Code, br.Name.In(stride.LangZH), br.Remark.In(stride.LangZH), string(br.Admin), int(br.Scope), now).Scan(&id)
				if err != nil {
					return err
				}
				if err := db.setRoleGrants(ctx, tx, id, br.Perms, nil); err != nil {
					return err
				}
				if err := recordDefaultsOffered(ctx, tx, br.Code, br.Perms); err != nil {
					return err
				}
				created, err := db.getRole(ctx, tx, id)
				if err != nil {
					return err
				}
				if err := db.audit(ctx, tx, a, "role.create", "role", id, nil, created); err != nil {
					return err
				}
			case err != nil:
				return err
			case br.Admin != stride.AdminNone:
				if err := db.setRoleGrants(ctx, tx, id, br.Perms, nil); err != nil {
					return err
				}
			default:
				if err := db.grantNewDefaults(ctx, tx, a, id, br); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// grantNewDefaults grants a business role the default permissions it has never been
// offered, and records them as offered, so a permission added to the defaults by a later
// release reaches existing zones while an administrator's revocation stays. A role with no
// record yet predates the record: its current defaults are recorded without granting.
func (db *DB) grantNewDefaults(ctx context.Context, tx *sql.Tx, a *stride.Actor, id int64, br stride.BuiltinRole) error {
	rows, err := tx.QueryContext(ctx, `SELECT permission FROM builtin_role_defaults WHERE role_code = $1`, br.Code)
	if err != nil {
		return err
	}
	offered := map[string]bool{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		offered[p] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(offered) == 0 {
		return recordDefaultsOffered(ctx, tx, br.Code, br.Perms)
	}
	var fresh []string
	for _, p := range dedupe(br.Perms) {
		if !offered[p] {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	before, err := db.getRole(ctx, tx, id)
	if err != nil {
		return err
	}
	for _, p := range fresh {
		if _, err := tx.ExecContext(ctx, `INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, p); err != nil {
			return err
		}
	}
	if err := recordDefaultsOffered(ctx, tx, br.Code, fresh); err != nil {
		return err
	}
	after, err := db.getRole(ctx, tx, id)
	if err != nil {
		return err
	}
	return db.audit(ctx, tx, a, "role.update", "role", id, before, after)
}

func recordDefaultsOffered(ctx context.Context, tx *sql.Tx, code string, perms []string) error {
	for _, p := range dedupe(perms) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO builtin_role_defaults (role_code, permission) VALUES ($1, $2) ON CONFLICT DO NOTHING`, code, p); err != nil {
			return err
		}
	}
	return nil
}

func dedupe[T comparable](in []T) []T {
	seen := map[T]bool{}
	out := in[:0:0]
	for _, v := range in {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
