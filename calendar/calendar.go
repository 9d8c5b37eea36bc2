// Package calendar counts working days on the mainland calendar: weekends off, statutory
// holidays off, and 调休 make-up workdays on. It is pure: the State Council's notices for
// the years it knows are embedded, later years and overrides are passed in by the caller.
//
// Every clock in Stride counts through it. A calculation that reaches a year whose notice
// has not been entered fails with *UnconfirmedError instead of guessing.
package calendar

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"time"

	"github.com/stride-hq/stride"
)

// Date is the civil date the calendar counts in.
type Date = stride.Date

// ParseDate parses 2006-01-02.
func ParseDate(s string) (Date, error) {
	d, err := stride.ParseDate(s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: %q is not a date like 2025-01-24", s)
	}
	return d, nil
}

// Kind says why a day is or is not a working day.
type Kind string

const (
	Workday Kind = "workday" // Monday–Friday, no holiday
	Weekend Kind = "weekend" // Saturday or Sunday, no make-up
	Holiday Kind = "holiday" // a statutory holiday (off)
	Makeup  Kind = "makeup"  // a weekend day worked in exchange (调休上班)
)

// Working reports whether a day of this kind is worked.
func (k Kind) Working() bool { return k == Workday || k == Makeup }

// Entry is one day that differs from the plain weekday rule.
type Entry struct {
	Date Date
	Off  bool   // true: a day off (holiday); false: a make-up workday
	Name string // 春节, 国庆节调休 …
}

// UnconfirmedError says a calculation reached a year whose holiday notice is not known.
type UnconfirmedError struct{ Year int }

func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("calendar: the holiday arrangements of %d are not confirmed yet; an administrator must enter them first", e.Year)
}

// Calendar answers working-day questions for its confirmed years.
type Calendar struct {
	entries   map[Date]Entry
	confirmed map[int]bool
	// Cutoff is the end of office hours, as minutes after midnight: a request at or after
	// it counts from the next working day. Default 17:30.
	Cutoff int
}

//go:embed holidays.csv
var builtinCSV []byte

// Builtin returns the calendar of the years whose notices ship with Stride (2024–2026).
func Builtin() *Calendar {
	entries, err := ParseCSV(builtinCSV)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return New(entries, nil)
}

// New returns a calendar of the entries. A year is confirmed when an entry falls in it or
// it is listed in extraYears (a year with no differences at all, which never happens on
// the mainland but keeps the rule honest).
func New(entries []Entry, extraYears []int) *Calendar {
	c := &Calendar{entries: map[Date]Entry{}, confirmed: map[int]bool{}, Cutoff: 17*60 + 30}
	for _, e := range entries {
		c.entries[e.Date] = e
		c.confirmed[e.Date.Year] = true
	}
	for _, y := range extraYears {
		c.confirmed[y] = true
	}
	return c
}

// With returns a copy of c with more entries (later years, or overrides of known days).
func (c *Calendar) With(entries ...Entry) *Calendar {
	out := &Calendar{entries: map[Date]Entry{}, confirmed: map[int]bool{}, Cutoff: c.Cutoff}
	for d, e := range c.entries {
		out.entries[d] = e
	}
	for y := range c.confirmed {
		out.confirmed[y] = true
	}
	for _, e := range entries {
		out.entries[e.Date] = e
		out.confirmed[e.Date.Year] = true
	}
	return out
}

// Years lists the confirmed years in order.
func (c *Calendar) Years() []int {
	var ys []int
	for y := range c.confirmed {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Entries lists the entries of a year in date order.
func (c *Calendar) Entries(year int) []Entry {
	var out []Entry
	for d, e := range c.entries {
		if d.Year == year {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.Date.Time().Compare(b.Date.Time()) })
	return out
}

// KindOf classifies a day, or fails for an unconfirmed year.
func (c *Calendar) KindOf(d Date) (Kind, error) {
	if !c.confirmed[d.Year] {
		return "", &UnconfirmedError{Year: d.Year}
	}
	if e, ok := c.entries[d]; ok {
		if e.Off {
			return Holiday, nil
		}
		return Makeup, nil
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return Weekend, nil
	}
	return Workday, nil
}

// IsWorkday reports whether d is worked.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	k, err := c.KindOf(d)
	return k.Working(), err
}

// AddWorkdays returns the n-th working day after d (before d when n is negative); d itself
// is never counted. n = 0 returns d. So 2025-01-24 + 3 = 2025-02-05: 1-26 and 1-27 are worked
// (the Sunday a make-up day), 1-28 … 2-4 are the Spring Festival, 2-5 is the third.
func (c *Calendar) AddWorkdays(d Date, n int) (Date, error) {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// WorkdaysBetween counts the working days after from up to and including to; negative when
// to is before from.
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDays(1); !to.Before(d); d = d.AddDays(1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return sign * n, nil
}

// ReceivedOn is the working day a request made at t counts as received: the same day when
// t is on a working day before the office-hours cutoff, otherwise the next working day.
// t is read in its own location, which should be the zone's.
func (c *Calendar) ReceivedOn(t time.Time) (Date, error) {
	d := stride.DateOf(t)
	ok, err := c.IsWorkday(d)
	if err != nil {
		return Date{}, err
	}
	if ok && t.Hour()*60+t.Minute() < c.Cutoff {
		return d, nil
	}
	return c.AddWorkdays(d, 1)
}

// DueOn is the last day of a limit of n working days for a request made at t: n working
// days after the day it counts as received.
func (c *Calendar) DueOn(t time.Time, n int) (Date, error) {
	start, err := c.ReceivedOn(t)
	if err != nil {
		return Date{}, err
	}
	return c.AddWorkdays(start, n)
}

// ParseCSV reads entries in the shape of holidays.csv: a header, then date,kind,name with
// kind "off" or "work".
func ParseCSV(b []byte) ([]Entry, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 3
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	var out []Entry
	for i, row := range rows {
		if i == 0 && row[0] == "date" {
			continue
		}
		d, err := ParseDate(row[0])
		if err != nil {
			return nil, fmt.Errorf("calendar: line %d: %w", i+1, err)
		}
		var off bool
		switch row[1] {
		case "off":
			off = true
		case "work":
		default:
			return nil, fmt.Errorf("calendar: line %d: kind %q is neither off nor work", i+1, row[1])
		}
		out = append(out, Entry{Date: d, Off: off, Name: row[2]})
	}
	return out, nil
}

// FormatMinutes renders minutes after midnight as 17:30.
func FormatMinutes(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// ParseMinutes reads 17:30 as minutes after midnight.
func ParseMinutes(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("calendar: %q is not a time like 17:30", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}
