package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// scopeWorld is an organisation with projects spread over it:
//
//	HQ ─┬─ deptA ─┬─ entA1
//	    │         └─ entA2
//	    ├─ deptB ─── entB1
//	    └─ bank
//
//	p1 owner entA1, lead deptA     p5 owner entA1, lead HQ
//	p2 owner entA2, lead deptB     p6 owner entB1, lead HQ
//	p3 owner entB1, lead deptB     p7 owner entB1, lead deptB, created by the self-scoped user
//	p4 owner entB1, lead deptA
type scopeWorld struct {
	hq, deptA, deptB, entA1, entA2, entB1, bank *stride.Unit
	p                                           [8]*stride.Project // p[1]…p[7]
	self                                        *stride.Actor
}

func newScopeWorld(t *testing.T, db *store.DB) *scopeWorld {
	t.Helper()
	w := &scopeWorld{}
	w.hq = mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
	w.deptA = mustUnit(t, db, w.hq, "经发局", stride.UnitDepartment)
	w.deptB = mustUnit(t, db, w.hq, "住建局", stride.UnitDepartment)
	w.entA1 = mustUnit(t, db, w.deptA, "甲一公司", stride.UnitEnterprise)
	w.entA2 = mustUnit(t, db, w.deptA, "甲二公司", stride.UnitEnterprise)
	w.entB1 = mustUnit(t, db, w.deptB, "乙一公司", stride.UnitEnterprise)
	w.bank = mustUnit(t, db, w.hq, "开发银行", stride.UnitBank)
	w.p[1] = mustProject(t, db, sys, "P1", w.entA1, w.deptA)
	w.p[2] = mustProject(t, db, sys, "P2", w.entA2, w.deptB)
	w.p[3] = mustProject(t, db, sys, "P3", w.entB1, w.deptB)
	w.p[4] = mustProject(t, db, sys, "P4", w.entB1, w.deptA)
	w.p[5] = mustProject(t, db, sys, "P5", w.entA1, w.hq)
	w.p[6] = mustProject(t, db, sys, "P6", w.entB1, w.hq)
	selfRole := mustRole(t, db, "mine", stride.ScopeSelf)
	w.self = mustActor(t, db, w.entA1, "self", selfRole.ID)
	w.p[7] = mustProject(t, db, w.self, "P7", w.entB1, w.deptB)
	return w
}

// ids maps project numbers to ids.
func (w *scopeWorld) ids(n ...int) []int64 {
	out := []int64{}
	for _, i := range n {
		out = append(out, w.p[i].ID)
	}
	return out
}

