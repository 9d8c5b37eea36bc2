package jobs_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/jobs"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

// The weekly bulletin is drafted from Friday 16:00 Asia/Shanghai, exactly once per week,
// with two server processes on one database ticking at once.
func TestBulletinDraftedOncePerWeek(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			c := storetest.NewClock(time.Date(2025, 4, 4, 15, 58, 0, 0, shanghai)) // Friday
			dsn := e.DSN(t)
			db := storetest.Open(t, dsn, c.Now)
			db.SetZone(shanghai)
			ctx := context.Background()
			if err := demo.Seed(ctx, db, stride.DateOf(c.Now().In(shanghai))); err != nil {
				t.Fatal(err)
			}
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
			tick := func() {
				var wg sync.WaitGroup
				for _, r := range []*jobs.Runner{a, b} {
					wg.Add(1)
					go func() { defer wg.Done(); r.Tick(ctx) }()
				}
				wg.Wait()
			}
			drafts := func(week string) int {
				var n int
				if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM bulletins WHERE week = $1`, week).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			tick()
			if n := drafts("2025-W14"); n != 0 {
				t.Fatalf("drafted before 16:00: %d", n)
			}
			c.Add(2 * time.Minute) // 16:00
			tick()
			tick()
			c.Add(20 * time.Hour) // Saturday
			tick()
			if n, r := drafts("2025-W14"), runs["bulletin.draft 2025-W14"]; n != 1 || r != 1 {
				t.Fatalf("week 14: %d drafts, %d runs", n, r)
			}
			var status, by string
			db.SQL().QueryRow(`SELECT status, created_by FROM bulletins WHERE week = '2025-W14'`).Scan(&status, &by)
			if status != stride.BulletinDraft || by != "jobs" {
				t.Fatalf("week 14's bulletin: %s by %s", status, by)
			}
			c.Add(6 * 24 * time.Hour) // the next Friday, 12:00
			tick()
			if n := drafts("2025-W15"); n != 0 {
				t.Fatalf("week 15 drafted before 16:00")
			}
			c.Add(4*time.Hour + time.Minute)
			tick()
			if n := drafts("2025-W15"); n != 1 || drafts("2025-W14") != 1 {
				t.Fatalf("week 15: %d drafts", n)
			}
		})
	}
}
