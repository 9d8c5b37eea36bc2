package store

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestZZTiming(t *testing.T) {
	dsn := os.Getenv("ZZ_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := Open(ctx, dsn, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	z, _ := time.LoadLocation("Asia/Shanghai")
	db.SetZone(z)
	a := stride.SystemActor("x")
	year := db.today().Year
	for i := 0; i < 2; i++ {
		t0 := time.Now()
		d, err := db.dashboard(ctx, a, year, db.today())
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		rows, err := db.bulletinRows(ctx, a, year, d.Period)
		if err != nil {
			t.Fatal(err)
		}
		t5 := time.Now()
		lit, _ := db.litReasons(ctx, a, year)
		t.Logf("lit %v %d", time.Since(t5), len(lit))
		for i := range rows {
			if l := lit[rows[i].ID]; l != nil {
				rows[i].why = l.why
			}
		}
		t2 := time.Now()
		det := &frozenDetail{rows: rows, figures: map[string][]int64{"ledger": nil}}
		blob, _ := encodeDetail(det)
		t3 := time.Now()
		_, err = decodeDetail(blob)
		t4 := time.Now()
		t.Logf("dashboard %v rows %v (%d) encode %v (%d bytes) decode %v %v", t1.Sub(t0), t2.Sub(t1), len(rows), t3.Sub(t2), len(blob), t4.Sub(t3), err)
	}
}
