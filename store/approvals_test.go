package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

var zoneSH = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sh is a time in Shanghai, "2025-03-03 10:00".
func sh(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, zoneSH)
	if err != nil {
		panic(err)
	}
	return &t
}

// approvalZone is a small zone: HQ, two departments, two owner enterprises each owning a
// project led by one of the departments, an agent and a leader, each signed in.
type approvalZone struct {
	hqUnit, deptA, deptB, ent1, ent2, agency *stride.Unit
	hq, a, b, owner1, owner2, agent, leader  *stride.Actor
	p1, p2                                   *stride.Project
}

func newApprovalZone(t *testing.T, db *store.DB) *approvalZone {
	t.Helper()
	db.SetZone(zoneSH)
	z := &approvalZone{}
	root := mustUnit(t, db, nil, "管委会", stride.UnitHQ)
	z.hqUnit = mustUnit(t, db, root, "指挥部", stride.UnitHQ)
	z.deptA = mustUnit(t, db, root, "规划建设局", stride.UnitDepartment)
	z.deptB = mustUnit(t, db, root, "自然资源和规划分局", stride.UnitDepartment)
	z.agency = mustUnit(t, db, root, "帮办代办中心", stride.UnitDepartment)
	z.ent1 = mustUnit(t, db, root, "企业一", stride.UnitEnterprise)
	z.ent2 = mustUnit(t, db, root, "企业二", stride.UnitEnterprise)
	z.hq = mustUser(t, db, z.hqUnit, "hq", stride.RoleHQ)
	z.a = mustUser(t, db, z.deptA, "depta", stride.RoleDept)
	z.b = mustUser(t, db, z.deptB, "deptb", stride.RoleDept)
	z.owner1 = mustUser(t, db, z.ent1, "owner1", stride.RoleOwner)
	z.owner2 = mustUser(t, db, z.ent2, "owner2", stride.RoleOwner)
	z.agent = mustUser(t, db, z.agency, "agent", stride.RoleAgent)
	z.leader = mustUser(t, db, root, "leader", stride.RoleLeader)
	z.p1 = mustProject(t, db, sys, "一号项目", z.ent1, z.deptA)
	z.p2 = mustProject(t, db, sys, "二号项目", z.ent2, z.deptB)
	return z
}

func mustItem(t *testing.T, db *store.DB, a *stride.Actor, p *stride.Project, code string, unit *stride.Unit, statutory, promised int, deps ...int64) *stride.ApprovalItem {
	t.Helper()
	in := stride.ApprovalItemInput{Code: code, Name: code, Stage: stride.ApprovalConstruction, UnitID: unit.ID,
		StatutoryDays: statutory, PromisedDays: promised, DependsOn: deps}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	it, err := db.CreateApprovalItem(context.Background(), a, p.ID, in)
	if err != nil {
		t.Fatalf("item %s: %v", code, err)
	}
	return it
}

// move moves an item and fails the test on error.
func move(t *testing.T, db *store.DB, a *stride.Actor, it *stride.ApprovalItem, side stride.Side, to stride.ApprovalStatus, when string, note string) *stride.ApprovalItem {
	t.Helper()
	in := stride.TransitionInput{To: to, At: sh(when), Note: note, Version: it.Version}
	if err := in.Validate(it.Status); err != nil {
		t.Fatal(err)
	}
	out, err := db.MoveApprovalItem(context.Background(), a, it.ID, side, in)
	if err != nil {
		t.Fatalf("%s → %s: %v", it.Status, to, err)
	}
	return out
}

func lightOf(t *testing.T, db *store.DB, p *stride.Project, dim stride.Dimension) stride.Color {
	t.Helper()
	ls, err := db.ProjectLights(context.Background(), sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Dimension == dim {
			return l.Color
		}
	}
	return stride.ColorNone
}