func TestProjectScope(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		w := newScopeWorld(t, db)
		if w.p[7].CreatedBy == nil || *w.p[7].CreatedBy != w.self.UserID || w.p[1].CreatedBy != nil {
			t.Fatalf("created by: p7 %v, p1 %v", w.p[7].CreatedBy, w.p[1].CreatedBy)
		}
		id := func(code string) int64 { return roleID(t, db, code) }
		down := mustRole(t, db, "down", stride.ScopeUnitAndDown)
		custom := mustRole(t, db, "custom", stride.ScopeCustom, w.entA2.ID, w.hq.ID)
		customB := mustRole(t, db, "customb", stride.ScopeCustom, w.entB1.ID)
		customA1 := mustRole(t, db, "customa1", stride.ScopeCustom, w.entA1.ID)

		tests := []struct {
			name  string
			actor *stride.Actor
			want  []int
		}{
			{"system", sys, []int{1, 2, 3, 4, 5, 6, 7}},
			{"hq role", mustActor(t, db, w.hq, "hq", id(stride.RoleHQ)), []int{1, 2, 3, 4, 5, 6, 7}},
			{"leader role", mustActor(t, db, w.hq, "leader", id(stride.RoleLeader)), []int{1, 2, 3, 4, 5, 6, 7}},
			{"dept role in deptA: lead or owner is deptA", mustActor(t, db, w.deptA, "depta", id(stride.RoleDept)), []int{1, 4}},
			{"dept role in deptB", mustActor(t, db, w.deptB, "deptb", id(stride.RoleDept)), []int{2, 3, 7}},
			{"dept role in HQ: only HQ-led projects", mustActor(t, db, w.hq, "depthq", id(stride.RoleDept)), []int{5, 6}},
			{"owner role in entA1", mustActor(t, db, w.entA1, "owna1", id(stride.RoleOwner)), []int{1, 5}},
			{"owner role in entB1", mustActor(t, db, w.entB1, "ownb1", id(stride.RoleOwner)), []int{3, 4, 6, 7}},
			{"owner role in entA2", mustActor(t, db, w.entA2, "owna2", id(stride.RoleOwner)), []int{2}},
			{"bank role", mustActor(t, db, w.bank, "bank", id(stride.RoleBank)), []int{}},
			{"no role", mustActor(t, db, w.hq, "norole"), []int{}},
			{"unit and down from deptA", mustActor(t, db, w.deptA, "downa", down.ID), []int{1, 2, 4, 5}},
			{"unit and down from deptB", mustActor(t, db, w.deptB, "downb", down.ID), []int{2, 3, 4, 6, 7}},
			{"unit and down from entA1 (a leaf)", mustActor(t, db, w.entA1, "downa1", down.ID), []int{1, 5}},
			{"unit and down from HQ", mustActor(t, db, w.hq, "downhq", down.ID), []int{1, 2, 3, 4, 5, 6, 7}},
			{"custom entA2 + HQ", mustActor(t, db, w.deptB, "custom", custom.ID), []int{2, 5, 6}},
			{"self", w.self, []int{7}},
			{"union: owner entA1 + custom entB1", mustActor(t, db, w.entA1, "union1", id(stride.RoleOwner), customB.ID), []int{1, 3, 4, 5, 6, 7}},
			{"union: dept deptB + custom entA1", mustActor(t, db, w.deptB, "union2", id(stride.RoleDept), customA1.ID), []int{1, 2, 3, 5, 7}},
			{"union: dept deptA + self", mustActor(t, db, w.deptA, "union3", id(stride.RoleDept), roleID(t, db, "mine")), []int{1, 4}},
			{"union: bank + unit and down from entB1", mustActor(t, db, w.entB1, "union4", id(stride.RoleBank), down.ID), []int{3, 4, 6, 7}},
		}
		// Two reports of each project; the report list keeps to the same scope, read in
		// pages of three, in the list's order.
		for i := 1; i <= 7; i++ {
			for m := 1; m <= 2; m++ {
				if _, err := db.SubmitReport(ctx, sys, w.p[i].ID, stride.ReportInput{Year: 2025, Month: m, Investment: 1_000_000, Progress: "施工"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		allReports, err := db.ListReports(ctx, sys, stride.ReportFilter{Page: all})
		if err != nil || allReports.Total != 14 {
			t.Fatalf("every report: %d (%v)", allReports.Total, err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := w.ids(tt.want...)
				var wantReports, gotReports []int64
				for _, r := range allReports.Items {
					if slices.Contains(want, r.ProjectID) {
						wantReports = append(wantReports, r.ID)
					}
				}
				for n := 1; ; n++ {
					page, err := db.ListReports(ctx, tt.actor, stride.ReportFilter{Year: 2025, Page: stride.Page{Number: n, Size: 3}})
					if err != nil {
						t.Fatal(err)
					}
					if page.Total != len(wantReports) {
						t.Fatalf("reports: total %d, want %d", page.Total, len(wantReports))
					}
					for _, r := range page.Items {
						gotReports = append(gotReports, r.ID)
					}
					if len(page.Items) < 3 {
						break
					}
				}
				if !slices.Equal(gotReports, wantReports) {
					t.Fatalf("reports %v, want %v", gotReports, wantReports)
				}

				list, err := db.ListProjects(ctx, tt.actor, stride.ProjectFilter{Page: all})
				if err != nil {
					t.Fatal(err)
				}
				if got := projectIDs(t, list.Items); !slices.Equal(got, want) || list.Total != len(want) {
					t.Fatalf("list %v total %d, want %v total %d", got, list.Total, want, len(want))
				}
				for i := 1; i <= 7; i++ {
					p, err := db.GetProject(ctx, tt.actor, w.p[i].ID)
					if slices.Contains(tt.want, i) {
						if err != nil || p.ID != w.p[i].ID || p.Name != w.p[i].Name {
							t.Fatalf("get p%d: %v, %+v", i, err, p)
						}
						continue
					}
					if e := wantErr(t, err, stride.ENotFound); e.Msg.In(stride.LangZH) != "项目不存在或无权访问" {
						t.Fatalf("get p%d out of scope: %q", i, e.Msg.In(stride.LangZH))
					}
				}
				if _, err := db.GetProject(ctx, tt.actor, 99999); !stride.IsCode(err, stride.ENotFound) {
					t.Fatalf("get missing project: %v", err)
				}
			})
		}
	})
}

func TestProjectWritesOutOfScope(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		w := newScopeWorld(t, db)
		down := mustRole(t, db, "down", stride.ScopeUnitAndDown)
		custom := mustRole(t, db, "custom", stride.ScopeCustom, w.entA2.ID)
		actors := []struct {
			actor   *stride.Actor
			inScope []int
		}{
			{mustActor(t, db, w.deptA, "depta", roleID(t, db, stride.RoleDept)), []int{1, 4}},
			{mustActor(t, db, w.entB1, "ownb1", roleID(t, db, stride.RoleOwner)), []int{3, 4, 6, 7}},
			{mustActor(t, db, w.deptA, "downa", down.ID), []int{1, 2, 4, 5}},
			{mustActor(t, db, w.hq, "custom", custom.ID), []int{2}},
			{w.self, []int{7}},
			{mustActor(t, db, w.bank, "bank", roleID(t, db, stride.RoleBank)), []int{}},
		}
		snapshot := func() map[int64]*stride.Project {
			list, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Page: all})
			if err != nil {
				t.Fatal(err)
			}
			m := map[int64]*stride.Project{}
			for _, id := range projectIDs(t, list.Items) {
				p, err := db.GetProject(ctx, sys, id)
				if err != nil {
					t.Fatal(err)
				}
				m[id] = p
			}
			return m
		}
		before := snapshot()
		mark := auditMark(t, db)
		c.Add(time.Minute)
		for _, a := range actors {
			for i := 1; i <= 7; i++ {
				if slices.Contains(a.inScope, i) {
					continue
				}
				in := inputOf(t, w.p[i])
				in.Name = "被" + a.actor.Username + "改过"
				in.TotalInvestment = 1
				if _, err := db.UpdateProject(ctx, a.actor, w.p[i].ID, in); !stride.IsCode(err, stride.ENotFound) {
					t.Fatalf("%s updates p%d: got %v, want not_found", a.actor.Username, i, err)
				}
				if err := db.DeleteProject(ctx, a.actor, w.p[i].ID); !stride.IsCode(err, stride.ENotFound) {
					t.Fatalf("%s deletes p%d: got %v, want not_found", a.actor.Username, i, err)
				}
			}
		}
		after := snapshot()
		if len(after) != 7 {
			t.Fatalf("%d projects left, want 7", len(after))
		}
		for id, p := range before {
			if !sameProject(t, after[id], p) {
				t.Fatalf("project %d changed: %+v → %+v", id, p, after[id])
			}
		}
		if e := auditSince(t, db, mark); len(e) != 0 {
			t.Fatalf("refused writes left %d audit rows, first %+v", len(e), e[0])
		}
	})
}

