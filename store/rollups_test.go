package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
)

// sameDashboard fails the test unless each actor's dashboard read from the roll-ups
// equals the one summed project by project from the ledger, for each year, and returns
// the longest red list seen.
func sameDashboard(t *testing.T, db *store.DB, step string, actors []*stride.Actor, years ...int) (reds int) {
	t.Helper()
	ctx := context.Background()
	for _, a := range actors {
		for _, y := range years {
			want, err := db.DashboardPerProject(ctx, a, y)
			if err != nil {
				t.Fatalf("%s: per project: %v", step, err)
			}
			got, err := db.DashboardFromRollups(ctx, a, y)
			if err != nil {
				t.Fatalf("%s: roll-ups: %v", step, err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Fatalf("%s, %s, year %d: the roll-ups say\n%s\nproject by project\n%s", step, a.Username, y, g, w)
			}
			reds = max(reds, len(got.Red))
		}
	}
	return reds
}

// After any sequence of ledger writes, the zone dashboard read from the roll-ups equals
// the dashboard summed project by project: a random walk over every kind of write, the
// two compared after each step, then after a rebuild from scratch.
func TestDashboardRollupsFollowWrites(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(2025, 7))
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		var leads, owners []*stride.Unit
		for i := range 4 {
			leads = append(leads, mustUnit(t, db, root, fmt.Sprintf("部门%d", i), stride.UnitDepartment))
			owners = append(owners, mustUnit(t, db, root, fmt.Sprintf("企业%d", i), stride.UnitEnterprise))
		}
		unitIDs := func(us []*stride.Unit) (out []int64) {
			for _, u := range us {
				out = append(out, u.ID)
			}
			return out
		}
		today := stride.DateOf(c.Now())
		year := today.Year
		years := []int{year - 1, year}
		portfolio := demo.Generate(demo.Options{Projects: 40, Years: 2, Seed: 9, Today: today,
			OwnerUnits: unitIDs(owners), LeadUnits: unitIDs(leads)})
		ids, err := db.Seed(ctx, sys, portfolio)
		if err != nil {
			t.Fatal(err)
		}
		// The whole zone, a department (its own unit), an enterprise, and a role over
		// chosen units.
		custom := mustRole(t, db, "chosen", stride.ScopeCustom, owners[1].ID, leads[2].ID)
		actors := []*stride.Actor{sys, mustUser(t, db, leads[0], "dept0", stride.RoleDept), mustUser(t, db, owners[0], "owner0", stride.RoleOwner),
			mustActor(t, db, root, "chosen", custom.ID)}
		sameDashboard(t, db, "seed", actors, years...)

		pick := func() int64 { return ids[rng.IntN(len(ids))] }
		pickUnit := func(us []*stride.Unit) *stride.Unit { return us[rng.IntN(len(us))] }
		stages := []stride.Stage{stride.StagePlanning, stride.StageReserve, stride.StagePreliminary, stride.StageConstruction,
			stride.StageCompleted, stride.StageProduction, stride.StageSuspended}
		categories := []stride.Category{stride.CategoryIndustrial, stride.CategoryLivelihood, stride.CategoryInfrastructure,
			stride.CategorySocial, stride.CategoryOther}
		setStage := func(in *stride.ProjectInput, s stride.Stage) {
			in.Stage = s
			if s.NeedsReason() {
				in.StageReason = "测试"
			}
		}
		money := func() stride.Money { return stride.Money(1+rng.IntN(500)) * 1_000_000 }
		// ok tolerates the refusals a random walk runs into (a month already pending, a
		// project already gone) and fails on anything else.
		ok := func(op string, err error) bool {
			if err == nil {
				return true
			}
			var e *stride.Error
			if errors.As(err, &e) && (e.Code == stride.EConflict || e.Code == stride.ENotFound || e.Code == stride.EInvalid) {
				return false
			}
			t.Fatalf("%s: %v", op, err)
			return false
		}
		update := func(op string, edit func(in *stride.ProjectInput)) bool {
			id := pick()
			p, err := db.GetProject(ctx, sys, id)
			if !ok(op, err) {
				return false
			}
			in := inputOf(t, p)
			edit(&in)
			_, err = db.UpdateProject(ctx, sys, id, in)
			return ok(op, err)
		}
		ops := map[string]func() bool{
			"create": func() bool {
				p := mustProject(t, db, sys, fmt.Sprintf("新项目%d", len(ids)), pickUnit(owners), pickUnit(leads), func(in *stride.ProjectInput) {
					setStage(in, stages[rng.IntN(len(stages))])
					in.Category = categories[rng.IntN(len(categories))]
					in.KeyLevels = stride.KeyLevels[:rng.IntN(4)]
					in.TotalInvestment = money() * 10
				})
				ids = append(ids, p.ID)
				return true
			},
			"lead unit": func() bool {
				return update("lead unit", func(in *stride.ProjectInput) { in.LeadUnitID = pickUnit(leads).ID })
			},
			"stage": func() bool {
				return update("stage", func(in *stride.ProjectInput) { setStage(in, stages[rng.IntN(len(stages))]) })
			},
			"fields": func() bool {
				return update("fields", func(in *stride.ProjectInput) {
					in.Category = categories[rng.IntN(len(categories))]
					in.KeyLevels = stride.KeyLevels[rng.IntN(3):]
					in.TotalInvestment = money() * 10
				})
			},
			"terminate": func() bool {
				return update("terminate", func(in *stride.ProjectInput) { setStage(in, stride.StageTerminated) })
			},
			"plan": func() bool {
				id, y := pick(), years[rng.IntN(len(years))]
				in := stride.PlanInput{Investment: money()}
				if rng.IntN(3) == 0 {
					in.Curve = make([]stride.Money, 12)
					for m := range in.Curve {
						in.Curve[m] = in.Investment * stride.Money(m+1) / 12
					}
				}
				if cur, err := db.GetPlan(ctx, sys, id, y); err == nil {
					in.Version = cur.Version
					if cur.Status == stride.PlanApproved {
						in.Change = &stride.ChangeReason{Code: "owner", Note: "调整"}
					}
				}
				_, err := db.SavePlan(ctx, sys, id, y, in)
				return ok("plan", err)
			},
			"report": func() bool {
				id, y := pick(), years[rng.IntN(len(years))]
				month := 1 + rng.IntN(12)
				if y == year {
					month = 1 + rng.IntN(int(today.Month))
				}
				r, err := db.SubmitReport(ctx, sys, id, stride.ReportInput{Year: y, Month: month, Investment: money() / 10,
					Progress: "施工中", CorrectionReason: "更正"})
				if !ok("report", err) {
					return false
				}
				if rng.IntN(4) == 0 {
					_, err = db.ReviewReport(ctx, sys, r.ID, false, "退回", r.Version)
				} else {
					_, err = db.ReviewReport(ctx, sys, r.ID, true, "", r.Version)
				}
				return ok("review", err)
			},
			"milestone": func() bool {
				kind := stride.NodeStart
				if rng.IntN(2) == 0 {
					kind = stride.NodeCompletion
				}
				in := stride.MilestoneInput{Kind: kind, Name: "节点", Seq: 99, PlannedDate: today.AddDays(-rng.IntN(400))}
				if rng.IntN(2) == 0 {
					in.ActualDate = in.PlannedDate
				}
				_, err := db.CreateMilestone(ctx, sys, pick(), in)
				return ok("milestone", err)
			},
			"lights": func() bool {
				c.Add(time.Duration(1+rng.IntN(20)) * 24 * time.Hour)
				_, err := db.RecomputeLights(ctx)
				return ok("lights", err)
			},
			"import": func() bool {
				p, err := db.GetProject(ctx, sys, pick())
				if !ok("import", err) {
					return false
				}
				rows := []stride.LedgerRow{
					{Line: 5, Name: fmt.Sprintf("导入项目%d", len(ids)), Nature: stride.NatureNew, Category: categories[rng.IntN(len(categories))],
						StartYear: year, EndYear: year + 2, TotalInvestment: wanP("15000"), CompletedBefore: wanP("0"), Plan: wanP("3000"),
						Owner: owners[0].Name, LeadUnit: pickUnit(leads).Name},
					{Line: 6, Code: p.Code, Name: p.Name, Nature: stride.NatureContinuing, Category: p.Category, StartYear: p.StartYear,
						EndYear: p.EndYear, TotalInvestment: &p.TotalInvestment, CompletedBefore: &p.CompletedBefore, Plan: wanP("2500"),
						Owner: p.OwnerUnitName, LeadUnit: pickUnit(leads).Name},
				}
				y := years[rng.IntN(len(years))]
				if cur, err := db.GetPlan(ctx, sys, p.ID, y); err == nil && (cur.Status == stride.PlanApproved || len(cur.Curve) > 0) {
					rows[1].Plan = nil // an import leaves a baselined plan, or one with a curve, alone
				}
				res, _, err := db.CommitImport(ctx, sys, y, rows)
				if !ok("import", err) {
					return false
				}
				for _, id := range res.ProjectIDs {
					if id != p.ID {
						ids = append(ids, id)
					}
				}
				return true
			},
			"delete": func() bool {
				return ok("delete", db.DeleteProject(ctx, sys, pick()))
			},
		}
		names := make([]string, 0, len(ops))
		for name := range ops {
			names = append(names, name)
		}
		slices.Sort(names)
		done := map[string]int{}
		reds := 0
		for i := range 120 {
			name := names[rng.IntN(len(names))]
			if ops[name]() {
				done[name]++
			}
			reds = max(reds, sameDashboard(t, db, fmt.Sprintf("step %d (%s)", i, name), actors, years...))
		}
		for _, name := range names {
			if done[name] == 0 {
				t.Errorf("no %s write succeeded in the walk: %v", name, done)
			}
		}
		for _, a := range actors[1:] {
			if d, err := db.DashboardFromRollups(ctx, a, year); err != nil || d.Projects == 0 || d.Projects == len(ids) {
				t.Errorf("%s sees %+v (%v): the walk does not test a scope", a.Username, d, err)
			}
		}
		if reds < 2 {
			t.Errorf("the red list never held two projects to order (%d)", reds)
		}
		// The rows kept on write are those a rebuild from the ledger makes.
		kept := dumpRollups(t, db)
		if err := db.RebuildRollups(ctx); err != nil {
			t.Fatal(err)
		}
		if rebuilt := dumpRollups(t, db); !reflect.DeepEqual(kept, rebuilt) {
			t.Errorf("roll-ups kept on write differ from a rebuild:\n%v\n%v", kept, rebuilt)
		}
		sameDashboard(t, db, "rebuilt", actors, years...)
	})
}