func TestApprovalPathFromCatalogue(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		items, err := db.BuildApprovalPath(ctx, z.hq, z.p1.ID, stride.PathInput{Exclude: []string{"completion_filing"}})
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]*stride.ApprovalItem{}
		for _, it := range items {
			byCode[it.Code] = it
			if it.UnitID != z.deptA.ID || it.Status != stride.ItemNotStarted {
				t.Errorf("%s: unit %d status %s", it.Code, it.UnitID, it.Status)
			}
		}
		if len(items) != 8 || byCode["completion_filing"] != nil {
			t.Fatalf("%d items: %v", len(items), byCode)
		}
		lup := byCode["land_use_permit"]
		if want := []int64{byCode["project_approval"].ID, byCode["site_selection"].ID}; !slices.Equal(lup.DependsOn, want) ||
			!slices.Equal(lup.WaitingFor, []string{"项目审批/核准/备案", "用地预审与选址意见书"}) {
			t.Errorf("land use permit depends on %v, waits for %v", lup.DependsOn, lup.WaitingFor)
		}
		// Building again adds only what is missing.
		items, err = db.BuildApprovalPath(ctx, z.hq, z.p1.ID, stride.PathInput{})
		if err != nil || len(items) != 9 {
			t.Fatalf("rebuild: %d %v", len(items), err)
		}
		// A loop through the prerequisites is refused.
		pa := byCode["project_approval"]
		in := stride.ApprovalItemInput{Code: pa.Code, Name: pa.Name, Stage: pa.Stage, Seq: pa.Seq, UnitID: pa.UnitID,
			StatutoryDays: pa.StatutoryDays, PromisedDays: pa.PromisedDays, DependsOn: []int64{lup.ID}, Version: pa.Version}
		_, err = db.UpdateApprovalItem(ctx, z.hq, pa.ID, in)
		wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"depends_on": "approval.cycle"})
		// Renaming a catalogue code follows into the items that name it as a prerequisite.
		cat, err := db.ApprovalCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cat {
			if c.Code == "site_selection" {
				cin := stride.CatalogInput{Code: "site_opinion", Name: c.Name, Stage: c.Stage, Seq: c.Seq, StatutoryDays: c.StatutoryDays,
					PromisedDays: c.PromisedDays, Prerequisites: c.Prerequisites, Active: true, Version: c.Version}
				if _, err := db.UpdateCatalogItem(ctx, z.hq, c.ID, cin); err != nil {
					t.Fatal(err)
				}
			}
		}
		cat, _ = db.ApprovalCatalog(ctx)
		for _, c := range cat {
			if c.Code == "land_use_permit" && !slices.Equal(c.Prerequisites, []string{"project_approval", "site_opinion"}) {
				t.Errorf("prerequisites after the rename: %v", c.Prerequisites)
			}
		}
		// The schedule runs back from the planned start.
		s, err := db.ApprovalSchedule(ctx, z.leader, z.p1.ID, stride.MustDate("2025-12-31"), stride.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Rows) != 9 || len(s.CriticalPath) == 0 || s.Rows[0].LatestFile.IsZero() {
			t.Errorf("schedule: %+v", s)
		}
	})
}

// An item's clock through acceptance, 补正 and review, with the near-due and overdue
// edges as the clock moves, the lights and the to-dos.
func TestApprovalClock(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		it := mustItem(t, db, z.hq, z.p1, "permit", z.deptA, 7, 5)
		it = move(t, db, z.agent, it, stride.SideApplicant, stride.ItemReceived, "2025-03-03 09:00", "")
		it = move(t, db, z.a, it, stride.SideAuthority, stride.ItemAccepted, "2025-03-03 10:00", "")
		if it.Clock.Due != stride.MustDate("2025-03-10") {
			t.Fatalf("due %s", it.Clock.Due)
		}
		it = move(t, db, z.a, it, stride.SideAuthority, stride.ItemSupplement, "2025-03-05 15:00", "缺少规划条件")
		if it.Clock.State != stride.ClockPaused || it.Clock.Used != 2 || lightOf(t, db, z.p1, stride.DimApproval) != stride.ColorGreen {
			t.Fatalf("paused: %+v", it.Clock)
		}
		it = move(t, db, z.a, it, stride.SideAuthority, stride.ItemReviewing, "2025-03-10 09:00", "")
		// 3 working days given back: due 3-13; on 3-31 17 of 5 are used.
		if it.Clock.Due != stride.MustDate("2025-03-13") || it.Clock.State != stride.ClockOverdue || it.Clock.Used != 17 || !it.StatutoryOver {
			t.Fatalf("after the supplement: %+v", it.Clock)
		}
		if lightOf(t, db, z.p1, stride.DimApproval) != stride.ColorRed {
			t.Error("an overdue item does not make the project red")
		}
		list, err := db.ListApprovalItems(ctx, z.hq, stride.ApprovalFilter{Clock: stride.ClockOverdue, Page: all})
		if err != nil || list.Total != 1 || list.Items[0].ID != it.ID {
			t.Fatalf("overdue filter: %v %+v", err, list)
		}
		it = move(t, db, z.a, it, stride.SideAuthority, stride.ItemApproved, "2025-03-31 09:00", "")
		if it.Clock.State != stride.ClockLate || it.Clock.Used != 17 {
			t.Errorf("approved late: %+v", it.Clock)
		}
		if lightOf(t, db, z.p1, stride.DimApproval) != stride.ColorNone {
			t.Error("an answered item still weighs on the lights")
		}
		full, err := db.GetApprovalItem(ctx, z.owner1, it.ID)
		if err != nil || len(full.Events) != 5 || full.Events[2].Note != "缺少规划条件" || full.Events[2].To != stride.ItemSupplement {
			t.Fatalf("history: %v %+v", err, full.Events)
		}

		// Accepted on Wednesday 3-26 with 5 days: on Monday 3-31 two are left (near due).
		near := mustItem(t, db, z.hq, z.p1, "near", z.deptA, 10, 5)
		near = move(t, db, z.owner1, near, stride.SideApplicant, stride.ItemReceived, "2025-03-26 09:00", "")
		near = move(t, db, z.a, near, stride.SideAuthority, stride.ItemAccepted, "2025-03-26 10:00", "")
		if near.Clock.State != stride.ClockNear || near.Clock.Remaining != 2 || near.Clock.Due != stride.MustDate("2025-04-02") {
			t.Fatalf("near: %+v", near.Clock)
		}
		if lightOf(t, db, z.p1, stride.DimApproval) != stride.ColorYellow {
			t.Error("a near-due item does not make the project yellow")
		}
		count := func(clock stride.ClockState) int {
			l, err := db.ListApprovalItems(ctx, z.a, stride.ApprovalFilter{Clock: clock, Page: all})
			if err != nil {
				t.Fatal(err)
			}
			return l.Total
		}
		if count(stride.ClockNear) != 1 || count(stride.ClockOverdue) != 0 {
			t.Fatal("filters on 3-31")
		}
		if n, err := db.FlagApprovalClocks(ctx); err != nil || n != 1 {
			t.Fatalf("flag: %d %v", n, err)
		}
		c.Add(2 * 24 * time.Hour) // Wednesday 4-2: the due day
		if count(stride.ClockNear) != 1 || count(stride.ClockOverdue) != 0 {
			t.Fatal("filters on the due day")
		}
		c.Add(24 * time.Hour) // Thursday 4-3: a day over
		if count(stride.ClockNear) != 0 || count(stride.ClockOverdue) != 1 {
			t.Fatal("filters a day over")
		}
		if _, err := db.RecomputeLights(ctx); err != nil {
			t.Fatal(err)
		}
		if lightOf(t, db, z.p1, stride.DimApproval) != stride.ColorRed {
			t.Error("the daily recomputation misses the overdue item")
		}
		if n, err := db.FlagApprovalClocks(ctx); err != nil || n != 1 {
			t.Fatalf("flag overdue: %d %v", n, err)
		}
		msgs, err := db.ListMessages(ctx, z.a, true, all)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range msgs.Items {
			titles = append(titles, m.Title)
		}
		if !slices.Contains(titles, "一号项目：near已超过承诺时限1个工作日") || !slices.Contains(titles, "一号项目：near剩余2个工作日到期（2025-04-02）") {
			t.Errorf("to-dos: %v", titles)
		}
	})
}

