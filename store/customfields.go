package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/stride-hq/stride"
)

// ListCustomFields returns the custom project field definitions in display order.
func (db *DB) ListCustomFields(ctx context.Context) ([]stride.CustomField, error) {
	return db.listCustomFields(ctx, db.sql, "")
}

func (db *DB) listCustomFields(ctx context.Context, q queryer, where string, args ...any) ([]stride.CustomField, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, key, label, type, options, required, filterable, list_column, sort, version,
		created_at, updated_at FROM custom_fields `+where+` ORDER BY sort, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.CustomField{}
	for rows.Next() {
		var f stride.CustomField
		var opts string
		if err := rows.Scan(&f.ID, &f.Key, &f.Label, &f.Type, &opts, &f.Required, &f.Filterable, &f.ListColumn, &f.Sort,
			&f.Version, &f.CreatedAt, &f.UpdatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(opts), &f.Options); err != nil {
			return nil, err
		}
		f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

func (db *DB) getCustomField(ctx context.Context, q queryer, id int64) (*stride.CustomField, error) {
	fs, err := db.listCustomFields(ctx, q, "WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, stride.NotFound("custom_field")
	}
	return &fs[0], nil
}

// CreateCustomField defines a field; the key is unique.
func (db *DB) CreateCustomField(ctx context.Context, a *stride.Actor, in stride.CustomFieldInput) (*stride.CustomField, error) {
	var out *stride.CustomField
	err := db.tx(ctx, func(tx *sql.Tx) error {
		opts, _ := json.Marshal(in.Options)
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO custom_fields (key, label, type, options, required, filterable, list_column, sort,
			version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id`,
			in.Key, in.Label, string(in.Type), string(opts), in.Required, in.Filterable, in.ListColumn, in.Sort, now).Scan(&id)
		if err != nil {
			return duplicate(err, "key")
		}
		if out, err = db.getCustomField(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "custom_field.create", "custom_field", id, nil, out)
	})
	return out, err
}

// UpdateCustomField changes a definition. Its key and type are fixed once defined, so
// stored values keep their meaning.
func (db *DB) UpdateCustomField(ctx context.Context, a *stride.Actor, id int64, in stride.CustomFieldInput) (*stride.CustomField, error) {
	var out *stride.CustomField
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getCustomField(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "custom_fields", id, in.Version); err != nil {
			return err
		}
		if in.Key != before.Key || in.Type != before.Type {
			return fieldError("type", "custom_field.fixed")
		}
		opts, _ := json.Marshal(in.Options)
		if _, err := tx.ExecContext(ctx, `UPDATE custom_fields SET label = $1, options = $2, required = $3, filterable = $4,
			list_column = $5, sort = $6, version = version + 1, updated_at = $7 WHERE id = $8`,
			in.Label, string(opts), in.Required, in.Filterable, in.ListColumn, in.Sort, db.now().UTC(), id); err != nil {
			return err
		}
		if out, err = db.getCustomField(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "custom_field.update", "custom_field", id, before, out)
	})
	return out, err
}

// DeleteCustomField removes a definition; values stored under its key stay in the projects'
// history but are no longer shown or checked.
func (db *DB) DeleteCustomField(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getCustomField(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM custom_fields WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "custom_field.delete", "custom_field", id, before, nil)
	})
}
