package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
	"github.com/stride-hq/stride/store"
)

// catalogueUnits are the demo zone's departments for the standard approval items.
var catalogueUnits = map[string]string{
	"project_approval": "经济发展局", "site_selection": "自然资源和规划分局", "land_use_permit": "自然资源和规划分局",
	"design_review": "规划建设局", "planning_permit": "自然资源和规划分局", "drawing_review": "规划建设局",
	"construction_permit": "规划建设局", "joint_acceptance": "规划建设局", "completion_filing": "规划建设局",
}

// approvalDemo writes the demo's approvals, cases, land files and blockages as the people
// who would have made them, at times counted back from today in working days.
type approvalDemo struct {
	ctx     context.Context
	db      *store.DB
	cal     *calendar.Calendar
	today   stride.Date
	loc     *time.Location
	unitIDs map[string]int64
	actors  map[string]*stride.Actor
}

// at is hh:mm on the working day n working days before today (the last working day).
func (d *approvalDemo) at(n int, hhmm string) *time.Time {
	day, err := d.cal.AddWorkdays(d.today, -n)
	if err != nil {
		panic(err) // checked up front: the calendar covers the demo's reach
	}
	t, _ := time.ParseInLocation("2006-01-02 15:04", day.String()+" "+hhmm, d.loc)
	return &t
}

// seedApprovals gives the demo zone its approval paths on working-day clocks (some near
// due, some overdue, one waiting for supplements), agency cases in every stage, land files
// timed at the four first-times, and blockages at every step and escalation level. A zone
// whose calendar does not reach back far enough (a year not entered) gets none; clocks that
// run into a year not yet entered show as such, as they would in a real zone in December.
func seedApprovals(ctx context.Context, db *store.DB, today stride.Date, ids []int64, unitIDs map[string]int64) error {
	d, err := newApprovalDemo(ctx, db, today, unitIDs)
	if err != nil || d == nil {
		return err
	}
	if err := d.catalogue(); err != nil {
		return fmt.Errorf("demo: catalogue: %w", err)
	}
	if err := d.paths(ids); err != nil {
		return fmt.Errorf("demo: approvals: %w", err)
	}
	if err := d.landFiles(ids); err != nil {
		return fmt.Errorf("demo: land files: %w", err)
	}
	if err := d.blockages(ids); err != nil {
		return fmt.Errorf("demo: blockages: %w", err)
	}
	_, err = db.EscalateBlockages(ctx)
	return err
}

// newApprovalDemo prepares the zone's actors and calendar for writing approvals and
// blockages dated back from today; nil when the calendar has no notice for part of the 130
// working days back that the demo reaches (the module is then left empty).
func newApprovalDemo(ctx context.Context, db *store.DB, today stride.Date, unitIDs map[string]int64) (*approvalDemo, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := cal.AddWorkdays(today, -130); err != nil {
		return nil, nil
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	// The story is told from the last working day: on a weekend or holiday the zone looks as
	// it did when the offices closed, and every clock reads the same as it did then.
	lastWorkday, err := cal.AddWorkdays(today.AddDays(1), -1)
	if err != nil {
		return nil, nil
	}
	d := &approvalDemo{ctx: ctx, db: db, cal: cal, today: lastWorkday, loc: loc, unitIDs: unitIDs, actors: map[string]*stride.Actor{}}
	for _, acc := range Accounts {
		id, err := db.UserIDByName(ctx, acc.Username)
		if err != nil {
			return nil, err
		}
		d.actors[acc.Username] = &stride.Actor{UserID: id, Username: acc.Username, Name: names[acc.Username],
			UnitID: unitIDs[acc.Unit], UnitName: acc.Unit, System: true}
	}
	// The 规划建设局 and 自然资源 staff have no demo accounts: they act as themselves.
	for _, u := range []string{"规划建设局", "自然资源和规划分局", "社会事业局"} {
		d.actors[u] = &stride.Actor{Username: "demo", Name: u + "经办人", UnitID: unitIDs[u], UnitName: u, System: true}
	}
	d.actors["经济发展局"] = d.actors["dept"]
	return d, nil
}

func (d *approvalDemo) catalogue() error {
	items, err := d.db.ApprovalCatalog(d.ctx)
	if err != nil {
		return err
	}
	for _, c := range items {
		unit := d.unitIDs[catalogueUnits[c.Code]]
		in := stride.CatalogInput{Code: c.Code, Name: c.Name, Stage: c.Stage, Seq: c.Seq, DefaultUnitID: &unit,
			StatutoryDays: c.StatutoryDays, PromisedDays: c.PromisedDays, ValidityMonths: c.ValidityMonths,
			Prerequisites: c.Prerequisites, Categories: c.Categories, Active: c.Active, Note: c.Note, Version: c.Version}
		if _, err := d.db.UpdateCatalogItem(d.ctx, stride.SystemActor("demo"), c.ID, in); err != nil {
			return err
		}
	}
	return nil
}

// step is one move of an item: who, to what, when (working days back and a time), why.
type step struct {
	who  string
	side stride.Side
	to   stride.ApprovalStatus
	back int
	hhmm string
	note string
}

// done is the usual run of an item answered on time: filed, accepted an hour later,
// approved after days working days.
func done(filed, days int, unit string) []step {
	return []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, filed, "09:30", ""},
		{unit, stride.SideAuthority, stride.ItemAccepted, filed, "10:30", ""},
		{unit, stride.SideAuthority, stride.ItemApproved, filed - days, "16:00", "准予许可"},
	}
}

