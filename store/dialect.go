package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

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

// rowStream is a query's rows read as they come: *sql.Rows, or a PostgreSQL cursor.
type rowStream interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// streamRows runs q, a read of many rows in an order an index gives, for reading them one
// by one as they come. SQLite steps through the plan it has either way. PostgreSQL plans
// a plain statement for its last row, which for a whole year's ledger in id order is a
// hash join of everything, in parallel, sorted at the end (on disk past work_mem) before
// the first row comes; through a cursor (named name, in a read-only transaction of its
// own until Close) it plans for the first rows, never in parallel: the indexes merged in
// their order, streamed while they are read, at about half the work.
func (db *DB) streamRows(ctx context.Context, name string, q *query) (rowStream, error) {
	if db.dialect != Postgres {
		return db.sql.QueryContext(ctx, q.String(), q.args...)
	}
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DECLARE "+name+" NO SCROLL CURSOR FOR "+q.String(), q.args...); err != nil {
		tx.Rollback()
		return nil, err
	}
	return &pgCursor{ctx: ctx, tx: tx, fetch: fmt.Sprintf("FETCH %d FROM %s", cursorBatch, name)}, nil
}

// cursorBatch is how many rows a FETCH brings.
const cursorBatch = 1000

// pgCursor reads a cursor a batch at a time.
type pgCursor struct {
	ctx   context.Context
	tx    *sql.Tx
	fetch string
	batch *sql.Rows // the current batch
	n     int       // its rows read so far
	done  bool      // the last batch is read
	err   error
}

func (c *pgCursor) Next() bool {
	for c.err == nil && !c.done {
		if c.batch != nil {
			if c.batch.Next() {
				c.n++
				return true
			}
			c.err = c.batch.Err()
			c.batch.Close()
			c.batch = nil
			c.done = c.n < cursorBatch
			continue
		}
		// The simple protocol, whose result describes its columns each time: pgx would
		// prepare the FETCH once per connection and read every later result with the
		// columns described then, wrong for a cursor of the same name over other columns.
		c.batch, c.err = c.tx.QueryContext(c.ctx, c.fetch, pgx.QueryExecModeSimpleProtocol)
		c.n = 0
	}
	return false
}

func (c *pgCursor) Scan(dest ...any) error { return c.batch.Scan(dest...) }

func (c *pgCursor) Err() error { return c.err }

// Close ends the cursor with its transaction.
func (c *pgCursor) Close() error {
	if c.batch != nil {
		c.batch.Close()
		c.batch = nil
	}
	if c.tx == nil {
		return nil
	}
	err := c.tx.Rollback()
	c.tx = nil
	return err
}
