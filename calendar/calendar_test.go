package calendar_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stride-hq/stride/calendar"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Every day of the fixture is classified as it says, and the embedded copy is the fixture.
func TestEveryFixtureDay(t *testing.T) {
	raw, err := os.ReadFile("../../shared/fixtures/calendar/holidays.csv")
	if err != nil {
		t.Skip("shared fixtures not present")
	}
	entries, err := calendar.ParseCSV(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 100 {
		t.Fatalf("only %d entries", len(entries))
	}
	c := calendar.Builtin()
	for _, e := range entries {
		k, err := c.KindOf(e.Date)
		want := calendar.Makeup
		if e.Off {
			want = calendar.Holiday
		}
		if err != nil || k != want {
			t.Errorf("%s (%s): %s %v, want %s", e.Date, e.Name, k, err, want)
		}
	}
	embedded, _ := os.ReadFile("holidays.csv")
	if string(embedded) != string(raw) {
		t.Error("calendar/holidays.csv differs from the shared fixture")
	}
}

func TestAddWorkdays(t *testing.T) {
	c := calendar.Builtin()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-24", 3, "2025-02-05"}, // the fixture README's worked example
		{"2025-01-24", 1, "2025-01-26"}, // a Sunday worked in exchange
		{"2025-01-26", 1, "2025-01-27"},
		{"2025-01-27", 1, "2025-02-05"}, // across the whole Spring Festival
		{"2025-02-05", -1, "2025-01-27"},
		{"2025-02-05", -3, "2025-01-24"},
		{"2025-09-26", 1, "2025-09-28"}, // National Day make-up Sunday
		{"2025-09-30", 1, "2025-10-09"}, // across National Day and Mid-Autumn
		{"2025-09-30", 2, "2025-10-10"},
		{"2025-09-30", 3, "2025-10-11"}, // a make-up Saturday
		{"2025-09-30", 4, "2025-10-13"},
		{"2024-12-31", 1, "2025-01-02"}, // across the year boundary and 元旦
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-14", 1, "2026-02-24"},
		{"2025-03-31", 0, "2025-03-31"},
		{"2025-03-28", 1, "2025-03-31"}, // a plain weekend
	} {
		got, err := c.AddWorkdays(date(t, tc.from), tc.n)
		if err != nil || got.String() != tc.want {
			t.Errorf("%s %+d = %s %v, want %s", tc.from, tc.n, got, err, tc.want)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := calendar.Builtin()
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2025-01-24", "2025-02-05", 3},
		{"2025-02-05", "2025-01-24", -3},
		{"2025-09-30", "2025-10-08", 0},
		{"2025-03-31", "2025-03-31", 0},
		{"2025-01-01", "2025-12-31", 248}, // 261 weekdays − 18 on holiday + 5 make-up days; 1-01 is off
	} {
		got, err := c.WorkdaysBetween(date(t, tc.from), date(t, tc.to))
		if err != nil || got != tc.want {
			t.Errorf("%s → %s = %d %v, want %d", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestOfficeHours(t *testing.T) {
	c := calendar.Builtin()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	for _, tc := range []struct {
		at   string
		want string
		due3 string
	}{
		{"2025-01-24 17:29", "2025-01-24", "2025-02-05"},
		{"2025-01-24 17:30", "2025-01-26", "2025-02-06"}, // at the cutoff: next working day
		{"2025-01-24 21:00", "2025-01-26", "2025-02-06"},
		{"2025-01-25 10:00", "2025-01-26", "2025-02-06"}, // a Saturday off
		{"2025-10-01 09:00", "2025-10-09", "2025-10-13"},
	} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", tc.at, sh)
		got, err := c.ReceivedOn(at)
		if err != nil || got.String() != tc.want {
			t.Errorf("received %s = %s %v, want %s", tc.at, got, err, tc.want)
		}
		due, err := c.DueOn(at, 3)
		if err != nil || due.String() != tc.due3 {
			t.Errorf("due %s +3 = %s %v, want %s", tc.at, due, err, tc.due3)
		}
	}
}

func TestUnconfirmedYear(t *testing.T) {
	c := calendar.Builtin()
	_, err := c.AddWorkdays(date(t, "2026-12-28"), 10)
	var ue *calendar.UnconfirmedError
	if !errors.As(err, &ue) || ue.Year != 2027 {
		t.Fatalf("reaching 2027: %v", err)
	}
	if _, err := c.IsWorkday(date(t, "2023-06-01")); !errors.As(err, &ue) || ue.Year != 2023 {
		t.Fatalf("2023: %v", err)
	}
	// Once an administrator enters 2027, the same calculation works.
	c2 := c.With(calendar.Entry{Date: date(t, "2027-01-01"), Off: true, Name: "元旦"})
	got, err := c2.AddWorkdays(date(t, "2026-12-31"), 1)
	if err != nil || got.String() != "2027-01-04" {
		t.Fatalf("with 2027: %s %v", got, err)
	}
	if _, err := c.IsWorkday(date(t, "2027-01-04")); err == nil {
		t.Fatal("With changed the original calendar")
	}
}

func TestParseCSVErrors(t *testing.T) {
	for _, bad := range []string{"date,kind,name\n2025-13-01,off,x\n", "date,kind,name\n2025-01-01,maybe,x\n", "date,kind\n2025-01-01,off\n"} {
		if _, err := calendar.ParseCSV([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("date,kind,name\n2025-01-01,off,元旦\n"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := calendar.ParseCSV(b)
		if err == nil {
			calendar.New(entries, nil)
		}
	})
}