func (d *approvalDemo) run(items map[string]*stride.ApprovalItem, code string, steps []step) (*stride.ApprovalItem, error) {
	it := items[code]
	for _, s := range steps {
		who := s.who
		if who == "unit" {
			who = catalogueUnits[code]
		}
		var err error
		it, err = d.db.MoveApprovalItem(d.ctx, d.actors[who], it.ID, s.side, stride.TransitionInput{To: s.to, At: d.at(s.back, s.hhmm),
			Note: s.note, PermitNo: permitNo(s.to, it.ID), Version: it.Version})
		if err != nil {
			return nil, fmt.Errorf("%s → %s: %w", code, s.to, err)
		}
	}
	items[code] = it
	return it, nil
}

func permitNo(to stride.ApprovalStatus, id int64) string {
	if to != stride.ItemApproved {
		return ""
	}
	return fmt.Sprintf("闽榕高新审〔%d〕%04d号", 2025, 100+id)
}

func (d *approvalDemo) path(projectID int64) (map[string]*stride.ApprovalItem, error) {
	list, err := d.db.BuildApprovalPath(d.ctx, d.actors["agent"], projectID, stride.PathInput{})
	if err != nil {
		return nil, err
	}
	out := map[string]*stride.ApprovalItem{}
	for _, it := range list {
		out[it.Code] = it
	}
	return out, nil
}

