package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

// SeedProject is a project with its history, for bulk loading (the demo zone, generated
// portfolios): the project, its plans, nodes and reports as they would stand after years of
// use.
type SeedProject struct {
	Input      stride.ProjectInput
	Plans      []SeedPlan
	Milestones []SeedMilestone
	Reports    []SeedReport
}

// SeedPlan is one year's plan; Approved plans are baselined at their amount.
type SeedPlan struct {
	Year       int
	Investment stride.Money
	Curve      []stride.Money
	Goals      string
	Approved   bool
}

// SeedMilestone is one node; Baseline marks its planned date as baselined.
type SeedMilestone struct {
	Kind     stride.MilestoneKind
	Name     string
	Seq      int
	Planned  stride.Date
	Actual   stride.Date
	Baseline bool
}

// SeedReport is one month's report in its final state.
type SeedReport struct {
	Year, Month int
	Investment  stride.Money
	Progress    string
	ProgressPct int
	Status      string // submitted, approved
	SubmittedAt time.Time
	Photos      []SeedPhoto
}

// SeedPhoto is the record of a site photo attached to a report, without the image: a
// generated portfolio has the rows lists and counts read, not the files.
type SeedPhoto struct {
	File      string // relative to the data folder; it need not exist
	Size      int64
	TakenAt   time.Time
	Latitude  float64 // 0 with Longitude: no place in the photo
	Longitude float64
}

// Seed loads projects with their plans, nodes and reports in one transaction, rebuilds the
// roll-ups from the raw rows, recomputes every light, and writes one audit entry for the
// whole load. It returns the new projects' ids in input order. The input is trusted (the
// demo zone, a generator): it is not validated.
func (db *DB) Seed(ctx context.Context, a *stride.Actor, projects []SeedProject) ([]int64, error) {
	var ids []int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if ids, err = db.seedBatch(ctx, tx, a, projects); err != nil {
			return err
		}
		return db.finishSeed(ctx, tx, a, len(projects))
	})
	return ids, err
}

// SeedBatch loads one batch of a large load in its own transaction, leaving roll-ups and
// lights to FinishSeed, so a generator can stream a portfolio that does not fit in memory.
func (db *DB) SeedBatch(ctx context.Context, a *stride.Actor, projects []SeedProject) ([]int64, error) {
	var ids []int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = db.seedBatch(ctx, tx, a, projects)
		return err
	})
	return ids, err
}

// FinishSeed rebuilds the roll-ups, recomputes every light and audits a load of n projects.
func (db *DB) FinishSeed(ctx context.Context, a *stride.Actor, n int) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.finishSeed(ctx, tx, a, n) })
}

func (db *DB) finishSeed(ctx context.Context, tx *sql.Tx, a *stride.Actor, n int) error {
	if err := bumpLedger(ctx, tx); err != nil {
		return err
	}
	if err := db.rebuildRollups(ctx, tx); err != nil {
		return err
	}
	if err := db.refreshLights(ctx, tx, nil); err != nil {
		return err
	}
	return db.appendAudit(ctx, tx, a, "seed", "project", "", nil, map[string]int{"projects": n}, stride.OutcomeSuccess)
}

// nodeDates are the start and completion dates a project takes from its nodes.
func nodeDates(ms []SeedMilestone) (startPlanned, startActual, endPlanned, endActual stride.Date) {
	for _, m := range ms {
		switch m.Kind {
		case stride.NodeStart:
			startPlanned, startActual = m.Planned, m.Actual
		case stride.NodeCompletion:
			endPlanned, endActual = m.Planned, m.Actual
		}
	}
	return
}

