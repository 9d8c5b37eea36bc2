package store

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestZZ2(t *testing.T) {
	dsn := os.Getenv("ZZ_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := Open(ctx, dsn, time.Now)
	a := stride.SystemActor("x")
	year, per := 2026, 10
	run := func(name, sql string, args ...any) {
		t0 := time.Now()
		rows, err := db.sql.QueryContext(ctx, sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		t.Logf("%s: %d rows in %v", name, n, time.Since(t0))
	}
	q := &query{}
	q.add(`SELECT p.id FROM projects p WHERE %s AND %s`, inLedger(q, year), projectScope(q, a))
	run("ledger ids", q.String(), q.args...)
	run("plain scan", `SELECT p.id, p.name, p.lead_unit_id, p.light, p.start_actual, p.end_actual FROM projects p`)
	run("months agg", `SELECT project_id, SUM(CASE WHEN month <= $2 THEN completed ELSE 0 END), SUM(CASE WHEN month = $2 THEN planned ELSE 0 END) FROM project_months WHERE year = $1 GROUP BY project_id`, year, per)
	run("correlated", `SELECT p.id, (SELECT SUM(pm.completed) FROM project_months pm WHERE pm.project_id = p.id AND pm.year = $1 AND pm.month <= $2),
		(SELECT pm.planned FROM project_months pm WHERE pm.project_id = p.id AND pm.year = $1 AND pm.month = $2) FROM projects p`, year, per)
	run("sum only", `SELECT p.id, (SELECT SUM(pm.completed) FROM project_months pm WHERE pm.project_id = p.id AND pm.year = $1 AND pm.month <= $2) FROM projects p`, year, per)
	run("planned join", `SELECT p.id, pmp.planned FROM projects p LEFT JOIN project_months pmp ON pmp.project_id = p.id AND pmp.year = $1 AND pmp.month = $2`, year, per)
	run("years join2", `SELECT p.id, py.plan, py.completed FROM projects p LEFT JOIN project_years py ON py.project_id = p.id AND py.year = $1`, year)
	run("years join", `SELECT p.id, py.plan FROM projects p LEFT JOIN project_years py ON py.project_id = p.id AND py.year = $1`, year)
	run("units join", `SELECT p.id, lu.name, ou.name FROM projects p JOIN units lu ON lu.id = p.lead_unit_id JOIN units ou ON ou.id = p.owner_unit_id`)
	q = &query{}
	q.add(`SELECT pl.project_id, pl.reasons FROM project_lights pl JOIN projects p ON p.id = pl.project_id
		WHERE p.light IN ('red', 'yellow') AND pl.color = p.light AND %s AND %s ORDER BY pl.project_id, pl.dimension`, inLedger(q, year), projectScope(q, a))
	run("reasons", q.String(), q.args...)
	run("reasons plain", `SELECT pl.project_id, pl.reasons FROM project_lights pl JOIN projects p ON p.id = pl.project_id WHERE p.light IN ('red', 'yellow') AND pl.color = p.light`)
	q = &query{}
	q.raw(`SELECT COUNT(*) FROM projects p WHERE ` + natureCondition(q, stride.NatureNew, year))
	run("nature", q.String(), q.args...)
}