// paths builds the approval paths of the named projects and of a few new starts and
// preliminary projects, and moves their items to where a zone would have them.
func (d *approvalDemo) paths(ids []int64) error {
	early := []string{"project_approval", "site_selection", "land_use_permit", "design_review", "planning_permit", "drawing_review", "construction_permit"}
	// The hospital: everything before construction long approved.
	hospital, err := d.path(ids[0])
	if err != nil {
		return err
	}
	for i, code := range early {
		if _, err := d.run(hospital, code, done(125-i*15, 4, "unit")); err != nil {
			return err
		}
	}
	// 保利通信产业园, partly in use: the joint acceptance accepted six days ago, one day left.
	poly, err := d.path(ids[1])
	if err != nil {
		return err
	}
	for i, code := range early {
		if _, err := d.run(poly, code, done(120-i*15, 3, "unit")); err != nil {
			return err
		}
	}
	if _, err := d.run(poly, "joint_acceptance", []step{
		{"owner", stride.SideApplicant, stride.ItemPreparing, 12, "10:00", "整理消防、人防、规划核实资料"},
		{"owner", stride.SideApplicant, stride.ItemReceived, 6, "09:00", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 6, "10:00", ""},
		{"unit", stride.SideAuthority, stride.ItemReviewing, 5, "09:00", "联合验收组现场踏勘"},
	}); err != nil {
		return err
	}
	if err := d.cases(ids, poly); err != nil {
		return err
	}

	// New starts waiting for their permits.
	n1, err := d.path(ids[4])
	if err != nil {
		return err
	}
	for i, code := range early[:6] {
		if _, err := d.run(n1, code, done(90-i*12, 5, "unit")); err != nil {
			return err
		}
	}
	// The construction permit accepted six working days ago against a promise of three.
	if _, err := d.run(n1, "construction_permit", []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, 6, "09:30", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 6, "11:00", ""},
		{"unit", stride.SideAuthority, stride.ItemReviewing, 5, "10:00", ""},
	}); err != nil {
		return err
	}
	n2, err := d.path(ids[5])
	if err != nil {
		return err
	}
	for i, code := range early[:5] {
		if _, err := d.run(n2, code, done(80-i*12, 6, "unit")); err != nil {
			return err
		}
	}
	// Drawing review waiting for supplements: the clock stopped four days ago.
	if _, err := d.run(n2, "drawing_review", []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, 8, "09:00", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 8, "10:00", ""},
		{"unit", stride.SideAuthority, stride.ItemSupplement, 4, "15:00", "消防设计专篇缺少疏散宽度计算书，请补正"},
	}); err != nil {
		return err
	}
	n3, err := d.path(ids[6])
	if err != nil {
		return err
	}
	for i, code := range early[:4] {
		if _, err := d.run(n3, code, done(70-i*12, 5, "unit")); err != nil {
			return err
		}
	}
	// The planning permit accepted three days ago with five promised: two left.
	if _, err := d.run(n3, "planning_permit", []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, 3, "09:00", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 3, "09:40", ""},
	}); err != nil {
		return err
	}
	// A project approval filed yesterday with 经济发展局, and a site selection under way.
	n4, err := d.path(ids[7])
	if err != nil {
		return err
	}
	if _, err := d.run(n4, "project_approval", []step{
		{"agent", stride.SideApplicant, stride.ItemPreparing, 5, "10:00", ""},
		{"agent", stride.SideApplicant, stride.ItemReceived, 1, "15:00", ""},
	}); err != nil {
		return err
	}
	if _, err := d.run(n4, "site_selection", []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, 2, "09:00", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 2, "10:00", ""},
	}); err != nil {
		return err
	}
	// A refused design review, being prepared again.
	n5, err := d.path(ids[8])
	if err != nil {
		return err
	}
	for i, code := range early[:3] {
		if _, err := d.run(n5, code, done(60-i*10, 5, "unit")); err != nil {
			return err
		}
	}
	_, err = d.run(n5, "design_review", []step{
		{"agent", stride.SideApplicant, stride.ItemReceived, 20, "09:00", ""},
		{"unit", stride.SideAuthority, stride.ItemAccepted, 20, "10:00", ""},
		{"unit", stride.SideAuthority, stride.ItemRejected, 12, "16:00", "容积率超出规划条件，不予通过"},
		{"agent", stride.SideApplicant, stride.ItemPreparing, 10, "09:00", "按规划条件调整方案"},
	})
	return err
}

