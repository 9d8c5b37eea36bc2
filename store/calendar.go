package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

const keyApprovals = "approvals"

// builtinCalendar is parsed once; With copies it, so it is never changed.
var builtinCalendar = sync.OnceValue(calendar.Builtin)

// ApprovalSettings returns the clocks' thresholds.
func (db *DB) ApprovalSettings(ctx context.Context) (stride.ApprovalSettings, error) {
	return db.approvalSettings(ctx, db.sql)
}

func (db *DB) approvalSettings(ctx context.Context, q queryer) (stride.ApprovalSettings, error) {
	s := stride.DefaultApprovalSettings()
	v, err := db.readSetting(ctx, q, keyApprovals, &s)
	s.Version = v
	return s, err
}

// UpdateApprovalSettings stores s (conflict when s.Version is stale) and recomputes every
// project's lights, whose approval dimension reads the near-due margin.
func (db *DB) UpdateApprovalSettings(ctx context.Context, a *stride.Actor, s stride.ApprovalSettings) (stride.ApprovalSettings, error) {
	before, err := db.ApprovalSettings(ctx)
	if err != nil {
		return s, err
	}
	if before.Version != s.Version {
		return s, stride.StaleVersion()
	}
	if err := db.writeSetting(ctx, a, keyApprovals, s.Version, before, s); err != nil {
		return s, err
	}
	if _, err := db.RecomputeLights(ctx); err != nil {
		return s, err
	}
	return db.ApprovalSettings(ctx)
}

// calErr turns a calculation that reached a year whose holiday notice is not entered into
// the message users see; other errors pass through.
func calErr(err error) error {
	var ue *calendar.UnconfirmedError
	if errors.As(err, &ue) {
		return &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "calendar.unconfirmed", Args: []any{ue.Year}}, Err: err}
	}
	return err
}

// Calendar returns the working-day calendar in force: the built-in notices with the
// entries administrators stored over them, and the office-hours cutoff of the settings.
func (db *DB) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return db.calendarOf(ctx, db.sql)
}

func (db *DB) calendarOf(ctx context.Context, q queryer) (*calendar.Calendar, error) {
	s, err := db.approvalSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	return db.calendarWith(ctx, q, s)
}

// calendarWith is the calendar in force with the cutoff of settings already read.
func (db *DB) calendarWith(ctx context.Context, q queryer, s stride.ApprovalSettings) (*calendar.Calendar, error) {
	stored, err := db.storedEntries(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	entries := make([]calendar.Entry, len(stored))
	for i, e := range stored {
		entries[i] = calendar.Entry{Date: e.Date, Off: e.Off, Name: e.Name}
	}
	cal := builtinCalendar().With(entries...)
	cal.Cutoff = s.CutoffMinutes()
	return cal, nil
}

// storedEntries lists the stored entries of a year (all years when 0) in date order.
func (db *DB) storedEntries(ctx context.Context, q queryer, year int) ([]stride.CalendarEntry, error) {
	qq := &query{}
	qq.raw(`SELECT id, day, is_off, name, created_by, created_at FROM calendar_entries`)
	if year != 0 {
		qq.add(` WHERE day >= %s AND day <= %s`, qq.arg(stride.NewDate(year, 1, 1)), qq.arg(stride.NewDate(year, 12, 31)))
	}
	qq.raw(` ORDER BY day`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.CalendarEntry{}
	for rows.Next() {
		var e stride.CalendarEntry
		var at time.Time
		if err := rows.Scan(&e.ID, &e.Date, &e.Off, &e.Name, &e.By, &at); err != nil {
			return nil, err
		}
		at = at.UTC()
		e.CreatedAt = &at
		out = append(out, e)
	}
	return out, rows.Err()
}

// CalendarYears lists the confirmed years: those built in and those with stored entries.
func (db *DB) CalendarYears(ctx context.Context) ([]stride.CalendarYear, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := db.storedEntries(ctx, db.sql, 0)
	if err != nil {
		return nil, err
	}
	builtin := builtinCalendar().Years()
	out := []stride.CalendarYear{}
	for _, y := range cal.Years() {
		cy := stride.CalendarYear{Year: y, Builtin: slices.Contains(builtin, y)}
		for _, e := range stored {
			if e.Date.Year == y {
				cy.Stored++
			}
		}
		for _, e := range cal.Entries(y) {
			if e.Off {
				cy.Holidays++
			} else {
				cy.Makeups++
			}
		}
		out = append(out, cy)
	}
	return out, nil
}

// CalendarEntries lists the entries in force in a year, built-in and stored, in date
// order; a stored entry over a built-in day is marked as overriding it.
func (db *DB) CalendarEntries(ctx context.Context, year int) ([]stride.CalendarEntry, error) {
	stored, err := db.storedEntries(ctx, db.sql, year)
	if err != nil {
		return nil, err
	}
	byDate := map[stride.Date]stride.CalendarEntry{}
	for _, e := range builtinCalendar().Entries(year) {
		byDate[e.Date] = stride.CalendarEntry{Date: e.Date, Off: e.Off, Name: e.Name, Builtin: true}
	}
	for _, e := range stored {
		_, e.Overrides = byDate[e.Date]
		byDate[e.Date] = e
	}
	out := make([]stride.CalendarEntry, 0, len(byDate))
	for _, e := range byDate {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b stride.CalendarEntry) int { return a.Date.Time().Compare(b.Date.Time()) })
	return out, nil
}

// AddCalendarEntry stores one day; conflict when the day already has a stored entry.
func (db *DB) AddCalendarEntry(ctx context.Context, a *stride.Actor, in stride.CalendarEntryInput) (*stride.CalendarEntry, error) {
	var out *stride.CalendarEntry
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO calendar_entries (day, is_off, name, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, in.Date, in.Off, in.Name, a.Name, db.now().UTC()).Scan(&id); err != nil {
			return duplicate(err, "date")
		}
		out = &stride.CalendarEntry{ID: id, Date: in.Date, Off: in.Off, Name: in.Name, By: a.Name}
		if err := db.afterCalendarChange(ctx, tx); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "calendar.add", "calendar_entry", id, nil, out)
	})
	return out, err
}

