package store_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// The draft streams the ledger through once; what it stores must be what the bulletin
// stored when it read every row into memory first (store.ReferenceBulletin keeps that
// algorithm): the same content, the same detail text byte for byte, the same snapshot.
// Checked for the zone and a department, for the first bulletin (compared with the
// monthly light snapshot) and the next week's (compared with the first, with lights
// changed in between and lists short enough to leave most lit projects out), with names
// and reasons holding tabs, newlines and backslashes, and reasons that are empty or
// pretty-printed JSON.
func TestBulletinDraftEqualsReference(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		z := newBulletinZone(t, db, c, 240)
		exec := func(query string, args ...any) {
			t.Helper()
			if _, err := db.SQL().Exec(query, args...); err != nil {
				t.Fatal(err)
			}
		}
		// Text that the detail's lines must escape.
		exec(`UPDATE units SET name = $1 WHERE id = $2`, "部门\t2\\东\n区", z.leads[2].ID)
		exec(`UPDATE projects SET name = name || $1 WHERE id IN (SELECT id FROM projects ORDER BY id LIMIT 5)`, "\\（二期）\t\r\n")
		multi := ids(t, db, `SELECT pl.project_id FROM project_lights pl JOIN projects p ON p.id = pl.project_id AND pl.color = p.light
			WHERE p.light IN ('red', 'yellow') GROUP BY pl.project_id HAVING COUNT(*) >= 2`)
		if len(multi) < 3 {
			t.Fatalf("%d lit projects with two dimensions of their colour", len(multi))
		}
		reasons := []string{
			`[{"key":"light.rate","args":["a\tb\\c\nd",1]}]`,                  // escapes inside JSON strings
			"[\n\t{\"key\": \"light.behind_pace\", \"args\": [\"1.0\"]}\n]\n", // raw whitespace between tokens
			`[]`, " ",
		}
		for i, id := range multi[:3] {
			var dim string
			if err := db.SQL().QueryRow(`SELECT MIN(pl.dimension) FROM project_lights pl JOIN projects p ON p.id = pl.project_id
				WHERE pl.project_id = $1 AND pl.color = p.light`, id).Scan(&dim); err != nil {
				t.Fatal(err)
			}
			exec(`UPDATE project_lights SET reasons = $1 WHERE project_id = $2 AND dimension = $3`, reasons[i%len(reasons)], id, dim)
			exec(`UPDATE project_lights SET reasons = $1 WHERE project_id = $2 AND dimension <> $3 AND color = (SELECT light FROM projects WHERE id = $2)`,
				reasons[(i+1)%len(reasons)], id, dim)
		}
		exec(`UPDATE project_lights SET reasons = $1 WHERE project_id = $2`, reasons[3], multi[len(multi)-1])

		// Last month's light snapshot, which the first bulletin compares with.
		last := z.today.AddMonths(-1)
		exec(`INSERT INTO light_snapshots (project_id, month, color, lights, taken_at)
			SELECT id, $1, CASE WHEN id % 5 = 0 THEN 'red' WHEN id % 5 = 1 THEN 'yellow' ELSE 'green' END, '[]', $2 FROM projects`,
			fmt.Sprintf("%04d-%02d", last.Year, int(last.Month)), c.Now())

		hq := sys
		dept := *mustUser(t, db, z.leads[2], "dept2", stride.RoleDept)
		dept.Perms = map[string]bool{stride.PermBulletinRead: true, stride.PermBulletinEdit: true}
		check := func(a *stride.Actor, w stride.Week) *stride.Bulletin {
			t.Helper()
			b, _, err := db.DraftBulletin(ctx, a, w)
			if err != nil {
				t.Fatal(err)
			}
			var content, snap string
			var blob []byte
			if err := db.SQL().QueryRow(`SELECT content, detail, snapshot FROM bulletins WHERE id = $1`, b.ID).Scan(&content, &blob, &snap); err != nil {
				t.Fatal(err)
			}
			wantContent, wantBlob, wantSnap, err := db.ReferenceBulletin(ctx, a, w)
			if err != nil {
				t.Fatal(err)
			}
			if content != string(wantContent) {
				t.Errorf("%s %s: content\n%s\nwant\n%s", a.Username, w, content, wantContent)
			}
			if got, want := gunzip(t, blob), gunzip(t, wantBlob); !bytes.Equal(got, want) {
				t.Errorf("%s %s: detail of %d bytes differs from the reference's %d", a.Username, w, len(got), len(want))
			}
			if snap != string(wantSnap) {
				t.Errorf("%s %s: snapshot %s, want %s", a.Username, w, snap, wantSnap)
			}
			return b
		}

		w1 := stride.WeekOf(z.today)
		b := check(hq, w1)
		if ch := b.Content.Changes; ch.Since == "" || ch.NewRed.Total == 0 || ch.TurnedGreen.Total == 0 || b.Content.Yellow.Total <= len(b.Content.Yellow.Items) {
			t.Fatalf("the first bulletin does not test much: since %q, %d new red, %d turned green, yellow %d of %d", ch.Since,
				ch.NewRed.Total, ch.TurnedGreen.Total, len(b.Content.Yellow.Items), b.Content.Yellow.Total)
		}
		check(&dept, w1)
		if _, err := db.PublishBulletin(ctx, hq, b.ID, b.Version); err != nil {
			t.Fatal(err)
		}

		// The next week, some lights changed, the lists cut to 5.
		exec(`UPDATE projects SET light = 'red' WHERE id IN (SELECT id FROM projects WHERE light = 'green' ORDER BY id LIMIT 7)`)
		exec(`UPDATE projects SET light = 'green' WHERE id IN (SELECT id FROM projects WHERE light IN ('red', 'yellow') ORDER BY id DESC LIMIT 9)`)
		set, err := db.BulletinSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		set.ListLimit = 5
		if _, err := db.UpdateBulletinSettings(ctx, hq, set); err != nil {
			t.Fatal(err)
		}
		c.Add(7 * 24 * time.Hour)
		w2 := stride.WeekOf(stride.DateOf(c.Now()))
		b = check(hq, w2)
		ch := b.Content.Changes
		if ch.Since != w1.String() || ch.NewRed.Total < 7 || len(ch.NewRed.Items) != 5 || ch.TurnedGreen.Total < 9 || len(ch.TurnedGreen.Items) != 5 {
			t.Fatalf("week 2's changes do not test much: %+v", ch)
		}
		check(&dept, w2)
		check(&dept, w2) // regenerated
	})
}

func gunzip(t *testing.T, blob []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The rows come in id order, every one once, however many batches they take; a consumer
// that stops gets its own error back and the reader stops with it, as it does when the
// context ends.
func TestBulletinRowsStream(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		z := newBulletinZone(t, db, c, 1200)
		year := z.today.Year
		want := ids(t, db, `SELECT project_id FROM dashboard_members WHERE year = $1`, year)
		got, err := db.BulletinRowsUntil(ctx, sys, year, -1)
		if err != nil || !slices.Equal(got, want) || len(want) < 1100 {
			t.Fatalf("%v: %d rows streamed, %d members", err, len(got), len(want))
		}
		for _, n := range []int{0, 1, 511, 512, 513, 1000} {
			got, err := db.BulletinRowsUntil(ctx, sys, year, n)
			if !errors.Is(err, store.ErrStopRows) || !slices.Equal(got, want[:n]) {
				t.Fatalf("stopped after %d: %v, %d rows", n, err, len(got))
			}
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := db.BulletinRowsUntil(cancelled, sys, year, -1); err == nil {
			t.Fatal("a cancelled read went through")
		}
	})
}
