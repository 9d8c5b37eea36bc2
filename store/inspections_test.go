package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

var checklist = []stride.ChecklistSection{
	{Title: "进度", Items: []stride.ChecklistItem{{Text: "投资完成达到序时进度"}, {Text: "节点按期"}}},
	{Title: "安全文明施工", Items: []stride.ChecklistItem{{Text: "围挡与扬尘治理"}}},
}

// A week's inspection end to end: a checklist from a template, a finding, a rectification
// order due in working days, the target unit's answer, HQ's return and close; who may see
// and answer; the order's clock and its place in the bulletin.
func TestInspectionsAndOrders(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		deptA := mustUnit(t, db, root, "规划建设局", stride.UnitDepartment)
		deptB := mustUnit(t, db, root, "经济发展局", stride.UnitDepartment)
		owner := mustUnit(t, db, root, "良存学校", stride.UnitEnterprise)
		hq := mustUser(t, db, root, "hq", stride.RoleHQ)
		a := mustUser(t, db, deptA, "a", stride.RoleDept)
		bUser := mustUser(t, db, deptB, "b", stride.RoleDept)
		school := mustProject(t, db, hq, "良存华侨学校新校区", owner, deptA)
		other := mustProject(t, db, hq, "保利通信产业园", owner, deptB)

		tmpl, err := db.SaveInspectionTemplate(ctx, hq, 0, stride.InspectionTemplateInput{Name: "现场督查表", Sections: checklist, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveInspectionTemplate(ctx, hq, 0, stride.InspectionTemplateInput{Name: "现场督查表", Sections: checklist})
		wantFields(t, wantErr(t, err, stride.EConflict), map[string]string{"name": "validate.duplicate"})

		today := stride.DateOf(c.Now())
		week := stride.WeekOf(today)
		plan, err := db.SaveInspection(ctx, hq, 0, stride.InspectionInput{Week: week.String(), Title: "第一组督查", PlannedOn: today,
			Team: "督查组", Status: stride.InspectionPlanned, ProjectIDs: []int64{school.ID, other.ID}, UnitIDs: []int64{deptA.ID}})
		if err != nil || len(plan.Projects) != 2 || len(plan.Units) != 1 {
			t.Fatalf("plan: %v %+v", err, plan)
		}
		// A visit from the template starts with its checklist, unanswered.
		v, err := db.SaveVisit(ctx, hq, plan.ID, 0, stride.VisitInput{ProjectID: school.ID, TemplateID: &tmpl.ID, VisitedOn: today})
		if err != nil || len(v.Checklist) != 2 || v.Checklist[0].Items[1].Text != "节点按期" || v.Problems != 0 {
			t.Fatalf("visit: %v %+v", err, v)
		}
		answered := v.Checklist
		answered[0].Items[0].Answer, answered[0].Items[0].Note = stride.AnswerProblem, "低于序时进度"
		answered[1].Items[0].Answer = stride.AnswerOK
		if v, err = db.SaveVisit(ctx, hq, 0, v.ID, stride.VisitInput{ProjectID: school.ID, TemplateID: &tmpl.ID, VisitedOn: today,
			Checklist: answered, Summary: "主体施工中", Version: v.Version}); err != nil || v.Problems != 1 {
			t.Fatalf("answer the checklist: %v %+v", err, v)
		}
		// Editing the template later leaves the visit's copy alone.
		changed := append([]stride.ChecklistSection{}, checklist[0])
		if _, err := db.SaveInspectionTemplate(ctx, hq, tmpl.ID, stride.InspectionTemplateInput{Name: "现场督查表", Sections: changed, Version: tmpl.Version}); err != nil {
			t.Fatal(err)
		}
		if v2, _ := db.GetVisit(ctx, hq, v.ID); len(v2.Checklist) != 2 {
			t.Fatal("the template's change reached a recorded visit")
		}

		f, err := db.SaveFinding(ctx, hq, v.ID, 0, stride.FindingInput{Item: "投资完成达到序时进度", Matter: "劳动力投入不足", Severity: stride.SeverityGeneral})
		if err != nil {
			t.Fatal(err)
		}
		// Issued on Monday 2025-03-31 before office hours end: day 0 is that day, and three
		// working days later is Thursday 2025-04-03 (Qingming begins on the 4th).
		o, err := db.IssueOrder(ctx, hq, f.ID, stride.OrderInput{TargetUnitID: deptA.ID, LimitDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		if o.Code != "督办〔2025〕1号" || o.IssuedOn.String() != "2025-03-31" || o.DueOn.String() != "2025-04-03" || o.Status != stride.OrderOpen ||
			o.Matter != "劳动力投入不足" || o.DaysLeft == nil || *o.DaysLeft != 3 || o.Overdue {
			t.Fatalf("order: %+v", o)
		}
		_, err = db.IssueOrder(ctx, hq, f.ID, stride.OrderInput{TargetUnitID: deptA.ID, LimitDays: 3})
		wantErr(t, err, stride.EConflict)
		// The order enters the blockage ledger, assigned to its target unit.
		if o, err = db.LinkOrderBlockage(ctx, hq, o.ID, stride.BlockConstruction); err != nil || o.BlockageID == nil {
			t.Fatalf("link: %v %+v", err, o)
		}
		blockage := func() *stride.Blockage {
			t.Helper()
			b, err := db.GetBlockage(ctx, hq, *o.BlockageID)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if b := blockage(); b.Status != stride.BlockRaised || b.OwnerUnitID == nil || *b.OwnerUnitID != deptA.ID || b.Category != stride.BlockConstruction ||
			b.ProjectID != school.ID {
			t.Fatalf("the order's blockage: %+v", b)
		}
		if again, err := db.LinkOrderBlockage(ctx, hq, o.ID, stride.BlockOther); err != nil || *again.BlockageID != *o.BlockageID {
			t.Fatalf("linked twice: %v", err)
		}
		sync := func(who *stride.Actor, want stride.BlockageStatus) {
			t.Helper()
			if err := db.SyncOrderBlockage(ctx, who, o.ID); err != nil {
				t.Fatal(err)
			}
			if b := blockage(); b.Status != want {
				t.Fatalf("blockage %s, want %s", b.Status, want)
			}
		}
		_, err = db.SaveFinding(ctx, hq, 0, f.ID, stride.FindingInput{Matter: "改", Severity: stride.SeverityGeneral, Version: f.Version})
		wantErr(t, err, stride.EConflict)
		wantErr(t, db.DeleteFinding(ctx, hq, f.ID), stride.EConflict)
		_, err = db.IssueOrder(ctx, hq, f.ID+100, stride.OrderInput{TargetUnitID: deptA.ID, LimitDays: 3})
		wantErr(t, err, stride.ENotFound)

		// The target unit has it on its to-do list and in its orders; another unit does not.
		orderTodos := func() int {
			msgs, _ := db.ListMessages(ctx, a, true, all)
			n := 0
			for _, m := range msgs.Items {
				if strings.HasPrefix(m.Link, "/orders/") {
					n++
				}
			}
			return n
		}
		if n := orderTodos(); n != 1 {
			t.Fatalf("target's to-dos: %d", n)
		}
		if list, _ := db.ListOrders(ctx, a, stride.OrderFilter{Page: all}); list.Total != 1 {
			t.Fatalf("target lists %d orders", list.Total)
		}
		if list, _ := db.ListOrders(ctx, bUser, stride.OrderFilter{Page: all}); list.Total != 0 {
			t.Fatalf("another unit lists %d orders", list.Total)
		}
		_, err = db.AnswerOrder(ctx, bUser, o.ID, stride.OrderFeedback{Feedback: "不是我", Version: o.Version})
		wantErr(t, err, stride.ENotFound)
		// An order on B's project addressed to A: B sees it, but only A answers it.
		v2, _ := db.SaveVisit(ctx, hq, plan.ID, 0, stride.VisitInput{ProjectID: other.ID, TemplateID: &tmpl.ID, VisitedOn: today})
		f2, _ := db.SaveFinding(ctx, hq, v2.ID, 0, stride.FindingInput{Matter: "用电增容未落实"})
		o2, err := db.IssueOrder(ctx, hq, f2.ID, stride.OrderInput{TargetUnitID: deptA.ID, LimitDays: 1})
		if err != nil || o2.Code != "督办〔2025〕2号" {
			t.Fatalf("second order: %v %+v", err, o2)
		}
		if _, err := db.GetOrder(ctx, bUser, o2.ID); err != nil {
			t.Fatalf("B reads the order on its project: %v", err)
		}
		_, err = db.AnswerOrder(ctx, bUser, o2.ID, stride.OrderFeedback{Feedback: "已落实", Version: o2.Version})
		wantErr(t, err, stride.EForbidden)

		// Answer, return, answer, close.
		o, err = db.AnswerOrder(ctx, a, o.ID, stride.OrderFeedback{Feedback: "已增加劳动力200人", Version: o.Version})
		if err != nil || o.Status != stride.OrderAnswered || o.AnsweredAt == nil {
			t.Fatalf("answer: %v %+v", err, o)
		}
		sync(a, stride.BlockPending)
		_, err = db.AnswerOrder(ctx, a, o.ID, stride.OrderFeedback{Feedback: "again", Version: o.Version})
		wantErr(t, err, stride.EConflict)
		if o, err = db.ReturnOrder(ctx, hq, o.ID, stride.OrderClose{Note: "缺少佐证材料", Version: o.Version}); err != nil || o.Status != stride.OrderOpen || o.ReturnReason != "缺少佐证材料" {
			t.Fatalf("return: %v %+v", err, o)
		}
		sync(hq, stride.BlockInProgress)
		if o, err = db.AnswerOrder(ctx, a, o.ID, stride.OrderFeedback{Feedback: "已补充考勤记录", Version: o.Version}); err != nil {
			t.Fatal(err)
		}
		sync(a, stride.BlockPending)
		ev, err := db.AddOrderEvidence(ctx, a, o.ID, stride.Photo{ContentType: "image/png", Size: 10, File: "photos/x.png", Thumb: "photos/x_t.jpg"}, "x")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetInspectionPhoto(ctx, a, ev.ID); err != nil {
			t.Fatalf("target reads its evidence: %v", err)
		}
		if o, err = db.CloseOrder(ctx, hq, o.ID, stride.OrderClose{Result: stride.ResultDone, Note: "复核到位", Version: o.Version}); err != nil ||
			o.Status != stride.OrderClosed || o.Result != stride.ResultDone || o.DaysLeft != nil || len(o.Evidence) != 1 {
			t.Fatalf("close: %v %+v", err, o)
		}
		sync(hq, stride.BlockResolved)
		_, err = db.CloseOrder(ctx, hq, o.ID, stride.OrderClose{Result: stride.ResultDone, Version: o.Version})
		wantErr(t, err, stride.EConflict)
		if n := orderTodos(); n != 1 { // the second order's; the closed one's are done
			t.Fatalf("open to-dos after closing: %d", n)
		}

		// The second order's clock runs out: overdue, in the overdue filter and the bulletin.
		c.Add(4 * 24 * time.Hour) // Friday 2025-04-04, a holiday; due was Tuesday the 1st
		o2, _ = db.GetOrder(ctx, hq, o2.ID)
		if !o2.Overdue || o2.DaysLeft == nil || *o2.DaysLeft >= 0 {
			t.Fatalf("overdue order: %+v", o2)
		}
		if list, _ := db.ListOrders(ctx, hq, stride.OrderFilter{Overdue: true, Page: all}); list.Total != 1 || list.Items[0].ID != o2.ID {
			t.Fatalf("overdue filter: %+v", list)
		}
		b, _, err := db.DraftBulletin(ctx, hq, week)
		if err != nil {
			t.Fatal(err)
		}
		in := b.Content.Inspections
		if in.Visits != 2 || in.Findings != 2 || in.Orders != 2 || in.Open != 1 || in.Overdue != 1 || in.Closed != 1 || in.Problems != 1 || len(in.Items) != 2 {
			t.Fatalf("bulletin inspections: %+v", in)
		}
		if it := in.Items[0]; it.OrderCode != "督办〔2025〕1号" || it.Result != stride.ResultDone || it.TargetUnit != "规划建设局" {
			t.Fatalf("first finding line: %+v", it)
		}
		// The counts on the plan.
		got, _ := db.GetInspection(ctx, hq, plan.ID)
		if got.Counts != (stride.InspectionCounts{Visits: 2, Findings: 2, Orders: 2, Open: 1}) || len(got.Visits) != 2 {
			t.Fatalf("plan counts %+v", got.Counts)
		}
		// A's scope reaches the plan through its unit and its project, but only its visit.
		if gotA, err := db.GetInspection(ctx, a, plan.ID); err != nil || len(gotA.Visits) != 1 {
			t.Fatalf("department's view of the plan: %v", err)
		}
		wantErr(t, db.DeleteInspection(ctx, hq, plan.ID), stride.EConflict)
		if cp, err := db.Cockpit(ctx, hq); err != nil || cp.Orders != (stride.OrderTally{Open: 1, Overdue: 1, Closed: 1}) || len(cp.Findings) != 2 {
			t.Fatalf("cockpit: %v %+v %+v", err, cp.Orders, cp.Findings)
		}
	})
}
