package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
)

// bulletinZone is an HQ, five departments, twelve enterprises and a generated portfolio of
// n projects on the clock's day.
type bulletinZone struct {
	root  *stride.Unit
	leads []*stride.Unit
	today stride.Date
}

func newBulletinZone(t *testing.T, db *store.DB, c *clock, n int) *bulletinZone {
	t.Helper()
	z := &bulletinZone{root: mustUnit(t, db, nil, "指挥部", stride.UnitHQ), today: stride.DateOf(c.Now())}
	var leads, owners []int64
	for i := range 5 {
		u := mustUnit(t, db, z.root, fmt.Sprintf("部门%d", i), stride.UnitDepartment)
		z.leads = append(z.leads, u)
		leads = append(leads, u.ID)
	}
	for i := range 12 {
		owners = append(owners, mustUnit(t, db, z.root, fmt.Sprintf("企业%d", i), stride.UnitEnterprise).ID)
	}
	portfolio := demo.Generate(demo.Options{Projects: n, Years: 2, Seed: 11, Today: z.today, OwnerUnits: owners, LeadUnits: leads})
	if _, err := db.Seed(context.Background(), sys, portfolio); err != nil {
		t.Fatal(err)
	}
	return z
}

func ids(t *testing.T, db *store.DB, query string, args ...any) []int64 {
	t.Helper()
	rows, err := db.SQL().Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func sorted(v []int64) []int64 {
	out := slices.Clone(v)
	slices.Sort(out)
	if out == nil {
		out = []int64{}
	}
	return out
}

// The oracle: every figure of a drafted bulletin equals the dashboard's for the same data,
// and an independent recomputation from the raw rows (plans, approved reports, projects),
// never through the roll-ups or the code under test; and the projects stored behind each
// figure are exactly the ones that make it.
func TestBulletinOracle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		z := newBulletinZone(t, db, c, 160)
		year := z.today.Year
		period := stride.DefaultLightSettings().DuePeriod(year, z.today)
		b, created, err := db.DraftBulletin(ctx, sys, stride.WeekOf(z.today))
		if err != nil || !created {
			t.Fatalf("draft: %v %v", created, err)
		}
		d, err := db.Dashboard(ctx, sys, year)
		if err != nil {
			t.Fatal(err)
		}
		cont := b.Content
		if cont.Overall != stride.OverallOf(d) || !reflect.DeepEqual(cont.Units, d.Units) || cont.Period != d.Period {
			t.Fatalf("the draft's figures differ from the dashboard's:\n%+v\n%+v", cont.Overall, stride.OverallOf(d))
		}

		// The raw rows.
		type raw struct {
			lead             int64
			total, plan      stride.Money
			done, planned    stride.Money
			started, ended   stride.Date
			light            string
			inLedger, hasRed bool
		}
		projects := map[int64]*raw{}
		rows, err := db.SQL().Query(`SELECT p.id, p.lead_unit_id, p.total_investment, ap.investment, ap.curve, p.start_actual, p.end_actual, p.light
			FROM projects p JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = $1 WHERE p.stage <> 'terminated'`, year)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var r raw
			var curve string
			if err := rows.Scan(&id, &r.lead, &r.total, &r.plan, &curve, &r.started, &r.ended, &r.light); err != nil {
				t.Fatal(err)
			}
			var cv []stride.Money
			if curve != "" {
				if err := json.Unmarshal([]byte(curve), &cv); err != nil {
					t.Fatal(err)
				}
			}
			r.planned = stride.PlannedThrough(r.plan, cv, period)
			projects[id] = &r
		}
		rows.Close()
		rows, err = db.SQL().Query(`SELECT project_id, investment FROM monthly_reports WHERE year = $1 AND month <= $2 AND status = 'approved'`, year, period)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var inv stride.Money
			if err := rows.Scan(&id, &inv); err != nil {
				t.Fatal(err)
			}
			if p := projects[id]; p != nil {
				p.done += inv
			}
		}
		rows.Close()

		var want stride.BulletinOverall
		var planned stride.Money
		units := map[int64]*stride.UnitRank{}
		var ledger, started, completions, red []int64
		byUnit := map[int64][]int64{}
		for id, p := range projects {
			want.Projects++
			want.Total += p.total
			want.Plan += p.plan
			want.Completed += p.done
			planned += p.planned
			ledger = append(ledger, id)
			if p.started.Year == year {
				want.Started++
				started = append(started, id)
			}
			if p.ended.Year == year {
				want.Completions++
				completions = append(completions, id)
			}
			if p.light == "red" {
				red = append(red, id)
			}
			u := units[p.lead]
			if u == nil {
				u = &stride.UnitRank{UnitID: p.lead}
				units[p.lead] = u
			}
			u.Projects++
			u.Plan += p.plan
			u.Completed += p.done
			byUnit[p.lead] = append(byUnit[p.lead], id)
		}
		want.Rate = stride.Percent(want.Completed, want.Plan)
		want.Pace = stride.Percent(planned, want.Plan)
		o := cont.Overall
		if o.Projects != want.Projects || o.Total != want.Total || o.Plan != want.Plan || o.Completed != want.Completed || o.Rate != want.Rate ||
			o.Pace != want.Pace || o.Gap != stride.PointsGap(want.Rate, want.Pace) || o.Started != want.Started || o.Completions != want.Completions {
			t.Fatalf("overall %+v, raw rows give %+v", o, want)
		}
		if want.Projects < 100 || want.Completed == 0 || want.Started == 0 || len(red) == 0 {
			t.Fatalf("the portfolio is too thin to test: %+v, %d red", want, len(red))
		}
		if len(cont.Units) != len(units) {
			t.Fatalf("%d units ranked, want %d", len(cont.Units), len(units))
		}
		for i, u := range cont.Units {
			w := units[u.UnitID]
			if u.Projects != w.Projects || u.Plan != w.Plan || u.Completed != w.Completed || u.Rate != stride.Percent(w.Completed, w.Plan) {
				t.Errorf("unit %s: %+v, raw rows give %+v", u.UnitName, u, w)
			}
			if i > 0 && cont.Units[i-1].Gap > u.Gap {
				t.Error("units are not ranked lowest first")
			}
		}
		if len(cont.Bottom) != 3 || cont.Bottom[0] != cont.Units[0] || cont.Top[0] != cont.Units[len(cont.Units)-1] {
			t.Errorf("top and bottom three: %+v / %+v", cont.Top, cont.Bottom)
		}

		// The projects behind each figure, and the frozen rows adding up to the figures.
		_, detail, err := db.BulletinDetail(ctx, sys, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for fig, want := range map[string][]int64{stride.FigLedger: ledger, stride.FigStarted: started, stride.FigCompletions: completions, stride.FigRed: red} {
			if got := sorted(detail.Figures[fig]); !slices.Equal(got, sorted(want)) {
				t.Errorf("figure %s: %d projects stored, %d from the raw rows", fig, len(got), len(want))
			}
		}
		for unit, want := range byUnit {
			if got := sorted(detail.Figures[stride.UnitFigure(unit)]); !slices.Equal(got, sorted(want)) {
				t.Errorf("unit %d: %v, want %v", unit, got, want)
			}
		}
		if n := len(detail.Figures[stride.FigNewProjects]); n != o.NewProjects {
			t.Errorf("%d new projects traced, the figure says %d", n, o.NewProjects)
		}
		var sumPlan, sumDone, sumTotal stride.Money
		for _, r := range detail.Rows {
			sumPlan, sumDone, sumTotal = sumPlan+r.Plan, sumDone+r.Completed, sumTotal+r.Total
			if r.Light == stride.ColorRed && len(r.Why) == 0 {
				t.Errorf("red project %d has no reasons", r.ID)
			}
		}
		if sumPlan != o.Plan || sumDone != o.Completed || sumTotal != o.Total || len(detail.Rows) != o.Projects {
			t.Errorf("frozen rows add up to %s %s %s over %d rows", sumPlan.Wan(), sumDone.Wan(), sumTotal.Wan(), len(detail.Rows))
		}
		if cont.Red.Total != len(red) || len(cont.Red.Items) != min(len(red), stride.DefaultBulletinSettings().ListLimit) || len(cont.Red.Items[0].Why) == 0 {
			t.Errorf("red list: %d of %d, first %+v", len(cont.Red.Items), cont.Red.Total, cont.Red.Items[0])
		}
		// The trace lists the same rows, figure by figure.
		page, err := db.BulletinFigure(ctx, sys, b.ID, stride.FigRed, stride.Page{Number: 1, Size: 100})
		if err != nil || page.Total != len(red) || len(page.Items[0].Reasons) == 0 {
			t.Fatalf("red trace: %v %+v", err, page)
		}
		_, err = db.BulletinFigure(ctx, sys, b.ID, "nonsense", all)
		wantErr(t, err, stride.EInvalid)
	})
}

