// Package bench holds Stride's benchmarks. They run against a generated portfolio:
// STRIDE_BENCH_DB names a database made by `stride gen` (an SQLite path or a postgres://
// URL); without it, a small portfolio of 2,000 projects is generated in a temporary folder.
// Each figure has a floor beside it, measured the same way on the same data: the raw SQL of
// the same query through database/sql, or a bare handler serving the same bytes.
package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/office"
	"github.com/stride-hq/stride/store"
)

var (
	once     sync.Once
	shared   *store.DB
	sharedAt string // the benchmark database's DSN
	openErr  error
	zone, _  = time.LoadLocation("Asia/Shanghai")
)

// portfolio opens the benchmark database, generating a small one when none is given.
func portfolio(b *testing.B) *store.DB {
	once.Do(func() {
		ctx := context.Background()
		dsn := os.Getenv("STRIDE_BENCH_DB")
		if dsn == "" {
			dir, err := os.MkdirTemp("", "stride-bench-")
			if err != nil {
				openErr = err
				return
			}
			dsn = filepath.Join(dir, "stride.db")
		}
		sharedAt = dsn
		shared, openErr = store.Open(ctx, dsn, time.Now)
		if openErr != nil {
			return
		}
		shared.SetZone(zone)
		if _, openErr = shared.Migrate(ctx); openErr != nil {
			return
		}
		if openErr = shared.EnsureBuiltinRoles(ctx); openErr != nil {
			return
		}
		units, err := shared.ListUnits(ctx, stride.UnitFilter{})
		if err != nil || units.Total > 0 {
			openErr = err
			return
		}
		openErr = demo.Portfolio(ctx, shared, demo.PortfolioOptions{Projects: 2000, Years: 3, Seed: 1,
			Today: stride.DateOf(time.Now().In(zone))})
	})
	if openErr != nil {
		b.Fatal(openErr)
	}
	return shared
}