// Bad moves are refused with clear errors and write nothing.
func TestApprovalBadInput(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		it := mustItem(t, db, z.hq, z.p1, "permit", z.deptA, 7, 5)
		it = move(t, db, z.agent, it, stride.SideApplicant, stride.ItemReceived, "2025-03-03 09:00", "")
		it = move(t, db, z.a, it, stride.SideAuthority, stride.ItemAccepted, "2025-03-03 10:00", "")
		mark := auditMark(t, db)
		try := func(a *stride.Actor, side stride.Side, in stride.TransitionInput) error {
			in.Version = it.Version
			_, err := db.MoveApprovalItem(ctx, a, it.ID, side, in)
			return err
		}
		// The state machine forbids it; the message names both statuses.
		e := wantErr(t, try(z.a, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReceived}), stride.EConflict)
		if got := e.Msg.In(stride.LangZH); got != "审批事项当前为“已受理”，不能变为“已收件”" {
			t.Errorf("message %q", got)
		}
		// The applicant cannot decide.
		wantErr(t, try(z.agent, stride.SideApplicant, stride.TransitionInput{To: stride.ItemApproved}), stride.EConflict)
		// Before the previous step, and in the future.
		e = wantErr(t, try(z.a, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReviewing, At: sh("2025-03-03 09:59")}), stride.EInvalid)
		wantFields(t, e, map[string]string{"at": "event.before_previous"})
		e = wantErr(t, try(z.a, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReviewing, At: sh("2025-03-31 10:01")}), stride.EInvalid)
		wantFields(t, e, map[string]string{"at": "event.future"})
		// A stale version.
		_, err := db.MoveApprovalItem(ctx, z.a, it.ID, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReviewing, Version: it.Version - 1})
		wantErr(t, err, stride.EConflict)
		// Another department's item is not found; the owner sees it but does not handle it.
		wantErr(t, try(z.b, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReviewing}), stride.ENotFound)
		e = wantErr(t, try(z.owner1, stride.SideAuthority, stride.TransitionInput{To: stride.ItemReviewing}), stride.EForbidden)
		if e.Msg.Key != "approval.not_assigned" {
			t.Errorf("forbidden message %s", e.Msg.Key)
		}
		if got := auditSince(t, db, mark); len(got) != 0 {
			t.Errorf("refused moves wrote %d audit entries", len(got))
		}
		after, err := db.GetApprovalItem(ctx, z.hq, it.ID)
		if err != nil || after.Version != it.Version || after.Status != stride.ItemAccepted || len(after.Events) != 2 {
			t.Fatalf("the item changed: %v %+v", err, after)
		}
		// A filed item cannot be removed.
		wantErr(t, db.DeleteApprovalItem(ctx, z.hq, it.ID), stride.EConflict)
	})
}