// dumpRollups reads the members and groups, in key order, as text.
func dumpRollups(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{`SELECT * FROM dashboard_members ORDER BY project_id, year`,
		`SELECT * FROM dashboard_groups ORDER BY year, lead_unit_id, stage, category, light`} {
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

// A database migrated from before the roll-ups existed has them built at its next start,
// equal to those kept on write.
func TestDashboardRollupsBackfill(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		lead := mustUnit(t, db, root, "部门", stride.UnitDepartment)
		today := stride.DateOf(c.Now())
		if _, err := db.Seed(ctx, sys, demo.Generate(demo.Options{Projects: 30, Years: 2, Seed: 4, Today: today,
			OwnerUnits: []int64{root.ID}, LeadUnits: []int64{root.ID, lead.ID}})); err != nil {
			t.Fatal(err)
		}
		kept, err := db.DashboardFromRollups(ctx, sys, today.Year)
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{`DELETE FROM dashboard_members`, `DELETE FROM dashboard_groups`, `DELETE FROM dashboard_unit_months`,
			`UPDATE data_versions SET version = 0 WHERE name = 'dashboard_rollups'`} {
			if _, err := db.SQL().Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		built, err := db.DashboardFromRollups(ctx, sys, today.Year)
		if err != nil {
			t.Fatal(err)
		}
		if built.Projects == 0 || !reflect.DeepEqual(built, kept) {
			t.Fatalf("built at start: %+v\nkept on write: %+v", built, kept)
		}
		sameDashboard(t, db, "built at start", []*stride.Actor{sys, mustUser(t, db, lead, "dept", stride.RoleDept)}, today.Year-1, today.Year)
	})
}
