package store

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestZZ4(t *testing.T) {
	dsn := os.Getenv("ZZ_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := Open(ctx, dsn, time.Now)
	z, _ := time.LoadLocation("Asia/Shanghai")
	db.SetZone(z)
	a := stride.SystemActor("x")
	w := stride.WeekOf(db.today())
	from, to := w.Period(7)
	for i := 0; i < 2; i++ {
		t0 := time.Now()
		db.previousSnapshot(ctx, a, w, from)
		t1 := time.Now()
		db.bulletinInspections(ctx, a, from, to, 30)
		t2 := time.Now()
		_, err := db.overdueApprovals(ctx, a, 30)
		t3 := time.Now()
		db.weekBulletin(ctx, db.sql, w, nil)
		t4 := time.Now()
		t.Logf("prev %v insp %v appr %v (%v) week %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), err, t4.Sub(t3))
	}
}