// cases opens agency cases in every stage, the agent carrying them.
func (d *approvalDemo) cases(ids []int64, poly map[string]*stride.ApprovalItem) error {
	agent := d.actors["agent"]
	advance := func(c *stride.AgencyCase, steps ...struct {
		to   stride.CaseStage
		back int
		note string
	}) (*stride.AgencyCase, error) {
		for _, s := range steps {
			var err error
			if c, err = d.db.AdvanceCase(d.ctx, agent, c.ID, stride.CaseAdvanceInput{To: s.to, At: d.at(s.back, "10:00"), Note: s.note, Version: c.Version}); err != nil {
				return nil, err
			}
		}
		return c, nil
	}
	type mv = struct {
		to   stride.CaseStage
		back int
		note string
	}
	// 保利: guided through its acceptance, the earlier permits delivered and rated.
	c, err := d.db.CreateCase(d.ctx, agent, stride.CaseInput{ProjectID: ids[1], Mode: stride.ModeAssist, AgentUserID: agent.UserID,
		Plan:    "一企一案：一期联合验收帮办——梳理消防、人防、规划核实清单，协调规划建设局联合验收组限时踏勘。",
		ItemIDs: []int64{poly["joint_acceptance"].ID}, AppliedAt: d.at(13, "15:00")})
	if err != nil {
		return err
	}
	if _, err = advance(c, mv{stride.CaseAccepted, 12, "指定专人帮办"}, mv{stride.CaseTracking, 6, "已报联合验收"}, mv{stride.CaseTracking, 2, "催办：现场踏勘意见"}); err != nil {
		return err
	}
	hospital, err := d.db.CreateCase(d.ctx, agent, stride.CaseInput{ProjectID: ids[0], Mode: stride.ModeAssist, AgentUserID: agent.UserID,
		Plan: "一企一案：施工许可阶段并联审批帮办。", AppliedAt: d.at(41, "15:00")})
	if err != nil {
		return err
	}
	if hospital, err = advance(hospital, mv{stride.CaseAccepted, 40, ""}, mv{stride.CaseTracking, 35, ""}, mv{stride.CaseDelivered, 30, "施工许可证已送达"}); err != nil {
		return err
	}
	if _, err := d.db.EvaluateCase(d.ctx, d.actors["hq"], hospital.ID, stride.EvaluationInput{Score: 5, Comment: "帮办人员全程跟进，办理高效。", Version: hospital.Version}); err != nil {
		return err
	}
	school, err := d.db.CreateCase(d.ctx, agent, stride.CaseInput{ProjectID: ids[3], Mode: stride.ModeAssist, AgentUserID: agent.UserID,
		Plan: "一企一案：规划许可帮办。", AppliedAt: d.at(21, "15:00")})
	if err != nil {
		return err
	}
	if _, err := advance(school, mv{stride.CaseAccepted, 20, ""}, mv{stride.CaseTracking, 18, ""}, mv{stride.CaseDelivered, 15, "规划许可证已送达"}); err != nil {
		return err
	}
	// A delegated case waits for the enterprise's signed authorisation.
	n2, err := d.db.ListApprovalItems(d.ctx, agent, stride.ApprovalFilter{ProjectID: ids[5], Page: stride.Page{Number: 1, Size: 50}})
	if err != nil {
		return err
	}
	var drawing []int64
	for _, it := range n2.Items {
		if it.Code == "drawing_review" || it.Code == "construction_permit" {
			drawing = append(drawing, it.ID)
		}
	}
	if _, err := d.db.CreateCase(d.ctx, agent, stride.CaseInput{ProjectID: ids[5], Mode: stride.ModeDelegate, AgentUserID: agent.UserID,
		Plan: "一企一案：施工图审查、施工许可代办，企业授权后由代办员报件。", ItemIDs: drawing, AppliedAt: d.at(3, "10:00")}); err != nil {
		return err
	}
	return nil
}

