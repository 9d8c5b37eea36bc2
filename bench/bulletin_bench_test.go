package bench

import (
	"context"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

// Drafting this week's bulletin: the dashboard's figures, the frozen ledger rows with the
// ids behind every figure, the changes, inspections, approvals and campaigns, and the
// write. Each round regenerates the week's draft, as the scheduled job and an editor's
// "regenerate" do; after the first, the dashboard comes from its cache (nothing in the
// ledger changed). The target is ≤ 2 s at 100,000 projects (STRIDE_BENCH_DB).
func BenchmarkBulletinDraft(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	w := stride.WeekOf(stride.DateOf(time.Now().In(zone)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := db.DraftBulletin(context.Background(), a, w); err != nil {
			b.Fatal(err)
		}
	}
}

// The same with the dashboard computed afresh each round, as for a draft made just after
// a ledger change (or at start-up): the dashboard's cache is keyed to the ledger's data
// version, bumped here. peak-heap-MB is the most the heap grew during a draft above what
// it held before (see peakHeap), the highest over the rounds; cpu-ms/op the CPU the
// process used per draft.
func BenchmarkBulletinDraftCold(b *testing.B) { coldDrafts(b, "hq") }

// The same as a department, whose bulletin covers the projects it owns, leads or co-leads.
func BenchmarkBulletinDraftDeptCold(b *testing.B) { coldDrafts(b, "dept") }

func coldDrafts(b *testing.B, username string) {
	db := portfolio(b)
	a := actor(b, db, username)
	w := stride.WeekOf(stride.DateOf(time.Now().In(zone)))
	var peak float64
	var cpu time.Duration
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if _, err := db.SQL().Exec(`UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'`); err != nil {
			b.Skip("no ledger data version to make the dashboard cold:", err)
		}
		b.StartTimer()
		var err error
		c := processCPU()
		peak = max(peak, peakHeap(func() { _, _, err = db.DraftBulletin(context.Background(), a, w) }))
		cpu += processCPU() - c
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// processCPU is the CPU time the process has used, user and system: on a machine shared
// with other work it says what a round cost where the time it took says how busy the
// machine was. (A database server's own CPU is not in it.)
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakHeap runs fn and returns, in MB, the most the heap's objects (live ones and dead
// ones not yet swept, as runtime/metrics counts them) grew above their size after a
// collection just before fn, sampled every millisecond while fn runs. It is what fn adds
// to a process's peak heap when nothing else runs.
func peakHeap(fn func()) float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	peak := base
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	peak = max(peak, read())
	return float64(peak-base) / (1 << 20)
}

// The Word and Excel exports of that draft.
func BenchmarkBulletinExport(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	w := stride.WeekOf(stride.DateOf(time.Now().In(zone)))
	draft, _, err := db.DraftBulletin(context.Background(), a, w)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("docx", func(b *testing.B) {
		for b.Loop() {
			bl, err := db.GetBulletin(context.Background(), a, draft.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := office.BulletinDocx(bl, stride.LangZH, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			bl, d, err := db.BulletinDetail(context.Background(), a, draft.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := office.BulletinXLSX(bl, d, stride.LangZH); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The cockpit: one call over the roll-ups.
func BenchmarkCockpit(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "leader")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Cockpit(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}
