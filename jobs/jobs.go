// Package jobs runs Stride's scheduled work: each job names when it is due by a run key
// (a day, a month, a five-minute window), and a run is claimed in the database before it
// starts, so several processes on one database never both do it.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Job is one kind of scheduled work.
type Job struct {
	Name string
	// Key returns the run key due at local time t, or "" when nothing is due yet. A key
	// runs once, whichever process claims it first.
	Key func(t time.Time) string
	Run func(ctx context.Context, key string) error
}

// Runner checks the jobs on a ticker.
type Runner struct {
	DB     *store.DB
	Log    *slog.Logger
	Now    func() time.Time
	Zone   *time.Location
	Jobs   []Job
	OnDone func(name, key string, err error) // for tests; may be nil

	metrics *runnerMetrics // nil until Instrument
}

// runnerMetrics are what a runner tells Prometheus: runs per job and outcome, their
// durations, and ticks completed. A process whose stride_job_ticks_total is at least 1
// has run every job that was due when it started (a load run waits for that).
type runnerMetrics struct {
	runs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
	ticks    prometheus.Counter
}

// Instrument registers the runner's metrics with reg. Call it before Start.
func (r *Runner) Instrument(reg prometheus.Registerer) {
	m := &runnerMetrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stride_job_runs_total", Help: "Scheduled job runs by job and outcome (ok or error).",
		}, []string{"job", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stride_job_duration_seconds", Help: "Scheduled job run time by job.",
			Buckets: []float64{.01, .1, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"job"}),
		ticks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stride_job_ticks_total", Help: "Checks of the job schedule completed, every due job run.",
		}),
	}
	reg.MustRegister(m.runs, m.duration, m.ticks)
	r.metrics = m
}

// New returns a runner with Stride's jobs: the daily recomputation of every light, the
// monthly snapshot of lights, the daily to-dos for missing monthly reports, the sweep
// of idle sessions, and the weekly bulletin's draft.
func New(db *store.DB, log *slog.Logger, now func() time.Time, zone *time.Location) *Runner {
	r := &Runner{DB: db, Log: log, Now: now, Zone: zone}
	r.Jobs = []Job{
		{Name: "lights.daily", Key: dailyAt(1, 0), Run: func(ctx context.Context, _ string) error {
			n, err := db.RecomputeLights(ctx)
			log.Info("lights recomputed", "projects", n)
			return err
		}},
		{Name: "lights.snapshot", Key: func(t time.Time) string {
			// On the first of a month (from 01:30), keep the month before.
			if t.Day() != 1 || t.Hour()*60+t.Minute() < 90 {
				return ""
			}
			return t.AddDate(0, 0, -1).Format("2006-01")
		}, Run: func(ctx context.Context, month string) error {
			n, err := db.SnapshotLights(ctx, month)
			log.Info("lights snapshot", "month", month, "projects", n)
			return err
		}},
		{Name: "reports.missing", Key: dailyAt(8, 30), Run: func(ctx context.Context, day string) error {
			d, err := stride.ParseDate(day)
			if err != nil {
				return err
			}
			n, err := db.FlagMissingReports(ctx, d)
			log.Info("missing reports flagged", "projects", n)
			return err
		}},
		{Name: "sessions.sweep", Key: func(t time.Time) string {
			return t.Truncate(5 * time.Minute).Format("2006-01-02T15:04")
		}, Run: func(ctx context.Context, _ string) error {
			_, err := db.DeleteExpiredSessions(ctx)
			return err
		}},
		// The four first-times due today or overdue, on the handling units' to-do lists.
		{Name: "land.firsttimes", Key: dailyAt(8, 40), Run: func(ctx context.Context, _ string) error {
			n, err := db.FlagLandSteps(ctx)
			log.Info("land first-times flagged", "files", n)
			return err
		}},
		// Approval items near due or overdue, on the handling units' (and agents') lists.
		{Name: "approvals.clocks", Key: dailyAt(8, 45), Run: func(ctx context.Context, _ string) error {
			n, err := db.FlagApprovalClocks(ctx)
			log.Info("approval clocks flagged", "items", n)
			return err
		}},
		// Overdue blockages rise 责任单位 → 指挥部 → 分管领导 → 主要领导/调度会, each level told once.
		{Name: "blockages.escalate", Key: dailyAt(9, 0), Run: func(ctx context.Context, _ string) error {
			n, err := db.EscalateBlockages(ctx)
			log.Info("blockages escalated", "blockages", n)
			return err
		}},
		// The weekly bulletin's draft, from the draft weekday and time (Friday 16:00 by
		// default) to the week's end: keyed by the ISO week, so drafted once per week.
		{Name: "bulletin.draft", Key: func(t time.Time) string {
			bs, err := db.BulletinSettings(context.Background())
			if err != nil {
				log.Error("bulletin settings", "err", err)
				return ""
			}
			w, ok := bs.DraftDue(t)
			if !ok {
				return ""
			}
			return w.String()
		}, Run: func(ctx context.Context, week string) error {
			w, err := stride.ParseWeek(week)
			if err != nil {
				return err
			}
			b, _, err := db.DraftBulletin(ctx, stride.SystemActor("jobs"), w)
			if stride.IsCode(err, stride.EConflict) {
				log.Info("bulletin already published", "week", week)
				return nil
			}
			if err != nil {
				return err
			}
			log.Info("bulletin drafted", "week", week, "id", b.ID)
			return nil
		}},
	}
	return r
}

// dailyAt is due once a day from hh:mm local time.
func dailyAt(hh, mm int) func(time.Time) string {
	return func(t time.Time) string {
		if t.Hour()*60+t.Minute() < hh*60+mm {
			return ""
		}
		return t.Format("2006-01-02")
	}
}

// Tick runs every job that is due and not yet claimed.
func (r *Runner) Tick(ctx context.Context) {
	now := r.Now().In(r.Zone)
	for _, j := range r.Jobs {
		key := j.Key(now)
		if key == "" {
			continue
		}
		claimed, err := r.DB.ClaimJob(ctx, j.Name, key)
		if err != nil {
			r.Log.Error("claim job", "job", j.Name, "err", err)
			continue
		}
		if !claimed {
			continue
		}
		start := time.Now()
		err = r.run(ctx, j, key)
		outcome, label := "ok", "ok"
		if err != nil {
			outcome, label = "error: "+err.Error(), "error"
			r.Log.Error("job failed", "job", j.Name, "key", key, "err", err)
		}
		if r.metrics != nil {
			r.metrics.duration.WithLabelValues(j.Name).Observe(time.Since(start).Seconds())
			r.metrics.runs.WithLabelValues(j.Name, label).Inc()
		}
		if ferr := r.DB.FinishJob(ctx, j.Name, key, outcome); ferr != nil {
			r.Log.Error("finish job", "job", j.Name, "err", ferr)
		}
		if r.OnDone != nil {
			r.OnDone(j.Name, key, err)
		}
	}
	if r.metrics != nil {
		r.metrics.ticks.Inc()
	}
}

// run runs one job, turning a panic into an error so one bad job cannot stop the others.
func (r *Runner) run(ctx context.Context, j Job, key string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return j.Run(ctx, key)
}

// Start ticks every interval until ctx ends.
func (r *Runner) Start(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	r.Tick(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.Tick(ctx)
		}
	}
}
