package stride

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Date is a civil date in the zone, without a time: a planned start, a report month's
// end, a holiday. On the wire and in the database it is "2006-01-02"; the zero Date is
// empty ("" and NULL).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewDate returns the date, normalizing overflow (Feb 30 becomes Mar 2).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// ParseDate parses 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EInvalid, "validate.date")
	}
	return DateOf(t), nil
}

// MustDate parses a literal date and panics when it is malformed; for tests and tables.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("MustDate(%q)", s))
	}
	return d
}

// IsZero reports whether d is the empty date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight of d in UTC, for arithmetic.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats d as 2006-01-02, or "" when empty.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// AddDays returns the date n calendar days later.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns the same day n months later, clamped to the end of a shorter month:
// January 31 plus one month is February 28 (29 in a leap year), not March 3.
func (d Date) AddMonths(n int) Date {
	first := NewDate(d.Year, d.Month+time.Month(n), 1)
	return NewDate(first.Year, first.Month, min(d.Day, first.MonthEnd().Day))
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Time().After(e.Time()) }

// DaysUntil is the number of calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// MonthIndex numbers months continuously (year*12 + month-1), for month arithmetic.
func (d Date) MonthIndex() int { return d.Year*12 + int(d.Month) - 1 }

// MonthEnd is the last day of d's month.
func (d Date) MonthEnd() Date { return NewDate(d.Year, d.Month+1, 0) }

// MarshalJSON writes "2006-01-02", or null when empty.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// dateTypeError lets encoding/json name the field of a malformed date.
func dateTypeError() error {
	return &json.UnmarshalTypeError{Value: "date", Type: reflect.TypeFor[Date]()}
}

// UnmarshalJSON reads "2006-01-02"; null and "" are the empty date.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' {
		return dateTypeError()
	}
	v, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return dateTypeError()
	}
	*d = v
	return nil
}

// Value stores the date as text, NULL when empty.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text (SQLite) or as a date (PostgreSQL).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("date: %q: %w", s, err)
	}
	*d = DateOf(t)
	return nil
}
