package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stride-hq/stride"
	sqlite "modernc.org/sqlite"
)

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// query builds SQL text and its positional arguments together, so a placeholder can
// never drift from its value.
type query struct {
	sql  strings.Builder
	args []any
}

// arg appends v to the arguments and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// add appends SQL text; format verbs take placeholders from q.arg.
func (q *query) add(format string, a ...any) *query {
	fmt.Fprintf(&q.sql, format, a...)
	return q
}

// raw appends SQL text as it is.
func (q *query) raw(s string) *query {
	q.sql.WriteString(s)
	return q
}

func (q *query) String() string { return q.sql.String() }

// tx runs fn in a transaction, committing when it returns nil.
func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", translate(err))
	}
	return nil
}

// insertRows inserts rows into table in multi-row statements, a few hundred rows at a time
// (within both engines' limits on placeholders). suffix follows each statement's VALUES,
// for an ON CONFLICT clause.
func insertRows(ctx context.Context, tx queryer, table string, cols []string, rows [][]any, suffix string) error {
	const maxParams = 180 // SQLite looks $N placeholders up by name in a list: keep statements short
	per := max(1, maxParams/len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		q := &query{}
		q.raw(`INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `)
		for i, row := range rows[:n] {
			if i > 0 {
				q.raw(", ")
			}
			ph := make([]string, len(row))
			for j, v := range row {
				ph[j] = q.arg(v)
			}
			q.raw("(" + strings.Join(ph, ", ") + ")")
		}
		q.raw(" " + suffix)
		if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// writeRows inserts rows as insertRows does, but on SQLite it runs one prepared
// single-row statement per row: SQLite parses a multi-row statement anew each time and
// binds each $N placeholder by looking its name up in a list, so a statement of a few
// hundred placeholders costs more per row than the round trip it saves, and an
// in-process database has no round trip. PostgreSQL keeps the multi-row statements,
// where a round trip per row would dominate.
func (db *DB) writeRows(ctx context.Context, tx queryer, table string, cols []string, rows [][]any, suffix string) error {
	if db.dialect != SQLite || len(rows) < 2 {
		return insertRows(ctx, tx, table, cols, rows, suffix)
	}
	ph := make([]string, len(cols))
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES (`+strings.Join(ph, ", ")+`) `+suffix)
	if err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	defer stmt.Close()
	for _, row := range rows {
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// idList returns the placeholders of ids, for an IN list.
func idList(q *query, ids []int64) string {
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = q.arg(id)
	}
	return strings.Join(ph, ", ")
}

// claim locks a versioned row for the rest of the transaction if it still has version,
// and returns conflict otherwise. The no-op UPDATE takes the row lock on PostgreSQL, where a
// concurrent writer holding the same version then waits and, when it resumes, finds the
// version moved on: so of several writers with one version exactly one wins. (SQLite
// serializes write transactions, so the check alone would do there.)
func claim(ctx context.Context, tx queryer, table string, id int64, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET version = version WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stride.StaleVersion()
	}
	return nil
}

// audit appends an entry for a successful write, inside the write's transaction. before
// and after are the object as the API shows it (nil when absent).
func (db *DB) audit(ctx context.Context, tx queryer, a *stride.Actor, action, objectType string, objectID int64, before, after any) error {
	return db.appendAudit(ctx, tx, a, action, objectType, strconv.FormatInt(objectID, 10), before, after, stride.OutcomeSuccess)
}

func (db *DB) appendAudit(ctx context.Context, tx queryer, a *stride.Actor, action, objectType, objectID string, before, after any, outcome string) error {
	enc := func(v any) (*string, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		s := string(b)
		return &s, nil
	}
	b, err := enc(before)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	af, err := enc(after)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	var userID *int64
	if a.UserID != 0 {
		userID = &a.UserID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, user_id, username, unit_name, ip, action, object_type, object_id, before_json, after_json, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		db.now().UTC(), userID, a.Username, a.UnitName, a.IP, action, objectType, objectID, b, af, outcome)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// RecordDenied appends an audit entry for a write the actor was not allowed to make.
func (db *DB) RecordDenied(ctx context.Context, a *stride.Actor, action, objectType, objectID string) error {
	return db.appendAudit(ctx, db.sql, a, action, objectType, objectID, nil, nil, stride.OutcomeDenied)
}

// translate turns constraint violations into stride errors; other errors pass through.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return &stride.Error{Code: stride.EConflict, Msg: stride.Msg{Key: "validate.duplicate"}, Err: err}
		case "23503":
			return &stride.Error{Code: stride.EConflict, Msg: stride.Msg{Key: "error.in_use"}, Err: err}
		}
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return &stride.Error{Code: stride.EConflict, Msg: stride.Msg{Key: "validate.duplicate"}, Err: err}
		case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
			return &stride.Error{Code: stride.EConflict, Msg: stride.Msg{Key: "error.in_use"}, Err: err}
		}
	}
	return err
}

// duplicate returns a conflict naming field, for a unique violation on it.
func duplicate(err error, field string) error {
	err = translate(err)
	if stride.IsCode(err, stride.EConflict) {
		var se *stride.Error
		errors.As(err, &se)
		if se.Msg.Key == "validate.duplicate" {
			return &stride.Error{Code: stride.EConflict, Msg: stride.Msg{Key: "error.invalid_fields"},
				Fields: stride.Fields{field: {Key: "validate.duplicate"}}, Err: err}
		}
	}
	return err
}

// notFoundOr maps sql.ErrNoRows to a not_found error of kind.
func notFoundOr(err error, kind string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return stride.NotFound(kind)
	}
	return err
}

// nullTime converts a scanned nullable time.
func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// likePattern escapes s for a LIKE '%s%' match with ESCAPE '\'.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}

// orderBy returns the ORDER BY clause for a page's sort key, chosen from the allowed
// columns (key → SQL), falling back to def. The id column breaks ties so pages are stable.
func orderBy(p stride.Page, allowed map[string]string, def, id string) string {
	key, desc := p.SortKey()
	col, ok := allowed[key]
	if !ok {
		return " ORDER BY " + def
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return " ORDER BY " + col + dir + ", " + id + dir
}

// sortedKeys returns the keys of m in order, so generated SQL is stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// countList sets total to the matches the count query finds, or to page.KnownTotal when an
// earlier page of the same listing counted them already.
func (db *DB) countList(ctx context.Context, page stride.Page, total *int, count string, args ...any) error {
	if page.KnownTotal > 0 {
		*total = page.KnownTotal
		return nil
	}
	return db.sql.QueryRowContext(ctx, count, args...).Scan(total)
}