func actor(b *testing.B, db *store.DB, username string) *stride.Actor {
	_, a, err := db.Login(context.Background(), store.LoginRequest{Username: username, Password: demo.Password, IP: "127.0.0.1", Zone: zone})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

var listFilter = stride.ProjectFilter{Stage: stride.StageConstruction, Category: stride.CategoryIndustrial,
	Year: 0, Page: stride.Page{Number: 1, Size: 20, Sort: "-total_investment"}}

func BenchmarkProjectListFirstPage(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	f := listFilter
	f.Year = time.Now().In(zone).Year()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.ListProjects(context.Background(), a, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjectListDeepPage(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	f := listFilter
	f.Year = time.Now().In(zone).Year()
	f.Page.Number = 200
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.ListProjects(context.Background(), a, f); err != nil {
			b.Fatal(err)
		}
	}
}

// distinctFilters are list filters that differ on every call: the combinations of the
// values a generated portfolio holds for stage, category, light and key level, with the
// ledger's sortable columns and the first three pages, visited in a scrambled order. They
// measure the list without any help from a cache (the same combinations as stride-load's
// "distinct" row).
func distinctFilters(year int) []stride.ProjectFilter {
	stages := []stride.Stage{"", stride.StageConstruction, stride.StagePreliminary, stride.StageCompleted}
	cats := []stride.Category{"", stride.CategoryIndustrial, stride.CategoryInfrastructure, stride.CategoryLivelihood, stride.CategorySocial, stride.CategoryOther}
	lights := []stride.Color{"", stride.ColorGreen, stride.ColorYellow, stride.ColorRed}
	levels := []stride.KeyLevel{"", stride.LevelProvince, stride.LevelCity, stride.LevelDistrict}
	sorts := []string{"", "-total_investment", "total_investment", "name", "-updated_at", "-plan", "-completed", "code"}
	n := len(stages) * len(cats) * len(lights) * len(levels) * len(sorts) * 3
	out := make([]stride.ProjectFilter, n)
	for i := range out {
		k := (i * 7919) % n
		pick := func(m int) int { v := k % m; k /= m; return v }
		f := stride.ProjectFilter{Year: year, Stage: stages[pick(len(stages))], Category: cats[pick(len(cats))],
			Light: lights[pick(len(lights))], KeyLevel: levels[pick(len(levels))]}
		f.Page = stride.Page{Sort: sorts[pick(len(sorts))], Number: 1 + pick(3), Size: 20}
		out[i] = f
	}
	return out
}

// benchmarkDistinct runs the list over distinct filters as one user and reports the
// 50th and 95th percentile of a call beside the mean.
func benchmarkDistinct(b *testing.B, username string) {
	db := portfolio(b)
	a := actor(b, db, username)
	filters := distinctFilters(time.Now().In(zone).Year())
	var took []time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if _, err := db.ListProjects(context.Background(), a, filters[i%len(filters)]); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// The list with a different filter, sort and page on every call, as HQ (every project).
func BenchmarkProjectListDistinct(b *testing.B) { benchmarkDistinct(b, "hq") }

// The same as a department, whose scope is the projects it owns, leads or co-leads.
func BenchmarkProjectListDistinctDept(b *testing.B) { benchmarkDistinct(b, "dept") }

// The floor of the list: the same three queries as the store's (the count, the ids of
// the page in the sort index's order, the 20 rows), written by hand and scanned into
// plain values through database/sql.
func BenchmarkFloorProjectListSQL(b *testing.B) {
	db := portfolio(b)
	year := time.Now().In(zone).Year()
	plus := "" // keeps SQLite's planner on the sort index, as the store does
	if db.Dialect() == store.SQLite {
		plus = "+"
	}
	b.ReportAllocs()
	for b.Loop() {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM projects p WHERE p.category = $1 AND p.stage = $2`, "industrial", "construction").Scan(&n); err != nil {
			b.Fatal(err)
		}
		rows, err := db.SQL().Query(`SELECT p.id FROM projects p WHERE `+plus+`p.category = $1 AND `+plus+`p.stage = $2
			ORDER BY p.total_investment DESC, p.id DESC LIMIT 20 OFFSET 0`, "industrial", "construction")
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]any, 0, 20)
		ph := make([]string, 0, 20)
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
			ph = append(ph, fmt.Sprintf("$%d", len(ids)+1))
		}
		rows.Close()
		rows, err = db.SQL().Query(`SELECT p.id, p.code, p.name, p.alias, p.key_levels, p.category, p.industry, p.content, p.address,
			p.total_investment, p.owner_unit_id, ou.name, p.lead_unit_id, lu.name, p.tags, p.stage, p.light, p.version,
			COALESCE(py.plan, 0), COALESCE(py.completed, 0)
			FROM projects p JOIN units ou ON ou.id = p.owner_unit_id JOIN units lu ON lu.id = p.lead_unit_id
			LEFT JOIN project_years py ON py.project_id = p.id AND py.year = $1
			WHERE p.id IN (`+strings.Join(ph, ", ")+`)`, append([]any{year}, ids...)...)
		if err != nil {
			b.Fatal(err)
		}
		vals := make([]any, 20)
		ptrs := make([]any, 20)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
		}
		rows.Close()
	}
}

func BenchmarkProjectGet(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := db.GetProject(context.Background(), a, int64(1+i%1000)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDashboard(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	year := time.Now().In(zone).Year()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Dashboard(context.Background(), a, year); err != nil {
			b.Fatal(err)
		}
	}
}

// The dashboard after its ledger data version moved (no write): the cached copy is stale,
// so it is computed from the zone roll-ups. BenchmarkDashboardAfterLedgerWrite makes a
// real write first.
func BenchmarkDashboardAfterWrite(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	year := time.Now().In(zone).Year()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.SQL().Exec(`UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'`); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Dashboard(context.Background(), a, year); err != nil {
			b.Fatal(err)
		}
	}
}

// The floor of summing the zone project by project (the dashboard before the zone
// roll-ups; scoped readers still sum their projects): the totals and the monthly trend
// over the project-year and project-month roll-ups, by hand. The zone dashboard's own
// floor is BenchmarkFloorDashboardRollupsSQL.
func BenchmarkFloorDashboardSQL(b *testing.B) {
	db := portfolio(b)
	year := time.Now().In(zone).Year()
	b.ReportAllocs()
	for b.Loop() {
		var n, total, plan sql.NullInt64
		if err := db.SQL().QueryRow(`SELECT COUNT(*), SUM(p.total_investment), SUM(py.plan) FROM projects p
			JOIN project_years py ON py.project_id = p.id AND py.year = $1`, year).Scan(&n, &total, &plan); err != nil {
			b.Fatal(err)
		}
		rows, err := db.SQL().Query(`SELECT month, SUM(planned), SUM(completed) FROM project_months WHERE year = $1 GROUP BY month`, year)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
}

// Every project's lights, recomputed on a day they were already computed: the daily job's
// cost when nothing changed (it writes nothing).
func BenchmarkRecomputeAllLights(b *testing.B) {
	db := portfolio(b)
	if _, err := db.RecomputeLights(context.Background()); err != nil { // today's lights, if not yet
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.RecomputeLights(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// Every project's lights, each iteration one day later than the last: the daily job as it
// runs, writing the lights whose reasons moved with the day (days overdue, months due).
func BenchmarkRecomputeLightsNextDay(b *testing.B) {
	portfolio(b)
	day := 0
	db, err := store.Open(context.Background(), sharedAt, func() time.Time { return time.Now().AddDate(0, 0, day) })
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetZone(zone)
	if _, err := db.RecomputeLights(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		day++
		if _, err := db.RecomputeLights(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	day = 0 // leave today's lights for the other benchmarks
	if _, err := db.RecomputeLights(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// Every project's lights written from nothing: the worst case, as after a change of
// thresholds that moves every light.
func BenchmarkRecomputeLightsFromScratch(b *testing.B) {
	db := portfolio(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if _, err := db.SQL().Exec(`DELETE FROM project_lights`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.RecomputeLights(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLogin(b *testing.B) {
	db := portfolio(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := db.Login(context.Background(), store.LoginRequest{Username: "leader", Password: demo.Password, Zone: zone}); err != nil {
			b.Fatal(err)
		}
	}
}

// httpClient signs in to the full server and returns a client with its session.
func httpClient(b *testing.B, ts *httptest.Server) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Post(ts.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"hq","password":"`+demo.Password+`"}`))
	if err != nil || res.StatusCode != 200 {
		b.Fatalf("login: %v %v", err, res)
	}
	res.Body.Close()
	return c
}

const listPath = "/api/v1/projects?stage=construction&category=industrial&sort=-total_investment&size=20"

// The list through the whole server: session, permission, scope, JSON.
func BenchmarkHTTPProjectList(b *testing.B) {
	db := portfolio(b)
	ts := httptest.NewServer(api.New(api.Config{Store: db, Zone: zone, DataDir: b.TempDir()}))
	defer ts.Close()
	c := httpClient(b, ts)
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Get(ts.URL + listPath)
		if err != nil || res.StatusCode != 200 {
			b.Fatal(err, res.StatusCode)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// The floor: a bare net/http handler answering with the same bytes.
func BenchmarkFloorHTTPBareHandler(b *testing.B) {
	db := portfolio(b)
	full := httptest.NewServer(api.New(api.Config{Store: db, Zone: zone, DataDir: b.TempDir()}))
	c := httpClient(b, full)
	res, err := c.Get(full.URL + listPath)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	full.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	}))
	defer bare.Close()
	b.ReportAllocs()
	for b.Loop() {
		res, err := http.Get(bare.URL + listPath)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// The ledger export of 10,000 rows: reading them in the actor's scope and writing the
// government-layout workbook.
func BenchmarkExport10k(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	f := stride.ProjectFilter{Year: time.Now().In(zone).Year(), IDs: make([]int64, 0, 10000)}
	for id := int64(1); id <= 10000; id++ {
		f.IDs = append(f.IDs, id)
	}
	b.ReportAllocs()
	for b.Loop() {
		rows, err := db.ExportProjects(context.Background(), a, f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := office.ExportLedger(rows, office.ExportOptions{Year: f.Year, Zone: "基准"}); err != nil {
			b.Fatal(err)
		}
	}
}
