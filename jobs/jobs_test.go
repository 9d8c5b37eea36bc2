package jobs_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/jobs"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

func TestJobsRunOnceAcrossProcesses(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			// 2025-04-01 00:30 in Shanghai: nothing daily is due yet.
			c := storetest.NewClock(time.Date(2025, 4, 1, 0, 30, 0, 0, shanghai))
			dsn := e.DSN(t)
			db := storetest.Open(t, dsn, c.Now)
			db.SetZone(shanghai)
			ctx := context.Background()
			if err := demo.Seed(ctx, db, stride.DateOf(c.Now().In(shanghai))); err != nil {
				t.Fatal(err)
			}
			// Two processes on one database.
			db2 := storetest.Open(t, dsn, c.Now)
			db2.SetZone(shanghai)
			var mu sync.Mutex
			runs := map[string]int{}
			runner := func(db *store.DB) *jobs.Runner {
				r := jobs.New(db, slog.New(slog.DiscardHandler), c.Now, shanghai)
				r.OnDone = func(name, key string, err error) {
					if err != nil {
						t.Errorf("%s %s: %v", name, key, err)
					}
					mu.Lock()
					runs[name+" "+key]++
					mu.Unlock()
				}
				return r
			}
			a, b := runner(db), runner(db2)
			regA, regB := prometheus.NewRegistry(), prometheus.NewRegistry()
			a.Instrument(regA)
			b.Instrument(regB)
			tick := func() {
				var wg sync.WaitGroup
				for _, r := range []*jobs.Runner{a, b} {
					wg.Add(1)
					go func() { defer wg.Done(); r.Tick(ctx) }()
				}
				wg.Wait()
			}
			tick()
			if runs["lights.daily 2025-04-01"] != 0 || runs["lights.snapshot 2025-03"] != 0 {
				t.Fatalf("ran before time: %v", runs)
			}
			c.Add(time.Hour + 5*time.Minute) // 01:35
			tick()
			tick()
			c.Add(7 * time.Hour) // 08:35
			tick()
			for _, k := range []string{"lights.daily 2025-04-01", "lights.snapshot 2025-03", "reports.missing 2025-04-01"} {
				if runs[k] != 1 {
					t.Errorf("%s ran %d times, want once: %v", k, runs[k], runs)
				}
			}
			var snaps, todos int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM light_snapshots WHERE month = '2025-03'`).Scan(&snaps)
			db.SQL().QueryRow(`SELECT COUNT(*) FROM messages WHERE kind = 'todo'`).Scan(&todos)
			var projects int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM projects`).Scan(&projects)
			if snaps != projects || todos == 0 {
				t.Fatalf("snapshots %d of %d projects, to-dos %d", snaps, projects, todos)
			}
			// The next day flags nothing twice: each project-month's to-do is posted once.
			c.Add(24 * time.Hour)
			tick()
			var todos2 int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM messages WHERE kind = 'todo'`).Scan(&todos2)
			if todos2 != todos {
				t.Fatalf("to-dos went from %d to %d", todos, todos2)
			}
			// Each process counts its own ticks; a run is counted where it ran.
			for _, reg := range []*prometheus.Registry{regA, regB} {
				if n := counted(t, reg, "stride_job_ticks_total", ""); n != 5 {
					t.Errorf("ticks counted %v, want 5", n)
				}
			}
			daily := counted(t, regA, "stride_job_runs_total", "lights.daily", "ok") + counted(t, regB, "stride_job_runs_total", "lights.daily", "ok")
			if daily != 2 { // 2025-04-01 and 2025-04-02, once each across the two processes
				t.Errorf("lights.daily counted %v runs, want 2", daily)
			}
		})
	}
}

// counted sums the values of the counter name in reg whose label values start with
// labels ("" for none).
func counted(t *testing.T, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metrics:
		for _, m := range f.GetMetric() {
			for i, l := range m.GetLabel() {
				if i < len(labels) && labels[i] != "" && l.GetValue() != labels[i] {
					continue metrics
				}
			}
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}
