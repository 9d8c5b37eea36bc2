package bench

import (
	"context"
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
// a ledger change: the dashboard's cache is keyed to the ledger's data version, bumped here.
func BenchmarkBulletinDraftCold(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	w := stride.WeekOf(stride.DateOf(time.Now().In(zone)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.SQL().Exec(`UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'`); err != nil {
			b.Skip("no ledger data version to make the dashboard cold:", err)
		}
		if _, _, err := db.DraftBulletin(context.Background(), a, w); err != nil {
			b.Fatal(err)
		}
	}
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