// A department sees and handles the items, files and blockages assigned to it; an owner
// sees its own projects' and nothing else.
func TestApprovalScope(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		a1 := mustItem(t, db, z.hq, z.p1, "a1", z.deptA, 10, 5)
		b1 := mustItem(t, db, z.hq, z.p1, "b1", z.deptB, 10, 5)
		b2 := mustItem(t, db, z.hq, z.p2, "b2", z.deptB, 10, 5)
		ids := func(a *stride.Actor) []int64 {
			l, err := db.ListApprovalItems(ctx, a, stride.ApprovalFilter{Page: all})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, it := range l.Items {
				out = append(out, it.ID)
			}
			return out
		}
		for _, tc := range []struct {
			who  *stride.Actor
			want []int64
		}{
			{z.a, []int64{a1.ID}}, // though it leads p1, b1 is not its item
			{z.b, []int64{b1.ID, b2.ID}},
			{z.owner1, []int64{a1.ID, b1.ID}},
			{z.owner2, []int64{b2.ID}},
			{z.leader, []int64{a1.ID, b1.ID, b2.ID}},
		} {
			if got := ids(tc.who); !slices.Equal(got, tc.want) {
				t.Errorf("%s sees %v, want %v", tc.who.Username, got, tc.want)
			}
		}
		if _, err := db.GetApprovalItem(ctx, z.a, b1.ID); !stride.IsCode(err, stride.ENotFound) {
			t.Errorf("dept A reads B's item: %v", err)
		}
		if _, err := db.GetApprovalItem(ctx, z.owner2, a1.ID); !stride.IsCode(err, stride.ENotFound) {
			t.Errorf("owner 2 reads owner 1's item: %v", err)
		}
		if _, err := db.MoveApprovalItem(ctx, z.owner2, a1.ID, stride.SideApplicant, stride.TransitionInput{To: stride.ItemPreparing, Version: a1.Version}); !stride.IsCode(err, stride.ENotFound) {
			t.Errorf("owner 2 files owner 1's item: %v", err)
		}

		// Land files: the handling unit and the project's owner.
		f, err := db.CreateLandFile(ctx, z.hq, stride.LandFileInput{ProjectID: z.p1.ID, Parcel: "GX-01", AreaMu: 35.5, UnitID: z.deptB.ID, ReceivedAt: *sh("2025-03-28 09:00")})
		if err != nil {
			t.Fatal(err)
		}
		for who, want := range map[*stride.Actor]bool{z.b: true, z.owner1: true, z.a: false, z.owner2: false} {
			_, err := db.GetLandFile(ctx, who, f.ID)
			if (err == nil) != want {
				t.Errorf("%s reads the land file: %v", who.Username, err)
			}
		}
		_, err = db.RecordLandStep(ctx, z.owner1, f.ID, stride.LandStepInput{Step: stride.LandAccepted, Version: f.Version})
		wantErr(t, err, stride.EForbidden)
		if _, err := db.RecordLandStep(ctx, z.b, f.ID, stride.LandStepInput{Step: stride.LandAccepted, At: sh("2025-03-28 11:00"), Version: f.Version}); err != nil {
			t.Fatal(err)
		}

		// Blockages: the raiser's unit, the project's owner, and the owner unit once assigned.
		bl, err := db.CreateBlockage(ctx, z.owner1, stride.BlockageInput{ProjectID: z.p1.ID, Title: "施工用电未接入", Category: stride.BlockUtilities})
		if err != nil {
			t.Fatal(err)
		}
		sees := func(who *stride.Actor) bool {
			_, err := db.GetBlockage(ctx, who, bl.ID)
			return err == nil
		}
		if !sees(z.owner1) || sees(z.a) || sees(z.owner2) || !sees(z.hq) {
			t.Error("before assignment")
		}
		if _, err := db.CreateBlockage(ctx, z.owner2, stride.BlockageInput{ProjectID: z.p1.ID, Title: "x", Category: stride.BlockOther}); !stride.IsCode(err, stride.EInvalid) {
			t.Errorf("owner 2 raises on owner 1's project: %v", err)
		}
		bl, err = db.ActOnBlockage(ctx, z.hq, bl.ID, stride.ActAssign, stride.BlockageActionInput{OwnerUnitID: z.deptA.ID, Version: bl.Version})
		if err != nil {
			t.Fatal(err)
		}
		if !sees(z.a) || sees(z.b) {
			t.Error("after assignment")
		}
		_, err = db.ActOnBlockage(ctx, z.b, bl.ID, stride.ActAccept, stride.BlockageActionInput{Version: bl.Version})
		wantErr(t, err, stride.ENotFound)
		_, err = db.ActOnBlockage(ctx, z.owner1, bl.ID, stride.ActAccept, stride.BlockageActionInput{Version: bl.Version})
		wantErr(t, err, stride.EForbidden)
		l, err := db.ListBlockages(ctx, z.a, stride.BlockageFilter{Mine: true, Page: all})
		if err != nil || l.Total != 1 {
			t.Fatalf("dept A's turn: %v %d", err, l.Total)
		}
		if l, _ := db.ListBlockages(ctx, z.owner1, stride.BlockageFilter{Mine: true, Page: all}); l.Total != 0 {
			t.Errorf("owner's turn before the answer: %d", l.Total)
		}
	})
}

