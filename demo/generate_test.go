package demo_test

import (
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
)

// With EveryMonth every project reports every month that has come due in every generated
// year, with no investment before it starts; a year before its start has no plan.
func TestGenerateEveryMonth(t *testing.T) {
	today := stride.NewDate(2026, 11, 29)
	period := stride.DefaultLightSettings().DuePeriod(today.Year, today)
	o := demo.Options{Projects: 500, Years: 3, Seed: 4, Today: today, OwnerUnits: []int64{1}, LeadUnits: []int64{2}, EveryMonth: true}
	missing := 0
	for _, p := range demo.Generate(o) {
		startActual := actualStart(p.Milestones)
		planned := map[int]bool{}
		for _, pl := range p.Plans {
			planned[pl.Year] = true
		}
		seen := map[[2]int]bool{}
		for _, r := range p.Reports {
			seen[[2]int{r.Year, r.Month}] = true
			started := !startActual.IsZero() && (r.Year > startActual.Year || r.Year == startActual.Year && r.Month >= int(startActual.Month))
			if !started && r.Investment != 0 {
				t.Fatalf("%s reports %s万元 in %d-%02d before it started", p.Input.Name, r.Investment.Wan(), r.Year, r.Month)
			}
			if started && !planned[r.Year] {
				t.Fatalf("%s reports investment in %d without a plan", p.Input.Name, r.Year)
			}
		}
		for y := today.Year - 2; y <= today.Year; y++ {
			last := 12
			if y == today.Year {
				last = period
			}
			for m := 1; m <= last; m++ {
				if !seen[[2]int{y, m}] {
					if y < today.Year || m < last-1 {
						t.Fatalf("%s has no report for %d-%02d", p.Input.Name, y, m)
					}
					missing++
				}
			}
		}
	}
	if missing == 0 || missing > 500/5 {
		t.Errorf("%d of 500 projects miss a recent report; want a few", missing)
	}
}

// actualStart is the actual date of a project's start node.
func actualStart(ms []store.SeedMilestone) stride.Date {
	for _, m := range ms {
		if m.Kind == stride.NodeStart {
			return m.Actual
		}
	}
	return stride.Date{}
}
