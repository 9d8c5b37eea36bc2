package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

const unitColumns = `u.id, u.parent_id, u.name, u.kind, u.code, u.contact, u.phone, u.sort, u.path, u.version, u.created_at, u.updated_at`

func scanUnit(row interface{ Scan(...any) error }) (*stride.Unit, error) {
	var u stride.Unit
	var parent sql.NullInt64
	if err := row.Scan(&u.ID, &parent, &u.Name, &u.Kind, &u.Code, &u.Contact, &u.Phone, &u.Sort, &u.Path,
		&u.Version, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	if parent.Valid {
		u.ParentID = &parent.Int64
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// ListUnits returns the units matching f in tree order: depth first, siblings by sort. The
// organisation tree is not business data: who may read it is decided by permission.
func (db *DB) ListUnits(ctx context.Context, f stride.UnitFilter) (stride.List[*stride.Unit], error) {
	q := &query{}
	q.raw(`SELECT ` + unitColumns + ` FROM units u WHERE TRUE`)
	if f.Name != "" {
		q.add(` AND lower(u.name) LIKE %s ESCAPE '\'`, q.arg(likePattern(f.Name)))
	}
	if f.Kind != "" {
		q.add(` AND u.kind = %s`, q.arg(string(f.Kind)))
	}
	q.add(` ORDER BY u.sort, u.id`)
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return stride.List[*stride.Unit]{}, err
	}
	defer rows.Close()
	out := stride.List[*stride.Unit]{Items: []*stride.Unit{}}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, u)
	}
	out.Items = treeOrder(out.Items)
	out.Total = len(out.Items)
	return out, rows.Err()
}

// treeOrder puts units depth first, each after its parent and siblings by sort; a unit
// whose parent is not in the list starts a tree of its own.
func treeOrder(units []*stride.Unit) []*stride.Unit {
	present := map[int64]bool{}
	for _, u := range units {
		present[u.ID] = true
	}
	children := map[int64][]*stride.Unit{}
	var roots []*stride.Unit
	for _, u := range units { // already in sort, id order
		if u.ParentID != nil && present[*u.ParentID] {
			children[*u.ParentID] = append(children[*u.ParentID], u)
		} else {
			roots = append(roots, u)
		}
	}
	out := make([]*stride.Unit, 0, len(units))
	var walk func(us []*stride.Unit)
	walk = func(us []*stride.Unit) {
		for _, u := range us {
			out = append(out, u)
			walk(children[u.ID])
		}
	}
	walk(roots)
	return out
}

// GetUnit returns a unit, or not_found.
func (db *DB) GetUnit(ctx context.Context, id int64) (*stride.Unit, error) {
	return db.getUnit(ctx, db.sql, id)
}