// Raise → assign → accept → answer → reopen → answer → confirm, with the clocks, whose
// turn it is, the to-dos and the statistics.
func TestBlockageFlow(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		act := func(who *stride.Actor, b *stride.Blockage, act stride.BlockageAction, note string) *stride.Blockage {
			t.Helper()
			in := stride.BlockageActionInput{Note: note, OwnerUnitID: z.deptA.ID, Version: b.Version}
			if err := in.Validate(act); err != nil {
				t.Fatal(err)
			}
			out, err := db.ActOnBlockage(ctx, who, b.ID, act, in)
			if err != nil {
				t.Fatalf("%s: %v", act, err)
			}
			return out
		}
		in := stride.BlockageInput{ProjectID: z.p1.ID, Title: "规划条件未明确", Category: stride.BlockApproval, RaisedAt: sh("2025-03-28 09:00")}
		_, err := db.CreateBlockage(ctx, z.owner1, in)
		wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"raised_at": "blockage.at_hq_only"}) // only HQ dates back
		in.RaisedAt = nil
		b, err := db.CreateBlockage(ctx, z.owner1, in)
		if err != nil {
			t.Fatal(err)
		}
		if b.Ball != stride.CourtHQ || b.RaiserUnitName != "企业一" {
			t.Fatalf("raised: %+v", b)
		}
		mark := auditMark(t, db)
		_, err = db.ActOnBlockage(ctx, z.owner1, b.ID, stride.ActConfirm, stride.BlockageActionInput{Version: b.Version})
		e := wantErr(t, err, stride.EConflict)
		if e.Msg.In(stride.LangZH) != "不能对“提出”状态的堵点执行“确认解决”" {
			t.Errorf("message %q", e.Msg.In(stride.LangZH))
		}
		_, err = db.ActOnBlockage(ctx, z.hq, b.ID, stride.ActAccept, stride.BlockageActionInput{Version: b.Version})
		wantErr(t, err, stride.EConflict) // nobody to accept yet
		if len(auditSince(t, db, mark)) != 0 {
			t.Fatal("refused actions were written")
		}
		b = act(z.hq, b, stride.ActAssign, "")
		if b.Response.Due != stride.MustDate("2025-04-03") || b.Resolve.Due != stride.MustDate("2025-04-15") || b.Ball != stride.CourtOwner {
			t.Fatalf("assigned: response due %s, resolve due %s, ball %s", b.Response.Due, b.Resolve.Due, b.Ball)
		}
		b = act(z.a, b, stride.ActAccept, "")
		b = act(z.a, b, stride.ActProgress, "已协调规划条件")
		c.Add(24 * time.Hour)
		b = act(z.a, b, stride.ActReply, "已出具规划条件")
		if b.Status != stride.BlockPending || b.Ball != stride.CourtRaiser || b.Resolve.State != stride.ClockPaused || b.Resolve.Used != 1 {
			t.Fatalf("answered: %+v", b)
		}
		msgs, _ := db.ListMessages(ctx, z.owner1, true, all)
		if msgs.Total != 1 || msgs.Items[0].Title != "堵点已答复，请确认：规划条件未明确" {
			t.Fatalf("raiser's to-dos: %+v", msgs.Items)
		}
		b = act(z.owner1, b, stride.ActReopen, "规划条件与用地不符")
		if b.Status != stride.BlockInProgress || b.Ball != stride.CourtOwner {
			t.Fatalf("reopened: %+v", b)
		}
		if msgs, _ := db.ListMessages(ctx, z.owner1, true, all); msgs.Total != 0 {
			t.Errorf("the raiser's to-do stays after reopening: %+v", msgs.Items)
		}
		c.Add(24 * time.Hour)
		b = act(z.a, b, stride.ActReply, "已重新出具")
		b = act(z.owner1, b, stride.ActConfirm, "")
		// Raised Monday 3-31, resolved Wednesday 4-2: 2 working days.
		if b.Status != stride.BlockResolved || b.DaysToResolve == nil || *b.DaysToResolve != 2 || b.Ball != stride.CourtNone {
			t.Fatalf("resolved: %+v", b)
		}
		full, err := db.GetBlockage(ctx, z.leader, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range full.Events {
			kinds = append(kinds, e.Kind)
		}
		if want := []string{"raise", "assign", "accept", "progress", "reply", "reopen", "reply", "confirm"}; !slices.Equal(kinds, want) {
			t.Errorf("timeline %v", kinds)
		}
		if _, err := db.CommentOnBlockage(ctx, z.leader, b.ID, true, "请规划建设局总结经验"); err != nil {
			t.Fatal(err)
		}

		// A second one, returned: it counts, but not against the resolution rate.
		r, err := db.CreateBlockage(ctx, z.owner1, stride.BlockageInput{ProjectID: z.p1.ID, Title: "不属于本单位职责", Category: stride.BlockFunding})
		if err != nil {
			t.Fatal(err)
		}
		r = act(z.hq, r, stride.ActAssign, "")
		r = act(z.a, r, stride.ActReturn, "属资金问题，请财政金融局办理")
		if r.Status != stride.BlockReturned || r.Ball != stride.CourtRaiser || r.ReturnReason == "" {
			t.Fatalf("returned: %+v", r)
		}
		st, err := db.BlockageStats(ctx, z.hq, stride.MustDate("2025-01-01"), stride.MustDate("2025-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Total != 2 || st.Total.Resolved != 1 || st.Total.Returned != 1 || st.Total.ResolutionRate != 100 || st.Total.AvgDays != 2 {
			t.Errorf("totals %+v", st.Total)
		}
		if len(st.ByUnit) != 1 || st.ByUnit[0].Name != "规划建设局" || len(st.ByCategory) != 2 {
			t.Errorf("by unit %+v, by category %+v", st.ByUnit, st.ByCategory)
		}
		if st, _ := db.BlockageStats(ctx, z.owner2, stride.MustDate("2025-01-01"), stride.MustDate("2025-12-31")); st.Total.Total != 0 {
			t.Errorf("owner 2 counts %d", st.Total.Total)
		}
	})
}