// landFiles opens land-approval files timed at the four first-times: some on time, one
// late, one overdue, one just in.
func (d *approvalDemo) landFiles(ids []int64) error {
	unit := d.unitIDs["自然资源和规划分局"]
	staff := d.actors["自然资源和规划分局"]
	type s struct {
		step  stride.LandStep
		back  int
		hhmm  string
		needs bool
	}
	files := []struct {
		project int64
		parcel  string
		area    float64
		use     string
		back    int
		hhmm    string
		steps   []s
	}{
		{ids[0], "GX2024-15号地块", 156.3, "医疗卫生用地", 60, "10:00", []s{{stride.LandAccepted, 60, "15:00", false}, {stride.LandReviewed, 59, "16:00", false}, {stride.LandReported, 58, "10:00", false}}},
		{ids[4], "GX2025-03号地块", 48.6, "工业用地", 30, "09:30", []s{{stride.LandAccepted, 29, "09:00", false}, {stride.LandReviewed, 28, "11:00", true},
			{stride.LandNotified, 28, "15:00", false}, {stride.LandSupplemented, 25, "10:00", false}, {stride.LandReported, 24, "16:00", false}}},
		// Accepted two days after the materials came: late.
		{ids[5], "GX2025-07号地块", 72.0, "工业用地", 20, "10:00", []s{{stride.LandAccepted, 18, "10:00", false}, {stride.LandReviewed, 17, "15:00", false}, {stride.LandReported, 16, "11:00", false}}},
		{ids[7], "GX2025-11号地块", 35.2, "科研用地", 6, "10:00", []s{{stride.LandAccepted, 5, "09:00", false}, {stride.LandReviewed, 4, "17:00", true},
			{stride.LandNotified, 3, "10:00", false}, {stride.LandSupplemented, 2, "09:00", false}, {stride.LandReported, 1, "10:00", false}}},
		// Reviewed three days ago and not yet reported: overdue.
		{ids[8], "GX2025-12号地块", 28.9, "工业用地", 5, "10:00", []s{{stride.LandAccepted, 5, "15:00", false}, {stride.LandReviewed, 3, "11:00", false}}},
		// In yesterday after office hours: it counts from today.
		{ids[6], "GX2025-14号地块", 41.7, "商务金融用地", 1, "18:10", nil},
	}
	for _, f := range files {
		lf, err := d.db.CreateLandFile(d.ctx, staff, stride.LandFileInput{ProjectID: f.project, Parcel: f.parcel, AreaMu: f.area, LandUse: f.use,
			UnitID: unit, ReceivedAt: *d.at(f.back, f.hhmm)})
		if err != nil {
			return err
		}
		for _, st := range f.steps {
			if lf, err = d.db.RecordLandStep(d.ctx, staff, lf.ID, stride.LandStepInput{Step: st.step, At: d.at(st.back, st.hhmm),
				NeedsSupplement: st.needs, Version: lf.Version}); err != nil {
				return fmt.Errorf("%s %s: %w", f.parcel, st.step, err)
			}
		}
	}
	return nil
}