func (db *DB) getUnit(ctx context.Context, q queryer, id int64) (*stride.Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units u WHERE u.id = $1`, id))
	return u, notFoundOr(err, "unit")
}

// CreateUnit adds a unit under its parent. Only the first unit may be a root.
func (db *DB) CreateUnit(ctx context.Context, a *stride.Actor, in stride.UnitInput) (*stride.Unit, error) {
	var out *stride.Unit
	err := db.tx(ctx, func(tx *sql.Tx) error {
		parentPath := "/"
		if in.ParentID != nil {
			parent, err := db.getUnit(ctx, tx, *in.ParentID)
			if err != nil {
				return parentMissing(err)
			}
			parentPath = parent.Path
		} else {
			var roots int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE parent_id IS NULL`).Scan(&roots); err != nil {
				return err
			}
			if roots > 0 {
				return fieldError("parent_id", "unit.root_exists")
			}
		}
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, kind, code, contact, phone, sort, path, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', 1, $8, $8) RETURNING id`,
			in.ParentID, in.Name, string(in.Kind), in.Code, in.Contact, in.Phone, in.Sort, now).Scan(&id)
		if err != nil {
			return translate(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET path = $1 WHERE id = $2`, parentPath+strconv.FormatInt(id, 10)+"/", id); err != nil {
			return err
		}
		if out, err = db.getUnit(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "unit.create", "unit", id, nil, out)
	})
	return out, err
}

// UpdateUnit changes a unit; moving it re-roots its whole subtree. Returns conflict when
// in.Version is stale.
func (db *DB) UpdateUnit(ctx context.Context, a *stride.Actor, id int64, in stride.UnitInput) (*stride.Unit, error) {
	var out *stride.Unit
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "units", id, in.Version); err != nil {
			return err
		}
		newPath := before.Path
		switch {
		case in.ParentID == nil && before.ParentID != nil:
			return fieldError("parent_id", "unit.root_exists")
		case in.ParentID != nil:
			parent, err := db.getUnit(ctx, tx, *in.ParentID)
			if err != nil {
				return parentMissing(err)
			}
			if strings.HasPrefix(parent.Path, before.Path) {
				return fieldError("parent_id", "unit.cycle")
			}
			newPath = parent.Path + strconv.FormatInt(id, 10) + "/"
		}
		_, err = tx.ExecContext(ctx, `UPDATE units SET parent_id = $1, name = $2, kind = $3, code = $4, contact = $5, phone = $6,
			sort = $7, version = version + 1, updated_at = $8 WHERE id = $9`,
			in.ParentID, in.Name, string(in.Kind), in.Code, in.Contact, in.Phone, in.Sort, db.now().UTC(), id)
		if err != nil {
			return translate(err)
		}
		if newPath != before.Path {
			if _, err := tx.ExecContext(ctx, `UPDATE units SET path = $1 || substr(path, $2) WHERE path LIKE $3`,
				newPath, len(before.Path)+1, before.Path+"%"); err != nil {
				return err
			}
		}
		if out, err = db.getUnit(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "unit.update", "unit", id, before, out)
	})
	return out, err
}

// DeleteUnit removes a unit that has no sub-units, users or projects; otherwise conflict
// says which.
func (db *DB) DeleteUnit(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, c := range []struct{ sql, key string }{
			{`SELECT COUNT(*) FROM units WHERE parent_id = $1`, "unit.has_children"},
			{`SELECT COUNT(*) FROM users WHERE unit_id = $1`, "unit.has_users"},
			{`SELECT COUNT(*) FROM projects WHERE owner_unit_id = $1 OR lead_unit_id = $1`, "unit.has_projects"},
		} {
			var n int
			if err := tx.QueryRowContext(ctx, c.sql, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return stride.Errorf(stride.EConflict, c.key, n)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM role_units WHERE unit_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM units WHERE id = $1`, id); err != nil {
			return translate(err)
		}
		return db.audit(ctx, tx, a, "unit.delete", "unit", id, before, nil)
	})
}

// parentMissing reports a missing parent unit as a field error.
func parentMissing(err error) error {
	if stride.IsCode(err, stride.ENotFound) {
		return fieldError("parent_id", "validate.not_exist", stride.Msg{Key: "object.parent"})
	}
	return err
}

// fieldError is an invalid error on one field.
func fieldError(field, key string, args ...any) error {
	f := stride.Fields{}
	f.Add(field, key, args...)
	return f.Err()
}

// SeedUnits adds many units under one parent in multi-row statements, for bulk loads, and
// returns their ids in input order. Like Seed, it trusts its input and writes one audit
// entry for the batch.
func (db *DB) SeedUnits(ctx context.Context, a *stride.Actor, parentID int64, in []stride.UnitInput) ([]int64, error) {
	ids := make([]int64, len(in))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		parent, err := db.getUnit(ctx, tx, parentID)
		if err != nil {
			return err
		}
		var next int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM units`).Scan(&next); err != nil {
			return err
		}
		now := db.now().UTC()
		rows := make([][]any, len(in))
		for i, u := range in {
			next++
			ids[i] = next
			rows[i] = []any{next, parentID, u.Name, string(u.Kind), u.Code, u.Contact, u.Phone, u.Sort,
				parent.Path + strconv.FormatInt(next, 10) + "/", 1, now, now}
		}
		if err := insertRows(ctx, tx, "units", []string{"id", "parent_id", "name", "kind", "code", "contact", "phone", "sort",
			"path", "version", "created_at", "updated_at"}, rows, ""); err != nil {
			return err
		}
		if err := db.syncIdentity(ctx, tx, "units"); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, a, "unit.seed", "unit", strconv.FormatInt(parentID, 10), nil, map[string]int{"units": len(in)}, stride.OutcomeSuccess)
	})
	return ids, err
}