// Escalation climbs at exactly its thresholds as the clock moves: 1, 3 and 5 working days
// past the response limit, over the Qingming holiday.
func TestBlockageEscalation(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		b, err := db.CreateBlockage(ctx, z.owner1, stride.BlockageInput{ProjectID: z.p1.ID, Title: "临时用地未批", Category: stride.BlockLand})
		if err != nil {
			t.Fatal(err)
		}
		if b, err = db.ActOnBlockage(ctx, z.hq, b.ID, stride.ActAssign, stride.BlockageActionInput{OwnerUnitID: z.deptA.ID, Version: b.Version}); err != nil {
			t.Fatal(err)
		}
		// Assigned Monday 3-31 10:00: response due Thursday 4-3.
		for _, tc := range []struct {
			day   string
			level stride.EscalationLevel
			rose  int
		}{
			{"2025-04-03", 0, 0},
			{"2025-04-04", 0, 0}, // Qingming: no working day passes
			{"2025-04-07", 1, 1}, // 1 day over: 指挥部
			{"2025-04-08", 1, 0},
			{"2025-04-09", 2, 1}, // 3 days over: 分管领导
			{"2025-04-10", 2, 0},
			{"2025-04-11", 3, 1}, // 5 days over: 主要领导/调度会
			{"2025-04-14", 3, 0},
		} {
			day, _ := time.ParseInLocation("2006-01-02 15:04", tc.day+" 09:00", zoneSH)
			c.Add(day.Sub(c.Now()))
			n, err := db.EscalateBlockages(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.GetBlockage(ctx, z.hq, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.rose || got.Level != tc.level {
				t.Errorf("%s: %d rose, level %d (overdue %d); want %d, %d", tc.day, n, got.Level, got.OverdueDays, tc.rose, tc.level)
			}
		}
		got, _ := db.GetBlockage(ctx, z.hq, b.ID)
		if len(got.Escalations) != 3 || got.Escalations[0].Level != 1 || got.Escalations[2].Level != 3 || got.Escalations[2].Overdue != 5 {
			t.Fatalf("escalations %+v", got.Escalations)
		}
		// HQ was told at level 1, the leader at 2 and 3; the owner unit each time.
		titles := func(a *stride.Actor) []string {
			l, err := db.ListMessages(ctx, a, true, all)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range l.Items {
				out = append(out, m.Title)
			}
			return out
		}
		if got := titles(z.leader); !slices.Contains(got, "堵点升级：临时用地未批（已升至主要领导/调度会，超期5个工作日）") ||
			!slices.Contains(got, "堵点升级：临时用地未批（已升至分管领导，超期3个工作日）") {
			t.Errorf("leader: %v", got)
		}
		if got := titles(z.hq); !slices.Contains(got, "堵点升级：临时用地未批（已升至指挥部，超期1个工作日）") {
			t.Errorf("hq: %v", got)
		}
		l, err := db.ListBlockages(ctx, z.hq, stride.BlockageFilter{MinLevel: stride.LevelHQ, Overdue: true, Page: all})
		if err != nil || l.Total != 1 {
			t.Fatalf("HQ's escalated list: %v %d", err, l.Total)
		}
		// A manual escalation must go higher.
		_, err = db.EscalateBlockage(ctx, z.hq, b.ID, stride.BlockageActionInput{Level: stride.LevelLeader, Version: got.Version})
		wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"level": "blockage.level_not_higher"})
		// Accepted late, then answered and confirmed: the escalation to-dos close.
		got, err = db.ActOnBlockage(ctx, z.a, b.ID, stride.ActAccept, stride.BlockageActionInput{Version: got.Version})
		if err != nil || got.Level != 3 {
			t.Fatalf("accept: %v level %d", err, got.Level)
		}
		got, _ = db.ActOnBlockage(ctx, z.a, b.ID, stride.ActReply, stride.BlockageActionInput{Note: "已批", Version: got.Version})
		if _, err := db.ActOnBlockage(ctx, z.owner1, b.ID, stride.ActConfirm, stride.BlockageActionInput{Version: got.Version}); err != nil {
			t.Fatal(err)
		}
		if got := titles(z.leader); len(got) != 0 {
			t.Errorf("leader's to-dos after the resolution: %v", got)
		}
	})
}