func TestProjectWritesInScope(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		w := newScopeWorld(t, db)
		dept := mustActor(t, db, w.deptA, "depta", roleID(t, db, stride.RoleDept))
		owner := mustActor(t, db, w.entA1, "owna1", roleID(t, db, stride.RoleOwner))

		// In scope: the dept user updates a project its unit leads.
		c.Add(time.Minute)
		in := inputOf(t, w.p[4])
		in.Name = "P4 改"
		in.Stage = stride.StageConstruction
		got, err := db.UpdateProject(ctx, dept, w.p[4].ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "P4 改" || got.Stage != stride.StageConstruction || got.Version != 2 || !got.UpdatedAt.Equal(c.Now()) ||
			!got.CreatedAt.Equal(w.p[4].CreatedAt) || got.OwnerUnitName != "乙一公司" || got.LeadUnitName != "经发局" {
			t.Fatalf("updated %+v", got)
		}

		// An update that would take the project out of the actor's reach is refused and undone.
		in = inputOf(t, got)
		in.LeadUnitID = w.deptB.ID
		if _, err := db.UpdateProject(ctx, dept, got.ID, in); wantErr(t, err, stride.EForbidden) == nil {
			t.Fatal()
		}
		if p, _ := db.GetProject(ctx, sys, got.ID); !sameProject(t, p, got) {
			t.Fatalf("refused move changed the project: %+v", p)
		}

		// Creating outside one's own units is refused and leaves nothing behind.
		if _, err := db.CreateProject(ctx, owner, projectInput("别人的", w.entB1, w.deptB)); !stride.IsCode(err, stride.EForbidden) {
			t.Fatalf("create out of scope: %v", err)
		}
		if list, _ := db.ListProjects(ctx, sys, stride.ProjectFilter{Page: all}); list.Total != 7 {
			t.Fatalf("%d projects after a refused create", list.Total)
		}
		mine, err := db.CreateProject(ctx, owner, projectInput("自己的", w.entA1, w.deptA))
		if err != nil {
			t.Fatal(err)
		}
		if mine.CreatedBy == nil || *mine.CreatedBy != owner.UserID || mine.Version != 1 {
			t.Fatalf("created %+v", mine)
		}

		// Missing units are field errors.
		bad := projectInput("无单位", w.entA1, w.deptA)
		bad.OwnerUnitID, bad.LeadUnitID = 99998, 99999
		if _, err := db.CreateProject(ctx, sys, bad); err == nil {
			t.Fatal("missing units accepted")
		} else {
			wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"owner_unit_id": "validate.not_exist", "lead_unit_id": "validate.not_exist"})
		}

		// In scope: delete.
		if err := db.DeleteProject(ctx, dept, w.p[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetProject(ctx, sys, w.p[1].ID); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("deleted project: %v", err)
		}
		if err := db.DeleteProject(ctx, dept, w.p[1].ID); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

func TestProjectCodeAndVersion(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		ent := mustUnit(t, db, hq, "甲公司", stride.UnitEnterprise)
		const code1, code2 = "2025-320100-48-01-000001", "2025-320100-48-01-000002"
		withCode := func(code string) func(*stride.ProjectInput) {
			return func(in *stride.ProjectInput) { in.Code = code }
		}
		p1 := mustProject(t, db, sys, "有代码一", ent, hq, withCode(code1))
		p2 := mustProject(t, db, sys, "有代码二", ent, hq, withCode(code2))
		// Projects without a code do not collide.
		n1 := mustProject(t, db, sys, "无代码一", ent, hq)
		n2 := mustProject(t, db, sys, "无代码二", ent, hq)
		if p1.Code != code1 || n1.Code != "" || n2.Code != "" {
			t.Fatalf("codes %q %q %q", p1.Code, n1.Code, n2.Code)
		}

		dup := projectInput("重复", ent, hq)
		dup.Code = code1
		_, err := db.CreateProject(ctx, sys, dup)
		wantFields(t, wantErr(t, err, stride.EConflict), map[string]string{"code": "validate.duplicate"})

		tests := []struct {
			name    string
			id      int64
			edit    func(in *stride.ProjectInput)
			code    string
			fields  map[string]string
			version int
		}{
			{"take another project's code", p2.ID, func(in *stride.ProjectInput) { in.Code = code1 }, stride.EConflict, map[string]string{"code": "validate.duplicate"}, 1},
			{"give an uncoded project a taken code", n1.ID, func(in *stride.ProjectInput) { in.Code = code2 }, stride.EConflict, map[string]string{"code": "validate.duplicate"}, 1},
			{"stale version", p1.ID, func(in *stride.ProjectInput) { in.Version = 0 }, stride.EConflict, nil, 1},
			{"future version", p1.ID, func(in *stride.ProjectInput) { in.Version = 9 }, stride.EConflict, nil, 1},
			{"missing project", 99999, func(in *stride.ProjectInput) {}, stride.ENotFound, nil, 0},
			{"keep one's own code", p1.ID, func(in *stride.ProjectInput) { in.Name = "有代码一改" }, "", nil, 2},
			{"drop a code", p2.ID, func(in *stride.ProjectInput) { in.Code = "" }, "", nil, 2},
			{"then it may be reused", n1.ID, func(in *stride.ProjectInput) { in.Code = code2 }, "", nil, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, _ := db.GetProject(ctx, sys, tt.id)
				in := stride.ProjectInput{Version: 1}
				if before != nil {
					in = inputOf(t, before)
				}
				tt.edit(&in)
				got, err := db.UpdateProject(ctx, sys, tt.id, in)
				if tt.code != "" {
					e := wantErr(t, err, tt.code)
					if tt.fields != nil {
						wantFields(t, e, tt.fields)
					} else if tt.code == stride.EConflict && e.Msg.Key != "error.stale_version" {
						t.Fatalf("message %s", e.Msg.Key)
					}
					if before != nil {
						if after, _ := db.GetProject(ctx, sys, tt.id); !sameProject(t, after, before) {
							t.Fatalf("refused update changed %+v → %+v", before, after)
						}
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Version != tt.version || got.Code != in.Code || got.Name != in.Name {
					t.Fatalf("updated %+v", got)
				}
			})
		}
	})
}

