package stride

import (
	"slices"
	"time"
)

// CalendarEntry is a day that differs from the weekday rule: a statutory holiday (off) or
// a make-up workday (调休上班). Built-in entries come from the State Council's notices that
// ship with Stride; stored ones are added by administrators for later years, or override
// a built-in day.
type CalendarEntry struct {
	ID        int64      `json:"id"` // 0 for a built-in entry
	Date      Date       `json:"date"`
	Off       bool       `json:"off"`
	Name      string     `json:"name"`
	Builtin   bool       `json:"builtin"`
	Overrides bool       `json:"overrides"` // a stored entry replacing a built-in one
	By        string     `json:"by"`
	CreatedAt *time.Time `json:"created_at"`
}

// CalendarYear summarises one confirmed year of the calendar.
type CalendarYear struct {
	Year     int  `json:"year"`
	Builtin  bool `json:"builtin"` // its notice ships with Stride
	Stored   int  `json:"stored"`  // entries administrators added
	Holidays int  `json:"holidays"`
	Makeups  int  `json:"makeups"`
}

// CalendarEntryInput adds or overrides one day.
type CalendarEntryInput struct {
	Date Date   `json:"date"`
	Off  bool   `json:"off"`
	Name string `json:"name"`
}

// Validate checks the entry; year, when not 0, is the year it must fall in.
func (in *CalendarEntryInput) Validate(year int) error {
	f := Fields{}
	if in.Date.IsZero() {
		f.Add("date", "validate.required")
	} else if year != 0 && in.Date.Year != year {
		f.Add("date", "calendar.entry_year", year)
	} else if in.Date.Year < 2000 || in.Date.Year > 2100 {
		f.Add("date", "validate.range", 2000, 2100)
	}
	f.Text("name", &in.Name, true, 20)
	return f.Err()
}

// CalendarYearInput replaces the stored entries of a year: a whole notice at once.
type CalendarYearInput struct {
	Entries []CalendarEntryInput `json:"entries"`
}

// Validate checks every entry lies in year, once each, and that there is at least one.
func (in *CalendarYearInput) Validate(year int) error {
	f := Fields{}
	if len(in.Entries) == 0 {
		f.Add("entries", "validate.required")
	}
	if len(in.Entries) > 120 {
		f.Add("entries", "validate.too_many", 120)
	}
	var seen []Date
	for i := range in.Entries {
		if err := in.Entries[i].Validate(year); err != nil {
			f.Add("entries", "calendar.entry_invalid", i+1)
			continue
		}
		if slices.Contains(seen, in.Entries[i].Date) {
			f.Add("entries", "calendar.entry_duplicate", in.Entries[i].Date.String())
		}
		seen = append(seen, in.Entries[i].Date)
	}
	return f.Err()
}