func TestLandFileSteps(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		f, err := db.CreateLandFile(ctx, z.b, stride.LandFileInput{ProjectID: z.p2.ID, Parcel: "GX-2025-07", AreaMu: 80, UnitID: z.deptB.ID,
			ReceivedAt: *sh("2025-03-24 16:00")})
		if err != nil {
			t.Fatal(err)
		}
		step := func(s stride.LandStep, when string, needs bool) (*stride.LandFile, error) {
			return db.RecordLandStep(ctx, z.b, f.ID, stride.LandStepInput{Step: s, At: sh(when), NeedsSupplement: needs, Version: f.Version})
		}
		_, err = step(stride.LandReviewed, "2025-03-25 09:00", false)
		wantErr(t, err, stride.EConflict) // accept first
		_, err = step(stride.LandAccepted, "2025-03-24 15:00", false)
		wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"at": "event.before_previous"})
		for _, s := range []struct {
			step  stride.LandStep
			when  string
			needs bool
		}{{stride.LandAccepted, "2025-03-25 09:00", false}, {stride.LandReviewed, "2025-03-27 10:00", true},
			{stride.LandNotified, "2025-03-27 15:00", false}, {stride.LandSupplemented, "2025-03-28 10:00", false}} {
			if f, err = step(s.step, s.when, s.needs); err != nil {
				t.Fatalf("%s: %v", s.step, err)
			}
		}
		// Supplemented Friday: the report is due Monday 3-31, today.
		if f.Next != stride.LandReported || f.Checks[1].State != stride.CheckLate || f.Checks[3].State != stride.CheckPending {
			t.Fatalf("file %+v", f.Checks)
		}
		c.Add(24 * time.Hour)
		l, err := db.ListLandFiles(ctx, z.b, stride.LandFilter{Page: all}, true)
		if err != nil || l.Total != 1 {
			t.Fatalf("overdue files: %v %d", err, l.Total)
		}
		cmp, err := db.LandCompliance(ctx, z.hq, stride.MustDate("2025-03-01"), stride.MustDate("2025-03-31"), 0)
		if err != nil {
			t.Fatal(err)
		}
		// Accepted on time, reviewed late, notified on time, report overdue since 3-31.
		if cmp.Total.Measured != 4 || cmp.Total.OnTime != 2 || len(cmp.ByUnit) != 1 || cmp.ByUnit[0].UnitName != "自然资源和规划分局" {
			t.Errorf("compliance %+v", cmp.Total)
		}
		if n, err := db.FlagLandSteps(ctx); err != nil || n != 1 {
			t.Errorf("flag: %d %v", n, err)
		}
		if f, err = step(stride.LandReported, "2025-04-01 09:00", false); err != nil || f.Next != "" || f.Checks[3].State != stride.CheckLate {
			t.Fatalf("reported: %v %+v", err, f)
		}
		_, err = step(stride.LandReported, "2025-04-01 09:30", false)
		wantErr(t, err, stride.EConflict)
	})
}