// blockages raises the zone's blockages and moves them along: one to assign, some being
// handled, one waiting for the raiser, one resolved, one returned, two overdue.
func (d *approvalDemo) blockages(ids []int64) error {
	type act struct {
		who  string
		act  stride.BlockageAction
		back int
		note string
		unit string
	}
	list := []struct {
		project  int64
		who      string
		title    string
		category stride.BlockageCategory
		desc     string
		back     int
		acts     []act
	}{
		{ids[1], "owner", "一期消防验收排期未落实，影响光电企业入驻", stride.BlockApproval, "一期厂房已具备验收条件，消防验收尚未排期，已签约的3家光电企业无法按期入驻。", 6,
			[]act{{"hq", stride.ActAssign, 5, "请规划建设局牵头协调", "规划建设局"}, {"规划建设局", stride.ActAccept, 5, "", ""}, {"规划建设局", stride.ActProgress, 3, "已与消防验收组对接，拟下周现场踏勘", ""}}},
		{ids[4], "agent", "施工许可证超过承诺时限未办结", stride.BlockApproval, "施工图审查已合格，施工许可证受理后超过承诺时限仍未办结。", 10,
			[]act{{"hq", stride.ActAssign, 9, "", "规划建设局"}}},
		{ids[6], "hq", "施工临时用电未接入", stride.BlockUtilities, "项目已具备开工条件，临时用电报装尚未接入。", 5,
			[]act{{"hq", stride.ActAssign, 4, "请经济发展局协调供电公司", "经济发展局"}}},
		{ids[0], "hq", "医院东侧规划道路征迁未完成", stride.BlockRelocation, "东侧规划支路尚有2户未签约，影响医院出入口施工。", 13,
			[]act{{"hq", stride.ActAssign, 12, "", "规划建设局"}, {"规划建设局", stride.ActAccept, 11, "", ""},
				{"规划建设局", stride.ActProgress, 8, "已约谈被征迁户", ""}, {"规划建设局", stride.ActReply, 2, "2户已签约，计划本月底前完成交地", ""}}},
		{ids[5], "agent", "用地红线与规划条件不一致", stride.BlockLand, "出让用地红线与规划条件西侧边界不一致，影响方案审查。", 35,
			[]act{{"hq", stride.ActAssign, 34, "", "自然资源和规划分局"}, {"自然资源和规划分局", stride.ActAccept, 33, "", ""},
				{"自然资源和规划分局", stride.ActReply, 27, "已出具红线核定意见", ""}, {"agent", stride.ActConfirm, 26, "", ""}}},
		{ids[8], "agent", "项目资本金未到位", stride.BlockFunding, "企业项目资本金到位不足，申请协调银行贷款。", 8,
			[]act{{"hq", stride.ActAssign, 7, "", "规划建设局"}, {"规划建设局", stride.ActReturn, 6, "属融资问题，请转财政金融局“政银企”对接", ""}}},
		{ids[1], "owner", "二期厂房用电增容方案未明确", stride.BlockUtilities, "二期厂房用电负荷需增容至10000千伏安，增容方案尚未明确。", 1, nil},
		{ids[2], "hq", "人才港配套道路移交手续未办理", stride.BlockOther, "配套道路已竣工，移交市政管养手续未办理。", 40,
			[]act{{"hq", stride.ActAssign, 39, "", "经济发展局"}, {"dept", stride.ActAccept, 38, "", ""},
				{"dept", stride.ActReply, 30, "已完成移交", ""}, {"hq", stride.ActConfirm, 29, "", ""}}},
	}
	for _, b := range list {
		bl, err := d.db.CreateBlockage(d.ctx, d.actors[b.who], stride.BlockageInput{ProjectID: b.project, Title: b.title, Category: b.category,
			Description: b.desc, RaisedAt: d.at(b.back, "09:00")})
		if err != nil {
			return fmt.Errorf("%s: %w", b.title, err)
		}
		for _, a := range b.acts {
			in := stride.BlockageActionInput{At: d.at(a.back, "10:00"), Note: a.note, Version: bl.Version}
			if a.unit != "" {
				in.OwnerUnitID = d.unitIDs[a.unit]
			}
			if bl, err = d.db.ActOnBlockage(d.ctx, d.actors[a.who], bl.ID, a.act, in); err != nil {
				return fmt.Errorf("%s %s: %w", b.title, a.act, err)
			}
		}
	}
	return nil
}

// generatedPath builds a generated project's approval path and moves it along: its first
// items (up to half) approved one after another over the last half year, the next one
// filed a few working days ago and accepted, then under review, waiting for supplements
// or still within its promised days, some of them past it. Every step lies at least a
// working day back, so none is in the future whenever the generator runs.
func (d *approvalDemo) generatedPath(rng *rand.Rand, projectID int64) error {
	items, err := d.path(projectID)
	if err != nil {
		return err
	}
	order := slices.SortedFunc(maps.Values(items), func(a, b *stride.ApprovalItem) int { return cmp.Compare(a.Seq, b.Seq) })
	back := 100 + rng.IntN(25)
	k := 0
	for approved := rng.IntN(len(order)/2 + 1); k < approved && back > 10; k++ {
		it := order[k]
		days := 1 + rng.IntN(min(it.Limit(), back-2))
		if _, err := d.run(items, it.Code, done(back, days, "unit")); err != nil {
			return err
		}
		back -= days + 1 + rng.IntN(10)
	}
	if k == len(order) {
		return nil
	}
	it := order[k]
	filed := 1 + rng.IntN(max(1, min(back, it.Limit()+8))) // back may have run below 1
	steps := []step{{"agent", stride.SideApplicant, stride.ItemPreparing, filed, "09:00", "准备申报材料"}}
	if rng.Float64() < 0.85 {
		steps = append(steps, step{"agent", stride.SideApplicant, stride.ItemReceived, filed, "09:30", ""},
			step{"unit", stride.SideAuthority, stride.ItemAccepted, filed, "10:30", ""})
		if filed > 1 {
			switch r := rng.Float64(); {
			case r < 0.35:
				steps = append(steps, step{"unit", stride.SideAuthority, stride.ItemReviewing, filed - 1, "15:00", "技术审查"})
			case r < 0.5:
				steps = append(steps, step{"unit", stride.SideAuthority, stride.ItemSupplement, filed - 1, "15:00", "请补正申报材料"})
			}
		}
	}
	_, err = d.run(items, it.Code, steps)
	return err
}

