package stride

import (
	"slices"
	"time"
)

// ScheduleRow is one item of a project's approval path on the back-schedule and the
// timeline: the latest it may be filed to be done in time, the earliest it can be done
// from where things stand, the slack between, and what really happened.
type ScheduleRow struct {
	ItemID       int64          `json:"item_id"`
	Code         string         `json:"code"`
	Name         string         `json:"name"`
	Stage        ApprovalStage  `json:"stage"`
	Status       ApprovalStatus `json:"status"`
	DependsOn    []int64        `json:"depends_on"`
	Duration     int            `json:"duration"`    // the statutory limit, working days
	LatestFile   Date           `json:"latest_file"` // planned: file by this day …
	LatestDone   Date           `json:"latest_done"` // … to be done by this one
	EarliestFile Date           `json:"earliest_file"`
	EarliestDone Date           `json:"earliest_done"`
	Slack        *int           `json:"slack"` // working days from EarliestDone to LatestDone; negative: late
	Critical     bool           `json:"critical"`
	Short        bool           `json:"short"` // the time left is shorter than the statutory limit still to run
	ActualFile   Date           `json:"actual_file"`
	ActualDone   Date           `json:"actual_done"`
}

// Schedule is a project's approval path scheduled back from its target dates.
type Schedule struct {
	StartTarget   Date          `json:"start_target"` // the items before construction must be done by then
	EndTarget     Date          `json:"end_target"`   // the acceptance items by then
	EarliestStart Date          `json:"earliest_start"`
	Rows          []ScheduleRow `json:"rows"`
	CriticalPath  []int64       `json:"critical_path"`
	Warnings      int           `json:"warnings"` // rows that are short of time
}

// ScheduleApprovals schedules a path (DESIGN.md §4): backwards from startTarget for the
// items before construction and from endTarget for the acceptance items, every item taking
// its statutory limit and following the items it depends on; forwards from today and from
// what has happened. The critical path is the chain of least slack. loc is the zone the
// items' times are read in. Items whose target is zero get no latest dates.
func ScheduleApprovals(items []*ApprovalItem, startTarget, endTarget, today Date, loc *time.Location, cal Workdays) (*Schedule, error) {
	s := &Schedule{StartTarget: startTarget, EndTarget: endTarget, Rows: []ScheduleRow{}, CriticalPath: []int64{}}
	order := topoOrder(items)
	byID := map[int64]*ScheduleRow{}
	dependents := map[int64][]int64{}
	rows := make([]ScheduleRow, len(order))
	for i, it := range order {
		r := &rows[i]
		*r = ScheduleRow{ItemID: it.ID, Code: it.Code, Name: it.Name, Stage: it.Stage, Status: it.Status,
			DependsOn: []int64{}, Duration: it.StatutoryDays}
		for _, d := range it.DependsOn {
			if slices.ContainsFunc(items, func(x *ApprovalItem) bool { return x.ID == d }) {
				r.DependsOn = append(r.DependsOn, d)
				dependents[d] = append(dependents[d], it.ID)
			}
		}
		if it.ReceivedAt != nil {
			r.ActualFile = DateOf(it.ReceivedAt.In(loc))
		}
		if it.Status.Done() && it.DoneAt != nil {
			r.ActualDone = DateOf(it.DoneAt.In(loc))
		}
		byID[it.ID] = r
	}

	// Forward: the earliest each item can be done from today.
	remaining := map[int64]int{}
	for i, it := range order {
		r := &rows[i]
		rem := it.StatutoryDays
		if it.Timer.Started() {
			statutory := it.Timer
			statutory.Limit = it.StatutoryDays
			used, err := statutory.Used(cal, today)
			if err != nil {
				return nil, err
			}
			rem = max(it.StatutoryDays-used, 0)
		}
		remaining[it.ID] = rem
		switch {
		case it.Status.Done():
			r.EarliestFile, r.EarliestDone = r.ActualFile, r.ActualDone
			continue
		case !r.ActualFile.IsZero():
			r.EarliestFile = r.ActualFile
			d, err := cal.AddWorkdays(today, rem)
			if err != nil {
				return nil, err
			}
			r.EarliestDone = d
			continue
		}
		start := today
		for _, d := range r.DependsOn {
			if dd := byID[d].EarliestDone; dd.After(start) {
				start = dd
			}
		}
		done, err := cal.AddWorkdays(start, rem)
		if err != nil {
			return nil, err
		}
		r.EarliestFile, r.EarliestDone = start, done
	}

	// Backward: the latest each item may be done so that what follows it is in time.
	for i := len(order) - 1; i >= 0; i-- {
		it, r := order[i], &rows[i]
		latest := startTarget
		if it.Stage == ApprovalAcceptance {
			latest = endTarget
		}
		for _, d := range dependents[it.ID] {
			if lf := byID[d].LatestFile; !lf.IsZero() && (latest.IsZero() || lf.Before(latest)) {
				latest = lf
			}
		}
		if latest.IsZero() {
			continue
		}
		file, err := cal.AddWorkdays(latest, -it.StatutoryDays)
		if err != nil {
			return nil, err
		}
		r.LatestDone, r.LatestFile = latest, file
	}

	// Slack, shortness and the critical path.
	least := 0
	found := false
	for i, it := range order {
		r := &rows[i]
		if it.Status.Done() || r.LatestDone.IsZero() {
			continue
		}
		slack, err := cal.WorkdaysBetween(r.EarliestDone, r.LatestDone)
		if err != nil {
			return nil, err
		}
		r.Slack = &slack
		left, err := cal.WorkdaysBetween(today, r.LatestDone)
		if err != nil {
			return nil, err
		}
		r.Short = left < remaining[it.ID]
		if r.Short {
			s.Warnings++
		}
		if !found || slack < least {
			least, found = slack, true
		}
	}
	for i := range rows {
		r := &rows[i]
		if r.Slack != nil && *r.Slack == least {
			r.Critical = true
			s.CriticalPath = append(s.CriticalPath, r.ItemID)
		}
		if r.Stage != ApprovalAcceptance && !r.EarliestDone.IsZero() && r.EarliestDone.After(s.EarliestStart) {
			s.EarliestStart = r.EarliestDone
		}
	}
	s.Rows = rows
	return s, nil
}

// topoOrder orders items so that every item comes after those it depends on, keeping the
// stage and sequence order otherwise. Items in a loop (which the store refuses) keep
// their place at the end.
func topoOrder(items []*ApprovalItem) []*ApprovalItem {
	sorted := slices.Clone(items)
	stageIndex := func(s ApprovalStage) int { return slices.Index(ApprovalStages, s) }
	slices.SortStableFunc(sorted, func(a, b *ApprovalItem) int {
		if d := stageIndex(a.Stage) - stageIndex(b.Stage); d != 0 {
			return d
		}
		if d := a.Seq - b.Seq; d != 0 {
			return d
		}
		return int(a.ID - b.ID)
	})
	in := map[int64]bool{}
	for _, it := range sorted {
		in[it.ID] = true
	}
	placed := map[int64]bool{}
	var out []*ApprovalItem
	for len(out) < len(sorted) {
		progress := false
		for _, it := range sorted {
			if placed[it.ID] {
				continue
			}
			ready := true
			for _, d := range it.DependsOn {
				if in[d] && !placed[d] {
					ready = false
					break
				}
			}
			if ready {
				placed[it.ID] = true
				out = append(out, it)
				progress = true
				break
			}
		}
		if !progress {
			for _, it := range sorted {
				if !placed[it.ID] {
					placed[it.ID] = true
					out = append(out, it)
				}
			}
		}
	}
	return out
}