func TestAgencyCase(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		z := newApprovalZone(t, db)
		ctx := context.Background()
		it := mustItem(t, db, z.hq, z.p1, "permit", z.deptA, 7, 5)
		agentID, err := db.UserIDByName(ctx, "agent")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.CreateCase(ctx, z.hq, stride.CaseInput{ProjectID: z.p1.ID, Mode: stride.ModeDelegate, AgentUserID: agentID,
			Plan: "一企一案：施工许可并联办理", ItemIDs: []int64{it.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if cs.EnterpriseName != "企业一" || !slices.Equal(cs.ItemIDs, []int64{it.ID}) || cs.Stage != stride.CaseApplied {
			t.Fatalf("case %+v", cs)
		}
		adv := func(to stride.CaseStage) (*stride.AgencyCase, error) {
			return db.AdvanceCase(ctx, z.agent, cs.ID, stride.CaseAdvanceInput{To: to, Version: cs.Version})
		}
		_, err = adv(stride.CaseAccepted)
		if e := wantErr(t, err, stride.EConflict); e.Msg.Key != "case.authorization_required" {
			t.Fatalf("accepted without authorisation: %v", e)
		}
		if _, err := db.AttachToCase(ctx, z.agent, cs.ID, stride.Attachment{Kind: "authorization", Name: "授权委托书.pdf",
			ContentType: "application/pdf", Size: 10, File: "files/x.pdf"}, "x"); err != nil {
			t.Fatal(err)
		}
		for _, to := range []stride.CaseStage{stride.CaseAccepted, stride.CaseTracking, stride.CaseTracking, stride.CaseDelivered} {
			if cs, err = adv(to); err != nil {
				t.Fatalf("%s: %v", to, err)
			}
		}
		_, err = adv(stride.CaseEvaluated)
		wantErr(t, err, stride.EConflict) // only with a score
		_, err = db.EvaluateCase(ctx, z.owner2, cs.ID, stride.EvaluationInput{Score: 5, Version: cs.Version})
		wantErr(t, err, stride.ENotFound)
		if cs, err = db.EvaluateCase(ctx, z.owner1, cs.ID, stride.EvaluationInput{Score: 4, Comment: "服务到位", Version: cs.Version}); err != nil {
			t.Fatal(err)
		}
		if cs.Stage != stride.CaseEvaluated || *cs.Score != 4 || len(cs.Events) != 6 || len(cs.Items) != 1 || !cs.Authorized {
			t.Fatalf("evaluated %+v", cs)
		}
		loads, err := db.AgentWorkload(ctx, z.hq)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, l := range loads {
			if l.AgentUserID == agentID {
				found = true
				if l.Evaluated != 1 || l.AvgScore != 4 || l.ByStage["evaluated"] != 1 || l.ItemsOpen != 1 {
					t.Errorf("load %+v", l)
				}
			}
		}
		if !found {
			t.Fatalf("no load for the agent: %+v", loads)
		}
		if l, _ := db.ListCases(ctx, z.owner2, stride.CaseFilter{Page: all}); l.Total != 0 {
			t.Errorf("owner 2 sees %d cases", l.Total)
		}
	})
}

func TestCalendarEntries(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		cal, err := db.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cal.AddWorkdays(stride.MustDate("2026-12-30"), 3); err == nil {
			t.Fatal("2027 counted before it was entered")
		}
		year := stride.CalendarYearInput{Entries: []stride.CalendarEntryInput{
			{Date: stride.MustDate("2027-01-01"), Off: true, Name: "元旦"},
			{Date: stride.MustDate("2027-02-06"), Off: true, Name: "春节"},
		}}
		if err := year.Validate(2027); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplaceCalendarYear(ctx, sys, 2027, year); err != nil {
			t.Fatal(err)
		}
		cal, _ = db.Calendar(ctx)
		// 12-31 Thursday, 1-1 holiday, 1-4 Monday, 1-5 Tuesday.
		if got, err := cal.AddWorkdays(stride.MustDate("2026-12-30"), 3); err != nil || got != stride.MustDate("2027-01-05") {
			t.Fatalf("into 2027: %s %v", got, err)
		}
		// Override a built-in holiday; a second entry for the day is a conflict.
		e, err := db.AddCalendarEntry(ctx, sys, stride.CalendarEntryInput{Date: stride.MustDate("2025-10-08"), Off: false, Name: "调整"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.AddCalendarEntry(ctx, sys, stride.CalendarEntryInput{Date: stride.MustDate("2025-10-08"), Off: true, Name: "x"})
		wantErr(t, err, stride.EConflict)
		es, err := db.CalendarEntries(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range es {
			if x.Date == stride.MustDate("2025-10-08") && (!x.Overrides || x.Off || x.Builtin) {
				t.Errorf("override %+v", x)
			}
		}
		years, err := db.CalendarYears(ctx)
		if err != nil || len(years) != 4 || years[3].Year != 2027 || years[3].Stored != 2 || years[3].Builtin {
			t.Fatalf("years %+v %v", years, err)
		}
		if err := db.DeleteCalendarEntry(ctx, sys, e.ID); err != nil {
			t.Fatal(err)
		}
		cal, _ = db.Calendar(ctx)
		if ok, _ := cal.IsWorkday(stride.MustDate("2025-10-08")); ok {
			t.Error("the built-in holiday did not come back")
		}
	})
}
