package store

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestZZ3(t *testing.T) {
	dsn := os.Getenv("ZZ_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := Open(ctx, dsn, time.Now)
	z, _ := time.LoadLocation("Asia/Shanghai")
	db.SetZone(z)
	a := stride.SystemActor("x")
	year := db.today().Year
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		d, _ := db.dashboard(ctx, a, year, db.today())
		t1 := time.Now()
		rows, _ := db.bulletinRows(ctx, a, year, d.Period)
		t2 := time.Now()
		lit, _ := db.litReasons(ctx, a, year)
		t3 := time.Now()
		var wg sync.WaitGroup
		wg.Add(3)
		go func() { defer wg.Done(); db.dashboard(ctx, a, year, db.today()) }()
		go func() { defer wg.Done(); db.bulletinRows(ctx, a, year, d.Period) }()
		go func() { defer wg.Done(); db.litReasons(ctx, a, year) }()
		wg.Wait()
		t4 := time.Now()
		t.Logf("sequential: dashboard %v rows %v (%d) lit %v (%d); concurrent %v", t1.Sub(t0), t2.Sub(t1), len(rows), t3.Sub(t2), len(lit), t4.Sub(t3))
	}
}