func TestProjectPagingAndSort(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		entA := mustUnit(t, db, hq, "甲公司", stride.UnitEnterprise)
		entB := mustUnit(t, db, hq, "乙公司", stride.UnitEnterprise)
		// Investments and names with ties, so the id must break them.
		rows := []struct {
			name  string
			wan   int64
			cat   stride.Category
			stage stride.Stage
			owner *stride.Unit
			code  string
		}{
			{"Delta", 500, stride.CategoryIndustrial, stride.StagePlanning, entA, "2025-320100-48-01-000001"},
			{"Alpha", 300, stride.CategoryLivelihood, stride.StageConstruction, entB, ""},
			{"Charlie", 500, stride.CategoryIndustrial, stride.StageConstruction, entA, "2025-320100-48-01-000002"},
			{"Alpha", 100, stride.CategoryIndustrial, stride.StagePlanning, entB, ""},
			{"Bravo", 300, stride.CategorySocial, stride.StagePlanning, entA, "2024-320100-48-01-000003"},
			{"Echo", 500, stride.CategoryIndustrial, stride.StageConstruction, entB, ""},
			{"Bravo", 0, stride.CategoryOther, stride.StagePlanning, entA, ""},
		}
		ps := make([]*stride.Project, len(rows))
		for i, r := range rows {
			ps[i] = mustProject(t, db, sys, r.name, r.owner, hq, func(in *stride.ProjectInput) {
				in.TotalInvestment = stride.Money(r.wan * 1_000_000)
				in.Category, in.Stage, in.Code = r.cat, r.stage, r.code
			})
			c.Add(time.Second)
		}
		at := func(idx ...int) []int64 {
			out := []int64{}
			for _, i := range idx {
				out = append(out, ps[i].ID)
			}
			return out
		}
		tests := []struct {
			name   string
			filter stride.ProjectFilter
			pages  [][]int64 // page 1, 2, …; one more page past the end must be empty
			total  int
		}{
			{"investment descending, pages of 3", stride.ProjectFilter{Page: stride.Page{Size: 3, Sort: "-total_investment"}},
				[][]int64{at(5, 2, 0), at(4, 1, 3), at(6)}, 7},
			{"investment ascending, pages of 4", stride.ProjectFilter{Page: stride.Page{Size: 4, Sort: "total_investment"}},
				[][]int64{at(6, 3, 1, 4), at(0, 2, 5)}, 7},
			{"name, pages of 2", stride.ProjectFilter{Page: stride.Page{Size: 2, Sort: "name"}},
				[][]int64{at(1, 3), at(4, 6), at(2, 0), at(5)}, 7},
			{"name descending, pages of 5", stride.ProjectFilter{Page: stride.Page{Size: 5, Sort: "-name"}},
				[][]int64{at(5, 0, 2, 6, 4), at(3, 1)}, 7},
			{"unknown sort falls back to id", stride.ProjectFilter{Page: stride.Page{Size: 7, Sort: "owner_unit_id; DROP TABLE projects"}},
				[][]int64{at(0, 1, 2, 3, 4, 5, 6)}, 7},
			{"created_at descending", stride.ProjectFilter{Page: stride.Page{Size: 10, Sort: "-created_at"}},
				[][]int64{at(6, 5, 4, 3, 2, 1, 0)}, 7},
			{"category filter", stride.ProjectFilter{Category: stride.CategoryIndustrial, Page: stride.Page{Size: 2, Sort: "-total_investment"}},
				[][]int64{at(5, 2), at(0, 3)}, 4},
			{"stage and owner filter", stride.ProjectFilter{Stage: stride.StagePlanning, OwnerUnitID: entA.ID, Page: stride.Page{Size: 10, Sort: "name"}},
				[][]int64{at(4, 6, 0)}, 3},
			{"lead filter", stride.ProjectFilter{LeadUnitID: hq.ID, Page: stride.Page{Size: 10}}, [][]int64{at(0, 1, 2, 3, 4, 5, 6)}, 7},
			{"lead filter, no match", stride.ProjectFilter{LeadUnitID: entA.ID, Page: stride.Page{Size: 10}}, [][]int64{}, 0},
			{"query on name, any case", stride.ProjectFilter{Query: "bRaVo", Page: stride.Page{Size: 10, Sort: "name"}}, [][]int64{at(4, 6)}, 2},
			{"query on code", stride.ProjectFilter{Query: "2025-320100", Page: stride.Page{Size: 10}}, [][]int64{at(0, 2)}, 2},
			{"query wildcards are literal", stride.ProjectFilter{Query: "%", Page: stride.Page{Size: 10}}, [][]int64{}, 0},
		}
		// Both ways to read a page give the same pages (PostgreSQL's planner picks its own).
		for _, scan := range []int{0, 1 << 30} {
			db.SetOrderedScan(scan)
			for _, tt := range tests {
				t.Run(fmt.Sprintf("%s, ordered scan %d", tt.name, scan), func(t *testing.T) {
					seen := []int64{}
					for n := 1; n <= len(tt.pages)+1; n++ {
						f := tt.filter
						f.Page.Number = n
						list, err := db.ListProjects(ctx, sys, f)
						if err != nil {
							t.Fatal(err)
						}
						want := []int64{}
						if n <= len(tt.pages) {
							want = tt.pages[n-1]
						}
						if got := projectIDs(t, list.Items); !slices.Equal(got, want) || list.Total != tt.total {
							t.Fatalf("page %d: %v total %d, want %v total %d", n, got, list.Total, want, tt.total)
						}
						seen = append(seen, want...)
					}
					if len(seen) != tt.total {
						t.Fatalf("pages hold %d rows, total %d", len(seen), tt.total)
					}
				})
			}
		}
		// The same page twice is the same rows.
		f := stride.ProjectFilter{Page: stride.Page{Number: 2, Size: 3, Sort: "-total_investment"}}
		a, _ := db.ListProjects(ctx, sys, f)
		b, _ := db.ListProjects(ctx, sys, f)
		if !slices.Equal(projectIDs(t, a.Items), projectIDs(t, b.Items)) {
			t.Fatal("page 2 differs between two reads")
		}
	})
}

