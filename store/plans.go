package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/stride-hq/stride"
)

func encodeCurve(c []stride.Money) string {
	if len(c) == 0 {
		return ""
	}
	b, _ := json.Marshal(c)
	return string(b)
}

func decodeCurve(s string) ([]stride.Money, error) {
	c := []stride.Money{}
	if s == "" {
		return c, nil
	}
	return c, json.Unmarshal([]byte(s), &c)
}

func (db *DB) getPlan(ctx context.Context, q queryer, projectID int64, year int) (*stride.AnnualPlan, error) {
	var p stride.AnnualPlan
	var curve, baseCurve string
	var base sql.NullInt64
	var baselined sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, project_id, year, investment, goals, curve, status, baseline_investment, baseline_curve,
		baselined_at, approved_by, version, created_at, updated_at FROM annual_plans WHERE project_id = $1 AND year = $2`, projectID, year).
		Scan(&p.ID, &p.ProjectID, &p.Year, &p.Investment, &p.Goals, &curve, &p.Status, &base, &baseCurve, &baselined,
			&p.ApprovedBy, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, notFoundOr(err, "plan")
	}
	if p.Curve, err = decodeCurve(curve); err != nil {
		return nil, err
	}
	if p.BaselineCurve, err = decodeCurve(baseCurve); err != nil {
		return nil, err
	}
	if base.Valid {
		m := stride.Money(base.Int64)
		p.BaselineInvestment = &m
	}
	p.BaselinedAt = nullTime(baselined)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Changes, err = db.planChanges(ctx, q, projectID, year)
	return &p, err
}

func (db *DB) planChanges(ctx context.Context, q queryer, projectID int64, year int) ([]stride.PlanChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, year, subject, old_value, new_value, reason_code, note, approver, changed_by, changed_at
		FROM plan_changes WHERE project_id = $1 AND year = $2 ORDER BY id`, projectID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.PlanChange{}
	for rows.Next() {
		var c stride.PlanChange
		if err := rows.Scan(&c.ID, &c.Year, &c.Subject, &c.OldValue, &c.NewValue, &c.Reason, &c.Note, &c.Approver, &c.ChangedBy, &c.ChangedAt); err != nil {
			return nil, err
		}
		c.ChangedAt = c.ChangedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// GetPlan returns a project's plan for year; not_found when there is none or the project
// is outside the actor's scope.
func (db *DB) GetPlan(ctx context.Context, a *stride.Actor, projectID int64, year int) (*stride.AnnualPlan, error) {
	if _, err := db.GetProject(ctx, a, projectID); err != nil {
		return nil, err
	}
	return db.getPlan(ctx, db.sql, projectID, year)
}

// SavePlan creates or changes a project's plan for year. Once the plan is baselined, a
// change to its amount, curve or goals needs in.Change, and each change is recorded.
func (db *DB) SavePlan(ctx context.Context, a *stride.Actor, projectID int64, year int, in stride.PlanInput) (*stride.AnnualPlan, error) {
	var out *stride.AnnualPlan
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, projectID); err != nil {
			return err
		}
		before, err := db.getPlan(ctx, tx, projectID, year)
		now := db.now().UTC()
		switch {
		case stride.IsCode(err, stride.ENotFound):
			before = nil
			if _, err := tx.ExecContext(ctx, `INSERT INTO annual_plans (project_id, year, investment, goals, curve, status, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $6)`, projectID, year, in.Investment, in.Goals, encodeCurve(in.Curve), now); err != nil {
				return translate(err)
			}
		case err != nil:
			return err
		default:
			if err := claim(ctx, tx, "annual_plans", before.ID, in.Version); err != nil {
				return err
			}
			if before.Status == stride.PlanApproved {
				if err := db.recordPlanChanges(ctx, tx, a, projectID, year, before, in); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE annual_plans SET investment = $1, goals = $2, curve = $3, version = version + 1,
				updated_at = $4 WHERE id = $5`, in.Investment, in.Goals, encodeCurve(in.Curve), now, before.ID); err != nil {
				return err
			}
		}
		if err := db.rollupYear(ctx, tx, projectID, year); err != nil {
			return err
		}
		if out, err = db.getPlan(ctx, tx, projectID, year); err != nil {
			return err
		}
		if err := db.refreshLights(ctx, tx, []int64{projectID}); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "plan.save", "project", projectID, b, out)
	})
	return out, err
}

func (db *DB) recordPlanChanges(ctx context.Context, tx *sql.Tx, a *stride.Actor, projectID int64, year int, before *stride.AnnualPlan, in stride.PlanInput) error {
	type change struct{ subject, old, new string }
	var changes []change
	if in.Investment != before.Investment {
		changes = append(changes, change{"investment", before.Investment.Wan(), in.Investment.Wan()})
	}
	if !slices.Equal(in.Curve, before.Curve) {
		changes = append(changes, change{"curve", encodeCurve(before.Curve), encodeCurve(in.Curve)})
	}
	if in.Goals != before.Goals {
		changes = append(changes, change{"goals", before.Goals, in.Goals})
	}
	if len(changes) == 0 {
		return nil
	}
	if in.Change == nil {
		return fieldError("change", "plan.reason_required")
	}
	for _, c := range changes {
		if err := db.insertPlanChange(ctx, tx, a, projectID, year, c.subject, c.old, c.new, *in.Change); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) insertPlanChange(ctx context.Context, tx *sql.Tx, a *stride.Actor, projectID int64, year int, subject, old, new string, r stride.ChangeReason) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_changes (project_id, year, subject, old_value, new_value, reason_code, note, approver,
		changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		projectID, year, subject, old, new, string(r.Code), r.Note, r.Approver, a.Name, db.now().UTC())
	return err
}

// ApprovePlan baselines a project's plan for year, and with it the planned dates of the
// project's nodes that have none yet.
func (db *DB) ApprovePlan(ctx context.Context, a *stride.Actor, projectID int64, year, version int) (*stride.AnnualPlan, error) {
	var out *stride.AnnualPlan
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, projectID); err != nil {
			return err
		}
		before, err := db.getPlan(ctx, tx, projectID, year)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "annual_plans", before.ID, version); err != nil {
			return err
		}
		if before.Status == stride.PlanApproved {
			return stride.Errorf(stride.EConflict, "plan.already_approved")
		}
		now := db.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE annual_plans SET status = 'approved', baseline_investment = investment,
			baseline_curve = curve, baselined_at = $1, approved_by = $2, version = version + 1, updated_at = $1 WHERE id = $3`,
			now, a.Name, before.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE milestones SET baseline_date = planned_date
			WHERE project_id = $1 AND baseline_date IS NULL AND planned_date IS NOT NULL`, projectID); err != nil {
			return err
		}
		if out, err = db.getPlan(ctx, tx, projectID, year); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "plan.approve", "project", projectID, before, out)
	})
	return out, err
}

// rollupYear recomputes the project-year roll-up from the plan and the approved reports,
// and the plan's cumulative amount at each month's end (its curve, or an even spread).
func (db *DB) rollupYear(ctx context.Context, tx queryer, projectID int64, year int) error {
	var plan stride.Money
	var curveText string
	err := tx.QueryRowContext(ctx, `SELECT investment, curve FROM annual_plans WHERE project_id = $1 AND year = $2`, projectID, year).Scan(&plan, &curveText)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	curve, err := decodeCurve(curveText)
	if err != nil {
		return err
	}
	for m := 1; m <= 12; m++ {
		planned := stride.PlannedThrough(plan, curve, m)
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_months (project_id, year, month, planned) VALUES ($1, $2, $3, $4)
			ON CONFLICT (project_id, year, month) DO UPDATE SET planned = excluded.planned`, projectID, year, m, planned); err != nil {
			return err
		}
	}
	var completed int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(completed), 0) FROM project_months WHERE project_id = $1 AND year = $2`,
		projectID, year).Scan(&completed); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO project_years (project_id, year, plan, completed) VALUES ($1, $2, $3, $4)
		ON CONFLICT (project_id, year) DO UPDATE SET plan = excluded.plan, completed = excluded.completed`, projectID, year, plan, completed)
	return err
}