// DeleteCalendarEntry removes a stored entry (a built-in day it overrode comes back).
func (db *DB) DeleteCalendarEntry(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var e stride.CalendarEntry
		err := tx.QueryRowContext(ctx, `SELECT id, day, is_off, name FROM calendar_entries WHERE id = $1`, id).Scan(&e.ID, &e.Date, &e.Off, &e.Name)
		if err != nil {
			return notFoundOr(err, "calendar_entry")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_entries WHERE id = $1`, id); err != nil {
			return err
		}
		if err := db.afterCalendarChange(ctx, tx); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "calendar.delete", "calendar_entry", id, e, nil)
	})
}

// ReplaceCalendarYear replaces the stored entries of a year with a whole notice.
func (db *DB) ReplaceCalendarYear(ctx context.Context, a *stride.Actor, year int, in stride.CalendarYearInput) ([]stride.CalendarEntry, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.storedEntries(ctx, tx, year)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_entries WHERE day >= $1 AND day <= $2`,
			stride.NewDate(year, 1, 1), stride.NewDate(year, 12, 31)); err != nil {
			return err
		}
		now := db.now().UTC()
		rows := make([][]any, len(in.Entries))
		for i, e := range in.Entries {
			rows[i] = []any{e.Date, e.Off, e.Name, a.Name, now}
		}
		if err := insertRows(ctx, tx, "calendar_entries", []string{"day", "is_off", "name", "created_by", "created_at"}, rows, ""); err != nil {
			return duplicate(err, "entries")
		}
		if err := db.afterCalendarChange(ctx, tx); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, a, "calendar.replace_year", "calendar_year", itoa(int64(year)), before, in.Entries, stride.OutcomeSuccess)
	})
	if err != nil {
		return nil, err
	}
	return db.CalendarEntries(ctx, year)
}

// afterCalendarChange moves the due dates kept for filters onto the new calendar. A clock
// that now reaches an unconfirmed year keeps its old due date until the year is entered.
func (db *DB) afterCalendarChange(ctx context.Context, tx *sql.Tx) error {
	cal, err := db.calendarOf(ctx, tx)
	if err != nil {
		return err
	}
	if err := db.refreshItemDues(ctx, tx, cal); err != nil {
		return err
	}
	return db.refreshBlockageDues(ctx, tx, cal)
}