// seedBatch inserts projects and reports with ids it assigns, and the projects' stage,
// plans, nodes, reports and photo records, in multi-row statements.
func (db *DB) seedBatch(ctx context.Context, tx *sql.Tx, a *stride.Actor, projects []SeedProject) ([]int64, error) {
	now := db.now().UTC()
	var next, nextReport int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM projects`).Scan(&next); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM monthly_reports`).Scan(&nextReport); err != nil {
		return nil, err
	}
	unitNames := map[int64]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		unitNames[id] = name
	}
	rows.Close()
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	ids := make([]int64, len(projects))
	var projectRows, stages, plans, nodes, reports, photos [][]any
	for i, sp := range projects {
		next++
		id := next
		ids[i] = id
		values, err := projectValues(sp.Input)
		if err != nil {
			return nil, err
		}
		sPlanned, sActual, ePlanned, eActual := nodeDates(sp.Milestones)
		projectRows = append(projectRows, append(values, id, sPlanned, sActual, ePlanned, eActual, by, 1, now, now))
		stages = append(stages, []any{id, "", string(sp.Input.Stage), sp.Input.StageReason, now, a.Name})
		for _, pl := range sp.Plans {
			status, approver := stride.PlanDraft, ""
			var base, baselined any
			if pl.Approved {
				status, approver, base, baselined = stride.PlanApproved, a.Name, pl.Investment, now
			}
			plans = append(plans, []any{id, pl.Year, pl.Investment, pl.Goals, encodeCurve(pl.Curve), status, base,
				encodeCurve(pl.Curve), baselined, approver, 1, now, now})
		}
		for _, m := range sp.Milestones {
			var baseline stride.Date
			if m.Baseline {
				baseline = m.Planned
			}
			nodes = append(nodes, []any{id, string(m.Kind), m.Name, m.Seq, m.Planned, baseline, m.Actual, sp.Input.LeadUnitID, 1, now, now})
		}
		for _, r := range sp.Reports {
			var reviewed any
			reviewer := ""
			if r.Status == stride.ReportApproved {
				reviewed, reviewer = r.SubmittedAt.Add(48*time.Hour).UTC(), unitNames[sp.Input.LeadUnitID]
			}
			nextReport++
			reports = append(reports, []any{nextReport, id, r.Year, r.Month, 1, r.Investment, r.Progress, r.ProgressPct, r.Status,
				unitNames[sp.Input.OwnerUnitID], r.SubmittedAt.UTC(), reviewer, reviewed, 1})
			for _, ph := range r.Photos {
				var lat, lng any
				if ph.Latitude != 0 || ph.Longitude != 0 {
					lat, lng = ph.Latitude, ph.Longitude
				}
				sum := sha256.Sum256([]byte(ph.File))
				photos = append(photos, []any{nextReport, id, ph.File, "image/jpeg", ph.Size, hex.EncodeToString(sum[:]),
					ph.TakenAt.UTC(), lat, lng, r.SubmittedAt.UTC()})
			}
		}
	}
	cols := append(strings.Split(strings.Join(strings.Fields(projectWriteColumns), ""), ","),
		"id", "start_planned", "start_actual", "end_planned", "end_actual", "created_by", "version", "created_at", "updated_at")
	for _, step := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"projects", cols, projectRows},
		{"project_stages", []string{"project_id", "from_stage", "to_stage", "reason", "changed_at", "changed_by"}, stages},
		{"annual_plans", []string{"project_id", "year", "investment", "goals", "curve", "status", "baseline_investment",
			"baseline_curve", "baselined_at", "approved_by", "version", "created_at", "updated_at"}, plans},
		{"milestones", []string{"project_id", "kind", "name", "seq", "planned_date", "baseline_date", "actual_date",
			"responsible_unit_id", "version", "created_at", "updated_at"}, nodes},
		{"monthly_reports", []string{"id", "project_id", "year", "month", "revision", "investment", "progress", "progress_pct",
			"status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "version"}, reports},
		{"report_photos", []string{"report_id", "project_id", "file", "content_type", "size", "sha256", "taken_at",
			"latitude", "longitude", "created_at"}, photos},
	} {
		if err := insertRows(ctx, tx, step.table, step.cols, step.rows, ""); err != nil {
			return nil, translate(err)
		}
	}
	if err := db.syncIdentity(ctx, tx, "monthly_reports"); err != nil {
		return nil, err
	}
	return ids, db.syncIdentity(ctx, tx, "projects")
}

// RebuildRollups recomputes every roll-up from the plans and reports; the result equals
// what the writes keep up to date one by one.
func (db *DB) RebuildRollups(ctx context.Context) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.rebuildRollups(ctx, tx) })
}

func (db *DB) rebuildRollups(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range []string{`DELETE FROM project_months`, `DELETE FROM project_years`,
		`INSERT INTO project_months (project_id, year, month, planned, completed, reported)
		SELECT project_id, year, month, 0,
			COALESCE(SUM(CASE WHEN status = 'approved' THEN investment ELSE 0 END), 0),
			COUNT(CASE WHEN status IN ('approved', 'submitted') THEN 1 END) > 0
		FROM monthly_reports GROUP BY project_id, year, month`} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild roll-ups: %w", err)
		}
	}
	// A plan without a curve spreads evenly (stride.PlannedThrough: plan × month / 12,
	// rounded down, in integers on both engines); that is nearly every plan, and the
	// database spreads them without a round trip per row.
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_months (project_id, year, month, planned)
		SELECT ap.project_id, ap.year, m.month, ap.investment * m.month / 12
		FROM annual_plans ap CROSS JOIN (SELECT 1 AS month UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
			UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9
			UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12) m
		WHERE ap.curve = ''
		ON CONFLICT (project_id, year, month) DO UPDATE SET planned = excluded.planned`); err != nil {
		return fmt.Errorf("rebuild roll-ups: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT project_id, year, investment, curve FROM annual_plans WHERE curve <> ''`)
	if err != nil {
		return err
	}
	type plan struct {
		id    int64
		year  int
		inv   stride.Money
		curve []stride.Money
	}
	var plans []plan
	for rows.Next() {
		var p plan
		var curve string
		if err := rows.Scan(&p.id, &p.year, &p.inv, &curve); err != nil {
			rows.Close()
			return err
		}
		if p.curve, err = decodeCurve(curve); err != nil {
			rows.Close()
			return err
		}
		plans = append(plans, p)
	}
	rows.Close()
	var months [][]any
	for _, p := range plans {
		for m := 1; m <= 12; m++ {
			months = append(months, []any{p.id, p.year, m, stride.PlannedThrough(p.inv, p.curve, m)})
		}
	}
	if err := insertRows(ctx, tx, "project_months", []string{"project_id", "year", "month", "planned"}, months,
		`ON CONFLICT (project_id, year, month) DO UPDATE SET planned = excluded.planned`); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO project_years (project_id, year, plan, completed)
		SELECT pm.project_id, pm.year, COALESCE(MAX(ap.investment), 0), SUM(pm.completed)
		FROM project_months pm LEFT JOIN annual_plans ap ON ap.project_id = pm.project_id AND ap.year = pm.year
		GROUP BY pm.project_id, pm.year`)
	if err != nil {
		return err
	}
	return db.rebuildDashboard(ctx, tx)
}
