package stride

import "time"

// Workdays is the working-day calendar the clocks count through (*calendar.Calendar). Its
// methods fail for a year whose holiday notice is not entered.
type Workdays interface {
	AddWorkdays(d Date, n int) (Date, error)
	WorkdaysBetween(from, to Date) (int, error)
	ReceivedOn(t time.Time) (Date, error)
}

// Clock is a limit in working days that can stop and start again: an approval item's
// promised time (stopped while the applicant supplements its materials, 补正), a
// blockage's response and resolution times (stopped while the raiser confirms). It is a
// value: events return a new clock.
//
// The clock counts from Start, the working day a request counts as received (day 0); a
// day is used once it has passed, so on the n-th working day after Start n days are used,
// and a clock with limit n is due that day and overdue on the next working day. A pause
// from day p to the day the materials count as back, r, gives back the working days after
// p up to and including r: the day the pause began was used, the day of the return is the
// new day 0.
type Clock struct {
	Limit       int  `json:"limit"`
	Start       Date `json:"start"`        // zero: not started
	PausedDays  int  `json:"paused_days"`  // working days of finished pauses
	PausedSince Date `json:"paused_since"` // zero while running
	Stopped     Date `json:"stopped"`      // zero while open
}

// Begin starts the clock afresh for a request at t (in the zone's time).
func (c Clock) Begin(cal Workdays, t time.Time) (Clock, error) {
	start, err := cal.ReceivedOn(t)
	if err != nil {
		return c, err
	}
	return Clock{Limit: c.Limit, Start: start}, nil
}

// Pause stops a running clock at t.
func (c Clock) Pause(t time.Time) Clock {
	if c.Running() {
		c.PausedSince = DateOf(t)
	}
	return c
}

// Resume starts a paused clock again for materials back at t.
func (c Clock) Resume(cal Workdays, t time.Time) (Clock, error) {
	if c.PausedSince.IsZero() || !c.Stopped.IsZero() {
		return c, nil
	}
	back, err := cal.ReceivedOn(t)
	if err != nil {
		return c, err
	}
	n, err := cal.WorkdaysBetween(c.PausedSince, back)
	if err != nil {
		return c, err
	}
	c.PausedDays += max(n, 0)
	c.PausedSince = Date{}
	return c, nil
}

// Stop ends the clock at t for good. A clock stopped while paused keeps the days it had
// when the pause began.
func (c Clock) Stop(t time.Time) Clock {
	if !c.Start.IsZero() && c.Stopped.IsZero() {
		c.Stopped = DateOf(t)
	}
	return c
}

// Started reports whether the clock has been begun.
func (c Clock) Started() bool { return !c.Start.IsZero() }

// Running reports whether the clock is counting now.
func (c Clock) Running() bool { return c.Started() && c.PausedSince.IsZero() && c.Stopped.IsZero() }

// Used is the number of working days used on today.
func (c Clock) Used(cal Workdays, today Date) (int, error) {
	if !c.Started() {
		return 0, nil
	}
	end := today
	if !c.PausedSince.IsZero() && c.PausedSince.Before(end) {
		end = c.PausedSince
	}
	if !c.Stopped.IsZero() && c.Stopped.Before(end) {
		end = c.Stopped
	}
	if end.Before(c.Start) {
		return 0, nil
	}
	n, err := cal.WorkdaysBetween(c.Start, end)
	if err != nil {
		return 0, err
	}
	return max(n-c.PausedDays, 0), nil
}

// Due is the last working day of the limit while the clock runs; zero when it is paused,
// stopped or not started.
func (c Clock) Due(cal Workdays) (Date, error) {
	if !c.Running() {
		return Date{}, nil
	}
	return cal.AddWorkdays(c.Start, c.Limit+c.PausedDays)
}

// ClockState says where a clock stands against its limit.
type ClockState string

const (
	ClockNone    ClockState = ""        // not started
	ClockRunning ClockState = "running" // counting, more than the near-due margin left
	ClockNear    ClockState = "near"    // counting, at most the near-due margin left (临期)
	ClockOverdue ClockState = "overdue" // counting past the limit (超期)
	ClockPaused  ClockState = "paused"  // stopped for now (补正, awaiting confirmation)
	ClockOnTime  ClockState = "on_time" // stopped for good within the limit
	ClockLate    ClockState = "late"    // stopped for good past the limit
	ClockUnknown ClockState = "unknown" // the calendar of a year it reaches is not entered
)

// ClockView is a clock as lists and details show it.
type ClockView struct {
	State     ClockState `json:"state"`
	Limit     int        `json:"limit"`
	Used      int        `json:"used"`
	Remaining int        `json:"remaining"` // limit − used; negative when over
	Due       Date       `json:"due"`       // while running
	Start     Date       `json:"start"`
	Stopped   Date       `json:"stopped"`
	Paused    bool       `json:"paused"`
}

// View evaluates the clock on today; near is the near-due margin in working days. A
// paused clock is never near or overdue: the applicant holds the ball. A calendar that
// lacks a year gives ClockUnknown rather than an error, so one missing notice never
// breaks a list.
func (c Clock) View(cal Workdays, today Date, near int) ClockView {
	v := ClockView{Limit: c.Limit, Start: c.Start, Stopped: c.Stopped, Paused: !c.PausedSince.IsZero() && c.Stopped.IsZero()}
	if !c.Started() {
		v.Remaining = c.Limit
		return v
	}
	used, err := c.Used(cal, today)
	if err != nil {
		v.State = ClockUnknown
		return v
	}
	v.Used, v.Remaining = used, c.Limit-used
	if c.Running() {
		if v.Due, err = c.Due(cal); err != nil {
			v.State = ClockUnknown
			return v
		}
	}
	switch {
	case !c.Stopped.IsZero() && used > c.Limit:
		v.State = ClockLate
	case !c.Stopped.IsZero():
		v.State = ClockOnTime
	case v.Paused:
		v.State = ClockPaused
	case used > c.Limit:
		v.State = ClockOverdue
	case v.Remaining <= near:
		v.State = ClockNear
	default:
		v.State = ClockRunning
	}
	return v
}