// Draft, edit, publish; a published bulletin never changes, a correction is a new
// revision under the same number, numbers run per year; bad requests write nothing.
func TestBulletinLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		z := newBulletinZone(t, db, c, 40)
		w14 := stride.WeekOf(z.today)
		count := func() int {
			var n int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM bulletins`).Scan(&n)
			return n
		}

		b, created, err := db.DraftBulletin(ctx, sys, w14)
		if err != nil || !created || b.Status != stride.BulletinDraft || b.Number != 1 || b.Issuer == "" || b.Requirements == "" {
			t.Fatalf("draft: %v %v %+v", created, err, b)
		}
		in := stride.BulletinInput{Title: "重点项目周通报", Issuer: b.Issuer, IssuedOn: z.today, Requirements: "加快推进。", Commendations: "表扬部门1。", Version: b.Version}
		if b, err = db.UpdateBulletin(ctx, sys, b.ID, in); err != nil || b.Requirements != "加快推进。" {
			t.Fatalf("edit: %v", err)
		}
		_, err = db.UpdateBulletin(ctx, sys, b.ID, in) // in.Version is stale now
		wantErr(t, err, stride.EConflict)
		// Regenerating keeps the edited sections.
		again, created, err := db.DraftBulletin(ctx, sys, w14)
		if err != nil || created || again.ID != b.ID || again.Requirements != "加快推进。" || again.Title != "重点项目周通报" || again.Version != b.Version+1 {
			t.Fatalf("regenerate: %v %v %+v", created, err, again)
		}
		if count() != 1 {
			t.Fatalf("%d bulletins", count())
		}

		pub, err := db.PublishBulletin(ctx, sys, b.ID, again.Version)
		if err != nil || pub.Status != stride.BulletinPublished || pub.Number != 1 || pub.PublishedAt == nil {
			t.Fatalf("publish: %v %+v", err, pub)
		}
		frozen, _ := json.Marshal(pub)

		// Locked: no edit, no second publication, no regeneration, not even by hand.
		mark := auditMark(t, db)
		in.Version = pub.Version
		_, err = db.UpdateBulletin(ctx, sys, pub.ID, in)
		if e := wantErr(t, err, stride.EConflict); e.Msg.Key != "bulletin.published_locked" {
			t.Errorf("edit published: %v", err)
		}
		_, err = db.PublishBulletin(ctx, sys, pub.ID, pub.Version)
		wantErr(t, err, stride.EConflict)
		_, _, err = db.DraftBulletin(ctx, sys, w14)
		if e := wantErr(t, err, stride.EConflict); e.Msg.Key != "bulletin.published_exists" {
			t.Errorf("redraft published: %v", err)
		}
		if _, err := db.SQL().Exec(`UPDATE bulletins SET title = 'x' WHERE id = $1`, pub.ID); err == nil {
			t.Error("the database let a published bulletin change")
		}
		if _, err := db.SQL().Exec(`DELETE FROM bulletins WHERE id = $1`, pub.ID); err == nil {
			t.Error("the database let a published bulletin go")
		}
		if got := auditSince(t, db, mark); len(got) != 0 || count() != 1 {
			t.Fatalf("refused writes left %d audit entries and %d bulletins", len(got), count())
		}
		if now, _ := db.GetBulletin(ctx, sys, pub.ID); !reflect.DeepEqual(mustJSON(t, now), string(frozen)) {
			t.Fatal("the published bulletin changed")
		}

		// A correction: a new draft revision under the same number.
		corr, err := db.CorrectBulletin(ctx, sys, pub.ID, "红灯项目数量有误")
		if err != nil || corr.Status != stride.BulletinDraft || corr.Revision != 2 || corr.Number != 1 || corr.CorrectsID == nil || *corr.CorrectsID != pub.ID ||
			corr.Requirements != "加快推进。" {
			t.Fatalf("correct: %v %+v", err, corr)
		}
		_, err = db.CorrectBulletin(ctx, sys, pub.ID, "again")
		wantErr(t, err, stride.EConflict) // its draft exists
		_, err = db.CorrectBulletin(ctx, sys, corr.ID, "a draft")
		wantErr(t, err, stride.EConflict)
		regen, created, err := db.DraftBulletin(ctx, sys, w14) // regenerates the correction
		if err != nil || created || regen.ID != corr.ID {
			t.Fatalf("regenerate the correction: %v %v %+v", created, err, regen)
		}
		corrPub, err := db.PublishBulletin(ctx, sys, corr.ID, regen.Version)
		if err != nil || corrPub.Number != 1 || corrPub.Revision != 2 {
			t.Fatalf("publish the correction: %v %+v", err, corrPub)
		}
		orig, _ := db.GetBulletin(ctx, sys, pub.ID)
		if orig.SupersededBy == nil || *orig.SupersededBy != corr.ID || orig.Status != stride.BulletinPublished || orig.Title != pub.Title {
			t.Fatalf("the original after its correction: %+v", orig)
		}
		orig.SupersededBy = nil
		if mustJSON(t, orig) != string(frozen) {
			t.Fatal("the original's content changed with its correction")
		}
		_, err = db.CorrectBulletin(ctx, sys, pub.ID, "again")
		if e := wantErr(t, err, stride.EConflict); e.Msg.Key != "bulletin.superseded" {
			t.Errorf("correct a superseded one: %v", err)
		}

		// The next week: number 2, and what changed since week 14.
		turnRed := ids(t, db, `SELECT id FROM projects WHERE light = 'green' ORDER BY id LIMIT 1`)[0]
		turnGreen := ids(t, db, `SELECT id FROM projects WHERE light = 'red' ORDER BY id LIMIT 1`)[0]
		db.SQL().Exec(`UPDATE projects SET light = 'red' WHERE id = $1`, turnRed)
		db.SQL().Exec(`UPDATE projects SET light = 'green' WHERE id = $1`, turnGreen)
		c.Add(7 * 24 * time.Hour)
		w15 := stride.WeekOf(stride.DateOf(c.Now()))
		b15, _, err := db.DraftBulletin(ctx, sys, w15)
		if err != nil || b15.Number != 2 {
			t.Fatalf("week 15: %v %+v", err, b15)
		}
		ch := b15.Content.Changes
		has := func(l stride.BulletinList, id int64) bool {
			return slices.ContainsFunc(l.Items, func(p stride.BulletinProject) bool { return p.ID == id })
		}
		if ch.Since != w14.String() || ch.NewRed.Total != 1 || !has(ch.NewRed, turnRed) || !has(ch.TurnedGreen, turnGreen) {
			t.Errorf("changes since %s: new red %+v, turned green %+v", ch.Since, ch.NewRed, ch.TurnedGreen)
		}
		if _, err := db.PublishBulletin(ctx, sys, b15.ID, b15.Version); err != nil {
			t.Fatal(err)
		}

		// A week that has not begun.
		_, _, err = db.DraftBulletin(ctx, sys, stride.WeekOf(stride.DateOf(c.Now()).AddDays(14)))
		e := wantErr(t, err, stride.EInvalid)
		wantFields(t, e, map[string]string{"week": "bulletin.future_week"})

		// A new year numbers from 1 again.
		c.Add(time.Duration(stride.DateOf(c.Now()).DaysUntil(stride.MustDate("2026-01-09"))) * 24 * time.Hour)
		b26, _, err := db.DraftBulletin(ctx, sys, stride.WeekOf(stride.MustDate("2026-01-09")))
		if err != nil {
			t.Fatal(err)
		}
		if b26.Year != 2026 || b26.Number != 1 {
			t.Fatalf("first of 2026: %+v", b26)
		}
		if b26, err = db.PublishBulletin(ctx, sys, b26.ID, b26.Version); err != nil || b26.Number != 1 {
			t.Fatalf("publish the first of 2026: %v %+v", err, b26)
		}
		if count() != 4 {
			t.Errorf("%d bulletins, want 4", count())
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Readers see published bulletins only; each sees the rows behind a figure in its own
// scope; a bulletin drafted for one unit's scope stays within it.
func TestBulletinScope(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		z := newBulletinZone(t, db, c, 60)
		hq := mustUser(t, db, z.root, "hq", stride.RoleHQ)
		deptA := mustUser(t, db, z.leads[0], "depta", stride.RoleDept)
		deptB := mustUser(t, db, z.leads[1], "deptb", stride.RoleDept)
		w := stride.WeekOf(z.today)
		b, _, err := db.DraftBulletin(ctx, hq, w)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.GetBulletin(ctx, deptA, b.ID)
		wantErr(t, err, stride.ENotFound)
		if list, _ := db.ListBulletins(ctx, deptA, stride.BulletinFilter{Page: all}); list.Total != 0 {
			t.Fatalf("a department lists %d drafts", list.Total)
		}
		_, err = db.BulletinFigure(ctx, deptA, b.ID, stride.FigLedger, all)
		wantErr(t, err, stride.ENotFound)
		if b, err = db.PublishBulletin(ctx, hq, b.ID, b.Version); err != nil {
			t.Fatal(err)
		}
		if got, err := db.GetBulletin(ctx, deptA, b.ID); err != nil || got.Content.Overall != b.Content.Overall {
			t.Fatalf("department reads the published bulletin: %v", err)
		}
		mine := ids(t, db, `SELECT id FROM projects p WHERE lead_unit_id = $1 AND stage <> 'terminated'
			AND EXISTS (SELECT 1 FROM annual_plans ap WHERE ap.project_id = p.id AND ap.year = $2)`, z.leads[0].ID, z.today.Year)
		page, err := db.BulletinFigure(ctx, deptA, b.ID, stride.FigLedger, all)
		if err != nil || page.Total != len(mine) || page.Total == 0 {
			t.Fatalf("department's rows behind the ledger figure: %v %d, want %d", err, page.Total, len(mine))
		}
		for _, r := range page.Items {
			if r.LeadUnitID != z.leads[0].ID {
				t.Fatalf("department sees %s of unit %d", r.Name, r.LeadUnitID)
			}
		}
		if full, _ := db.BulletinFigure(ctx, hq, b.ID, stride.FigLedger, all); full.Total != b.Content.Overall.Projects {
			t.Fatalf("hq sees %d rows of %d", full.Total, b.Content.Overall.Projects)
		}

		// An editor whose scope is one unit drafts that unit's own bulletin.
		unitEditor := *deptA
		unitEditor.Perms = map[string]bool{stride.PermBulletinRead: true, stride.PermBulletinEdit: true, stride.PermBulletinPublish: true}
		ub, created, err := db.DraftBulletin(ctx, &unitEditor, w)
		if err != nil || !created || ub.ScopeUnitID == nil || ub.Content.Overall.Projects != len(mine) || ub.Number != 1 {
			t.Fatalf("unit bulletin: %v %+v", err, ub)
		}
		if ub, err = db.PublishBulletin(ctx, &unitEditor, ub.ID, ub.Version); err != nil || ub.Number != 1 {
			t.Fatalf("unit bulletin numbered on its own: %v %+v", err, ub)
		}
		_, err = db.GetBulletin(ctx, deptB, ub.ID)
		wantErr(t, err, stride.ENotFound)
		if _, err := db.GetBulletin(ctx, hq, ub.ID); err != nil {
			t.Fatalf("hq reads the unit's bulletin: %v", err)
		}
	})
}
