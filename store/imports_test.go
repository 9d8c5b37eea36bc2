package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/office"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

func wanP(s string) *stride.Money {
	m, err := stride.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return &m
}

func countProjects(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func ledgerRows() []stride.LedgerRow {
	return []stride.LedgerRow{
		{Line: 5, Name: "甲项目", Nature: stride.NatureNew, Category: stride.CategoryIndustrial, Content: "厂房", StartYear: 2025, EndYear: 2027,
			TotalInvestment: wanP("15000"), CompletedBefore: wanP("0"), Plan: wanP("3000.5"), Owner: "甲公司", OwnerPerson: "张三",
			OwnerPhone: "0591-87654321", LeadUnit: "经济发展局", LeadPerson: "李四", LiaisonLeader: "王五", Goals: "年内封顶"},
		{Line: 6, Name: "乙项目", Nature: stride.NatureContinuing, Code: "2023-350100-47-01-000001", StartYear: 2023, EndYear: 2026,
			TotalInvestment: wanP("20000"), CompletedBefore: wanP("8000"), Plan: wanP("6000"), Owner: "乙公司", LeadUnit: "新区管委会"},
		{Line: 7, Name: "丙项目", Nature: stride.NaturePrelim, TotalInvestment: wanP("500"), Owner: "甲公司"},
	}
}

func TestImportCreatesUpdatesAndIsIdempotent(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "管委会", stride.UnitHQ)
		hq := mustUnit(t, db, root, "项目建设指挥部", stride.UnitHQ)
		mustUnit(t, db, root, "经济发展局", stride.UnitDepartment)
		rows := ledgerRows()
		plan, err := db.PlanImport(ctx, sys, 2025, rows)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Creates != 3 || len(plan.Issues) != 0 || len(plan.NewUnits) != 3 || countProjects(t, db) != 0 {
			t.Fatalf("plan %+v", plan)
		}
		mark := auditMark(t, db)
		res, _, err := db.CommitImport(ctx, sys, 2025, rows)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 3 || res.UnitsCreated != 3 || len(res.ProjectIDs) != 3 {
			t.Fatalf("result %+v", res)
		}
		var imports, units int
		for _, e := range auditSince(t, db, mark) {
			switch e.Action {
			case "project.import":
				imports++
			case "unit.create":
				units++
			}
		}
		if imports != 3 || units != 4 { // three units and their parent 项目业主单位
			t.Errorf("audit: %d imports, %d units", imports, units)
		}
		a, err := db.GetProject(ctx, sys, res.ProjectIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "甲项目" || a.OwnerUnitName != "甲公司" || a.LeadUnitName != "经济发展局" || a.Stage != stride.StageConstruction ||
			a.OwnerContact != "张三" || a.ResponsiblePerson != "李四" || a.TotalInvestment != *wanP("15000") || a.StartYear != 2025 {
			t.Errorf("project %+v", a)
		}
		pl, err := db.GetPlan(ctx, sys, a.ID, 2025)
		if err != nil || pl.Investment != *wanP("3000.5") || pl.Goals != "年内封顶" {
			t.Errorf("plan %+v %v", pl, err)
		}
		list, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Year: 2025, Page: all})
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]*stride.ProjectRow{}
		for _, r := range list.Items {
			byName[r.Name] = r
		}
		if byName["甲项目"].Plan != *wanP("3000.5") || byName["乙项目"].CompletedBefore != *wanP("8000") || byName["丙项目"].LeadUnitName != "项目建设指挥部" {
			t.Errorf("list rows %+v %+v %+v", byName["甲项目"], byName["乙项目"], byName["丙项目"])
		}
		if byName["丙项目"].Stage != stride.StagePreliminary || byName["乙项目"].LeadUnitName != "新区管委会" {
			t.Errorf("stages/lead %s %s", byName["丙项目"].Stage, byName["乙项目"].LeadUnitName)
		}
		var owners string
		if err := db.SQL().QueryRow(`SELECT p.name FROM units u JOIN units p ON p.id = u.parent_id WHERE u.name = '甲公司'`).Scan(&owners); err != nil || owners != "项目业主单位" {
			t.Errorf("owner parent %q %v", owners, err)
		}
		_ = hq

		// The same rows again change nothing and write no audit entry.
		mark = auditMark(t, db)
		plan, _ = db.PlanImport(ctx, sys, 2025, rows)
		if plan.Same != 3 || plan.Creates+plan.Updates != 0 || len(plan.NewUnits) != 0 {
			t.Fatalf("re-plan %+v", plan)
		}
		c.Add(time.Hour)
		res, _, err = db.CommitImport(ctx, sys, 2025, rows)
		if err != nil || res.Unchanged != 3 || res.Created+res.Updated != 0 {
			t.Fatalf("re-import %+v %v", res, err)
		}
		if got := auditSince(t, db, mark); len(got) != 0 {
			t.Errorf("re-import wrote %d audit entries", len(got))
		}
		after, _ := db.GetProject(ctx, sys, a.ID)
		if after.Version != a.Version || !after.UpdatedAt.Equal(a.UpdatedAt) {
			t.Errorf("re-import touched the project: version %d → %d", a.Version, after.Version)
		}

		// A changed amount updates that project only; matched by code even when renamed.
		rows[1].TotalInvestment = wanP("21000")
		rows[1].Name = "乙项目（一期）"
		rows[2].Plan = wanP("100")
		plan, _ = db.PlanImport(ctx, sys, 2025, rows)
		if plan.Updates != 2 || plan.Same != 1 || !slices.Equal(plan.Rows[1].Changes, []stride.LedgerField{stride.FieldName, stride.FieldTotalInvestment}) ||
			!slices.Equal(plan.Rows[2].Changes, []stride.LedgerField{stride.FieldPlan}) {
			t.Fatalf("update plan %+v", plan.Rows)
		}
		mark = auditMark(t, db)
		if res, _, err = db.CommitImport(ctx, sys, 2025, rows); err != nil || res.Updated != 2 {
			t.Fatalf("update %+v %v", res, err)
		}
		entries := auditSince(t, db, mark)
		if len(entries) != 2 || entries[0].Before == nil || entries[0].After == nil {
			t.Errorf("update audit %+v", entries)
		}
		list, _ = db.ListProjects(ctx, sys, stride.ProjectFilter{Year: 2025, Query: "丙", Page: all})
		if list.Items[0].Plan != *wanP("100") {
			t.Errorf("丙 plan roll-up %s", list.Items[0].Plan.Wan())
		}
	})
}