// TestProjectSortByCode sorts by a column that is NULL for projects without a national
// code. The store shows those codes as "", so both engines should order them as "": first
// ascending, last descending.
func TestProjectSortByCode(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		code := func(s string) func(*stride.ProjectInput) { return func(in *stride.ProjectInput) { in.Code = s } }
		b := mustProject(t, db, sys, "B", hq, hq, code("2025-320100-48-01-000002"))
		n1 := mustProject(t, db, sys, "N1", hq, hq)
		a := mustProject(t, db, sys, "A", hq, hq, code("2025-320100-48-01-000001"))
		n2 := mustProject(t, db, sys, "N2", hq, hq)
		for _, tt := range []struct {
			sort string
			want []int64
		}{
			{"code", []int64{n1.ID, n2.ID, a.ID, b.ID}},
			{"-code", []int64{b.ID, a.ID, n2.ID, n1.ID}},
		} {
			t.Run(tt.sort, func(t *testing.T) {
				list, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Page: stride.Page{Number: 1, Size: 10, Sort: tt.sort}})
				if err != nil {
					t.Fatal(err)
				}
				if got := projectIDs(t, list.Items); !slices.Equal(got, tt.want) {
					t.Fatalf("sort %s: %v, want %v (uncoded %d, %d)", tt.sort, got, tt.want, n1.ID, n2.ID)
				}
			})
		}
	})
}