// blockageTitles are generated blockages' titles and descriptions by category.
var blockageTitles = map[stride.BlockageCategory][2]string{
	stride.BlockLand:         {"项目用地报批手续未完成", "项目用地尚未完成农转用报批，影响供地进度。"},
	stride.BlockApproval:     {"审批事项超承诺时限未办结", "申报材料已齐全，审批事项超过承诺时限仍未办结。"},
	stride.BlockFunding:      {"项目建设资金未足额到位", "项目资本金到位不足，申请协调融资对接。"},
	stride.BlockUtilities:    {"施工临时水电未接入", "项目已具备施工条件，临时用水用电报装尚未接入。"},
	stride.BlockRelocation:   {"征迁交地未完成", "项目红线内尚有地上物未完成征迁，影响进场施工。"},
	stride.BlockEnvironment:  {"环评批复未取得", "环境影响评价报告书已报审，批复尚未取得。"},
	stride.BlockConstruction: {"施工进度滞后需协调", "受周边道路施工影响，渣土外运受阻，主体施工滞后。"},
	stride.BlockOther:        {"配套设施建设未落实", "项目周边配套道路和管网建设计划尚未落实。"},
}

// generatedBlockage raises a blockage on a generated project, raised by HQ up to a hundred
// working days back and assigned to the project's lead unit, and stops it at a step of its
// course: most resolved, others waiting for assignment, acceptance, an answer or the
// raiser's confirmation, a few returned.
func (d *approvalDemo) generatedBlockage(rng *rand.Rand, w workTarget) error {
	category := stride.BlockageCategories[rng.IntN(len(stride.BlockageCategories))]
	text := blockageTitles[category]
	back := 2 + rng.IntN(100)
	hq := d.actors["hq"]
	unit := &stride.Actor{Username: "gen", Name: "责任单位经办人", UnitID: w.lead, System: true}
	type move struct {
		who  *stride.Actor
		act  stride.BlockageAction
		note string
	}
	assign := move{hq, stride.ActAssign, "请责任单位牵头协调"}
	accept := move{unit, stride.ActAccept, ""}
	var moves []move
	switch r := rng.Float64(); {
	case r < 0.05:
	case r < 0.10:
		moves = []move{assign, {unit, stride.ActReturn, "不属于本单位职责，请重新分派"}}
	case r < 0.20:
		moves = []move{assign}
	case r < 0.30:
		moves = []move{assign, accept}
	case r < 0.45:
		moves = []move{assign, accept, {unit, stride.ActProgress, "已召开协调会，正在推进"}}
	case r < 0.55:
		moves = []move{assign, accept, {unit, stride.ActReply, "已协调解决，请确认"}}
	default:
		moves = []move{assign, accept, {unit, stride.ActReply, "已协调解决，请确认"}, {hq, stride.ActConfirm, ""}}
	}
	bl, err := d.db.CreateBlockage(d.ctx, hq, stride.BlockageInput{ProjectID: w.id, Title: text[0], Category: category,
		Description: text[1], RaisedAt: d.at(back, "09:00")})
	if err != nil {
		return err
	}
	hours := []string{"10:00", "11:00", "14:00", "15:00", "16:00"}
	for j, m := range moves {
		back = max(1, back-rng.IntN(back/len(moves)+1))
		in := stride.BlockageActionInput{At: d.at(back, hours[j]), Note: m.note, Version: bl.Version}
		if m.act == stride.ActAssign {
			in.OwnerUnitID = w.lead
		}
		if bl, err = d.db.ActOnBlockage(d.ctx, m.who, bl.ID, m.act, in); err != nil {
			return fmt.Errorf("%s: %w", m.act, err)
		}
	}
	return nil
}
