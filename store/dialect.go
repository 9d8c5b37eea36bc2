package store

import "context"

// jsonText returns the SQL that reads the text at key (a placeholder holding a plain key)
// of a JSON object stored in a text column: the one place the engines' JSON syntax
// differs.
func (db *DB) jsonText(col, keyArg string) string {
	if db.dialect == Postgres {
		return "(" + col + "::jsonb ->> " + keyArg + ")"
	}
	return "json_extract(" + col + ", '$.' || " + keyArg + ")"
}

// unindexed returns col so that SQLite's planner will not use an index for an equality
// on it (a unary +, which does not change the value), leaving an index in the ORDER BY's
// order as the way to read. PostgreSQL gets col as it is: its planner weighs a LIMIT
// against a sort itself, and + is not defined on text there.
func (db *DB) unindexed(col string) string {
	if db.dialect == SQLite {
		return "+" + col
	}
	return col
}

// syncIdentity moves a table's id sequence past rows inserted with explicit ids (bulk
// loads); SQLite's INTEGER PRIMARY KEY needs nothing.
func (db *DB) syncIdentity(ctx context.Context, tx queryer, table string) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT COALESCE(MAX(id), 1) FROM `+table+`))`)
	return err
}
