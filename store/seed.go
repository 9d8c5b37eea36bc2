package store

import (
	"context"
	"database/sql"
	"fmt"
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
}

// Seed loads projects with their plans, nodes and reports in one transaction, rebuilds the
// roll-ups from the raw rows, recomputes every light, and writes one audit entry for the
// whole load. It returns the new projects' ids in input order.
func (db *DB) Seed(ctx context.Context, a *stride.Actor, projects []SeedProject) ([]int64, error) {
	ids := make([]int64, 0, len(projects))
	var nodeCount, reportCount int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		var plans, nodes, reports [][]any
		for _, sp := range projects {
			p, err := db.createProject(ctx, tx, a, sp.Input)
			if err != nil {
				return fmt.Errorf("seed %s: %w", sp.Input.Name, err)
			}
			ids = append(ids, p.ID)
			for _, pl := range sp.Plans {
				status, by := stride.PlanDraft, ""
				var base, baselined any
				if pl.Approved {
					status, by, base, baselined = stride.PlanApproved, a.Name, pl.Investment, now
				}
				plans = append(plans, []any{p.ID, pl.Year, pl.Investment, pl.Goals, encodeCurve(pl.Curve), status, base,
					encodeCurve(pl.Curve), baselined, by, 1, now, now})
			}
			for _, m := range sp.Milestones {
				var baseline stride.Date
				if m.Baseline {
					baseline = m.Planned
				}
				nodes = append(nodes, []any{p.ID, string(m.Kind), m.Name, m.Seq, m.Planned, baseline, m.Actual, sp.Input.LeadUnitID, 1, now, now})
			}
			for _, r := range sp.Reports {
				var reviewed any
				reviewer := ""
				if r.Status == stride.ReportApproved {
					reviewed, reviewer = r.SubmittedAt.Add(48*time.Hour).UTC(), p.LeadUnitName
				}
				reports = append(reports, []any{p.ID, r.Year, r.Month, 1, r.Investment, r.Progress, r.ProgressPct, r.Status,
					p.OwnerUnitName, r.SubmittedAt.UTC(), reviewer, reviewed, 1})
			}
		}
		if err := insertRows(ctx, tx, "annual_plans", []string{"project_id", "year", "investment", "goals", "curve", "status",
			"baseline_investment", "baseline_curve", "baselined_at", "approved_by", "version", "created_at", "updated_at"}, plans, ""); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, "milestones", []string{"project_id", "kind", "name", "seq", "planned_date", "baseline_date",
			"actual_date", "responsible_unit_id", "version", "created_at", "updated_at"}, nodes, ""); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, "monthly_reports", []string{"project_id", "year", "month", "revision", "investment", "progress",
			"progress_pct", "status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "version"}, reports, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET
			start_planned = (SELECT MIN(planned_date) FROM milestones m WHERE m.project_id = projects.id AND m.kind = 'start'),
			start_actual = (SELECT MIN(actual_date) FROM milestones m WHERE m.project_id = projects.id AND m.kind = 'start'),
			end_planned = (SELECT MAX(planned_date) FROM milestones m WHERE m.project_id = projects.id AND m.kind = 'completion'),
			end_actual = (SELECT MAX(actual_date) FROM milestones m WHERE m.project_id = projects.id AND m.kind = 'completion')`); err != nil {
			return err
		}
		nodeCount, reportCount = len(nodes), len(reports)
		if err := db.rebuildRollups(ctx, tx); err != nil {
			return err
		}
		if err := db.refreshLights(ctx, tx, nil); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, a, "seed", "project", "", nil,
			map[string]int{"projects": len(projects), "milestones": nodeCount, "reports": reportCount}, stride.OutcomeSuccess)
	})
	return ids, err
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
	rows, err := tx.QueryContext(ctx, `SELECT project_id, year, investment, curve FROM annual_plans`)
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
	return err
}
