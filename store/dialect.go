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

// offIndex returns col for a condition that must not choose the index: when a project
// filter is the selective condition, SQLite would otherwise scan a whole year through
// the (year, month) index, and the unary plus keeps it off; PostgreSQL needs the plain
// column to check the year inside the (project_id, year, month) key without reading
// the rows of other years.
func (db *DB) offIndex(col string) string {
	if db.dialect == Postgres {
		return col
	}
	return "+" + col
}

// AfterBulkLoad brings the planner's statistics up to date after a bulk load (stride
// gen): on PostgreSQL it vacuums (the roll-up rebuild leaves dead row versions behind)
// and analyzes. SQLite is left as it is: it has no statistics until ANALYZE is run, and
// the queries are written for that.
func (db *DB) AfterBulkLoad(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := db.sql.ExecContext(ctx, `VACUUM ANALYZE`)
	return err
}