func TestImportProblemsWriteNothing(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		root := mustUnit(t, db, nil, "管委会", stride.UnitHQ)
		owner := mustUnit(t, db, root, "丁公司", stride.UnitEnterprise)
		p := mustProject(t, db, sys, "丁项目", owner, root)
		if _, err := db.SavePlan(ctx, sys, p.ID, 2025, stride.PlanInput{Investment: *wanP("100")}); err != nil {
			t.Fatal(err)
		}
		pl, _ := db.GetPlan(ctx, sys, p.ID, 2025)
		if _, err := db.ApprovePlan(ctx, sys, p.ID, 2025, pl.Version); err != nil {
			t.Fatal(err)
		}
		rows := []stride.LedgerRow{
			{Line: 4, Name: "丁项目", Owner: "丁公司", Plan: wanP("200"), Cells: map[stride.LedgerField]string{stride.FieldPlan: "H4"}},
			{Line: 5, Name: "新项目", TotalInvestment: wanP("1")},
			{Line: 6, Name: "戊项目", Owner: "戊公司"},
			{Line: 7, Name: "戊项目", Owner: "戊公司"},
			{Line: 8, Name: "己项目", Owner: "己公司", Code: "2024-1"},
		}
		plan, err := db.PlanImport(ctx, sys, 2025, rows)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[int]string{}
		for _, is := range plan.Issues {
			keys[is.Line] = is.Msg.Key
		}
		want := map[int]string{4: "import.plan_baselined", 5: "import.owner_missing", 7: "import.duplicate_row", 8: "import.field"}
		for line, key := range want {
			if keys[line] != key {
				t.Errorf("line %d: %q, want %s (%+v)", line, keys[line], key, plan.Issues)
			}
		}
		if plan.Issues[0].Cell != "H4" {
			t.Errorf("issue cell %q", plan.Issues[0].Cell)
		}
		mark := auditMark(t, db)
		_, plan, err = db.CommitImport(ctx, sys, 2025, rows)
		if e := wantErr(t, err, stride.EInvalid); e.Msg.Key != "import.has_errors" || len(plan.Issues) != 4 {
			t.Errorf("commit: %v %+v", err, plan)
		}
		if countProjects(t, db) != 1 || len(auditSince(t, db, mark)) != 0 {
			t.Errorf("a refused import wrote something")
		}
		var units int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM units`).Scan(&units)
		if units != 2 {
			t.Errorf("%d units after a refused import", units)
		}
	})
}

// The demo zone's ledger exports, imports back into the same zone without a single
// change, and into an empty zone as a ledger that exports identically.
func TestLedgerRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		db.SetZone(shanghai)
		today := stride.DateOf(c.Now().In(shanghai))
		if err := demo.Seed(ctx, db, today); err != nil {
			t.Fatal(err)
		}
		export := func(db *store.DB) ([]byte, int) {
			rows, err := db.ExportProjects(ctx, sys, stride.ProjectFilter{Year: 2025})
			if err != nil {
				t.Fatal(err)
			}
			b, err := office.ExportLedger(rows, office.ExportOptions{Zone: "福州高新区", Year: 2025, Months: 2, GroupBy: "category"})
			if err != nil {
				t.Fatal(err)
			}
			return b, len(rows)
		}
		read := func(b []byte) *office.Ledger {
			book, err := office.Read("ledger.xlsx", b)
			if err != nil {
				t.Fatal(err)
			}
			l, err := office.Parse(book, office.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Issues) > 0 {
				t.Fatalf("issues %+v", l.Issues[:min(3, len(l.Issues))])
			}
			return l
		}
		first, n := export(db)
		l := read(first)
		if len(l.Rows) != n || l.Year != 2025 || !l.Totals.Match {
			t.Fatalf("%d rows of %d, totals %+v", len(l.Rows), n, l.Totals)
		}
		plan, err := db.PlanImport(ctx, sys, l.Year, l.Rows)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Same != n || len(plan.Issues) != 0 {
			for _, r := range plan.Rows {
				if r.Action != stride.ImportUnchanged {
					t.Errorf("line %d %s: %s %v", r.Line, r.Name, r.Action, r.Changes)
					break
				}
			}
			t.Fatalf("re-import of the export: %d unchanged of %d, %d issues %+v", plan.Same, n, len(plan.Issues), plan.Issues[:min(2, len(plan.Issues))])
		}
		mark := auditMark(t, db)
		if res, _, err := db.CommitImport(ctx, sys, l.Year, l.Rows); err != nil || res.Unchanged != n {
			t.Fatalf("commit %+v %v", res, err)
		}
		if len(auditSince(t, db, mark)) != 0 {
			t.Errorf("re-importing the export wrote audit entries")
		}

		// Into an empty zone: every project is created, with its units.
		fresh := openFresh(t, c)
		root := mustUnit(t, fresh, nil, "福州高新区管委会", stride.UnitHQ)
		mustUnit(t, fresh, root, "福州高新区项目建设指挥部", stride.UnitHQ)
		res, _, err := fresh.CommitImport(ctx, sys, l.Year, l.Rows)
		if err != nil || res.Created != n {
			t.Fatalf("fresh import %+v %v", res, err)
		}
		second, _ := export(fresh)
		again := read(second)
		for i := range l.Rows {
			a, b := l.Rows[i], again.Rows[i]
			// The nature is derived from the milestones, which a ledger does not carry, and
			// completions come from monthly reports.
			a.Nature, b.Nature, a.CompletedYTD, b.CompletedYTD, a.Rate, b.Rate = "", "", nil, nil, "", ""
			a.Cells, b.Cells = nil, nil
			if !sameRow(a, b) {
				t.Fatalf("row %d differs:\n%+v\n%+v", i, a, b)
			}
		}
	})
}

func sameRow(a, b stride.LedgerRow) bool {
	eq := func(x, y *stride.Money) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return a.Line == b.Line && a.Code == b.Code && a.Name == b.Name && slices.Equal(a.KeyLevels, b.KeyLevels) && a.Category == b.Category &&
		a.Address == b.Address && a.Content == b.Content && a.StartYear == b.StartYear && a.EndYear == b.EndYear &&
		eq(a.TotalInvestment, b.TotalInvestment) && eq(a.CompletedBefore, b.CompletedBefore) && eq(a.Plan, b.Plan) &&
		a.Owner == b.Owner && a.OwnerContact == b.OwnerContact && a.OwnerPhone == b.OwnerPhone && a.LeadUnit == b.LeadUnit &&
		a.LeadPerson == b.LeadPerson && a.LiaisonLeader == b.LiaisonLeader
}

// openFresh opens another empty database on the engine of the running test.
func openFresh(t *testing.T, c *clock) *store.DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "fresh.db")
	if strings.HasPrefix(t.Name(), "TestLedgerRoundTrip/postgres") {
		dsn = storetest.PostgresSchema(t, os.Getenv("STRIDE_TEST_POSTGRES"))
	}
	return storetest.Open(t, dsn, c.Now)
}