// TestProjectSortByFigures sorts by the year's plan and completed investment, which a
// project without figures for the year has as 0: it must sort among the zeros by id,
// whichever way the page is read.
func TestProjectSortByFigures(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		plans := []int64{300, 100, -1, 300, 0, -1, 200, -1, 100} // wan; -1: no plan for 2025
		completed := map[int]stride.Money{1: 50 * 10_000, 6: 20 * 10_000, 8: 50 * 10_000}
		// Among the "other" projects, all figures are positive, so a descending page can be
		// full before the projects without figures come.
		other := map[int]bool{0: true, 2: true, 3: true, 5: true}
		for i, wan := range plans {
			p := mustProject(t, db, sys, fmt.Sprintf("P%d", i), hq, hq, func(in *stride.ProjectInput) {
				if other[i] {
					in.Category = stride.CategoryOther
				}
			})
			if wan >= 0 {
				if _, err := db.SavePlan(ctx, sys, p.ID, 2025, stride.PlanInput{Investment: stride.Money(wan * 10_000)}); err != nil {
					t.Fatal(err)
				}
			}
			if amount, ok := completed[i]; ok {
				r, err := db.SubmitReport(ctx, sys, p.ID, stride.ReportInput{Year: 2025, Month: 2, Investment: amount, Progress: "施工"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.ReviewReport(ctx, sys, r.ID, true, "", r.Version); err != nil {
					t.Fatal(err)
				}
			}
		}
		everything, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Year: 2025, Page: all})
		if err != nil {
			t.Fatal(err)
		}
		for _, cat := range []stride.Category{"", stride.CategoryOther} {
			listed, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Year: 2025, Category: cat, Page: all})
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"plan", "completed", "-plan", "-completed"} {
				// The expected order, from the figures the rows show.
				want := slices.Clone(listed.Items)
				desc := key[0] == '-'
				figure := func(r *stride.ProjectRow) stride.Money {
					if key == "plan" || key == "-plan" {
						return r.Plan
					}
					return r.Completed
				}
				slices.SortFunc(want, func(x, y *stride.ProjectRow) int {
					c := cmp.Or(cmp.Compare(figure(x), figure(y)), cmp.Compare(x.ID, y.ID))
					if desc {
						return -c
					}
					return c
				})
				for _, scan := range []int{0, 1 << 30} {
					db.SetOrderedScan(scan)
					for _, size := range []int{2, 4} {
						for n := 1; n <= len(want)/size+2; n++ {
							f := stride.ProjectFilter{Year: 2025, Category: cat, Page: stride.Page{Number: n, Size: size, Sort: key}}
							list, err := db.ListProjects(ctx, sys, f)
							if err != nil {
								t.Fatal(err)
							}
							lo, hi := min((n-1)*size, len(want)), min(n*size, len(want))
							if got, exp := projectIDs(t, list.Items), projectIDs(t, want[lo:hi]); !slices.Equal(got, exp) || list.Total != len(want) {
								t.Fatalf("category %q, sort %s, ordered scan %d, page %d of %d: %v total %d, want %v total %d",
									cat, key, scan, n, size, got, list.Total, exp, len(want))
							}
						}
					}
				}
			}
		}
		if everything.Items[1].Plan != 100*10_000 || everything.Items[1].Completed != 50*10_000 || everything.Items[2].Plan != 0 {
			t.Fatalf("figures: %+v", everything.Items[:3])
		}
	})
}
