package store

import (
	"context"
	"encoding/json"
	"os"
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
	w := stride.WeekOf(db.today())
	s, _ := db.BulletinSettings(ctx)
	from, to := w.Period(7)
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		c, d, _, err := db.generateBulletin(ctx, a, w, from, to, s)
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		blob, _ := encodeDetail(d)
		cj, _ := json.Marshal(c)
		t2 := time.Now()
		_, _, err = db.DraftBulletin(ctx, a, w)
		t3 := time.Now()
		t.Logf("generate %v encode %v (%d, content %d) draft %v %v", t1.Sub(t0), t2.Sub(t1), len(blob), len(cj), t3.Sub(t2), err)
	}
}
