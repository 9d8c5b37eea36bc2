package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stride-hq/stride"
)

func (db *DB) scanCampaigns(ctx context.Context, q queryer, where string, args ...any) ([]*stride.Campaign, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, starts_on, ends_on, targets, rule, note, version, created_at, updated_at
		FROM campaigns `+where+` ORDER BY starts_on DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stride.Campaign{}
	for rows.Next() {
		var c stride.Campaign
		var targets, rule string
		if err := rows.Scan(&c.ID, &c.Name, &c.StartsOn, &c.EndsOn, &targets, &rule, &c.Note, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(targets), &c.Targets); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(rule), &c.Rule); err != nil {
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
		c.ProjectIDs = []int64{}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, c := range out {
		ids, err := q.QueryContext(ctx, `SELECT project_id FROM campaign_projects WHERE campaign_id = $1 ORDER BY project_id`, c.ID)
		if err != nil {
			return nil, err
		}
		for ids.Next() {
			var id int64
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return nil, err
			}
			c.ProjectIDs = append(c.ProjectIDs, id)
		}
		ids.Close()
	}
	return out, nil
}

// ListCampaigns returns every campaign with its tally over the projects in the actor's
// scope.
func (db *DB) ListCampaigns(ctx context.Context, a *stride.Actor) (stride.List[*stride.Campaign], error) {
	cs, err := db.scanCampaigns(ctx, db.sql, "")
	if err != nil {
		return stride.List[*stride.Campaign]{}, err
	}
	for _, c := range cs {
		if c.Tally, err = db.tally(ctx, a, c); err != nil {
			return stride.List[*stride.Campaign]{}, err
		}
	}
	return stride.List[*stride.Campaign]{Items: cs, Total: len(cs)}, nil
}

// GetCampaign returns a campaign with its tally.
func (db *DB) GetCampaign(ctx context.Context, a *stride.Actor, id int64) (*stride.Campaign, error) {
	cs, err := db.scanCampaigns(ctx, db.sql, "WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, stride.NotFound("campaign")
	}
	cs[0].Tally, err = db.tally(ctx, a, cs[0])
	return cs[0], err
}

func (db *DB) runningCampaigns(ctx context.Context, a *stride.Actor, today stride.Date) ([]*stride.Campaign, error) {
	cs, err := db.scanCampaigns(ctx, db.sql, "WHERE starts_on <= $1 AND ends_on >= $1", today)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Tally, err = db.tally(ctx, a, c); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// SaveCampaign creates (id 0) or changes a campaign.
func (db *DB) SaveCampaign(ctx context.Context, a *stride.Actor, id int64, in stride.CampaignInput) (*stride.Campaign, error) {
	var out *stride.Campaign
	err := db.tx(ctx, func(tx *sql.Tx) error {
		targets, _ := json.Marshal(in.Targets)
		rule, _ := json.Marshal(in.Rule)
		now := db.now().UTC()
		var before *stride.Campaign
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (name, starts_on, ends_on, targets, rule, note, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id`, in.Name, in.StartsOn, in.EndsOn, string(targets), string(rule),
				in.Note, now).Scan(&id); err != nil {
				return err
			}
		} else {
			cs, err := db.scanCampaigns(ctx, tx, "WHERE id = $1", id)
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				return stride.NotFound("campaign")
			}
			before = cs[0]
			if err := claim(ctx, tx, "campaigns", id, in.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET name = $1, starts_on = $2, ends_on = $3, targets = $4, rule = $5, note = $6,
				version = version + 1, updated_at = $7 WHERE id = $8`, in.Name, in.StartsOn, in.EndsOn, string(targets), string(rule),
				in.Note, now, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM campaign_projects WHERE campaign_id = $1`, id); err != nil {
			return err
		}
		for _, pid := range in.ProjectIDs {
			if _, err := db.getProject(ctx, tx, a, pid); err != nil {
				return fieldError("project_ids", "validate.not_exist", stride.Msg{Key: "object.project"})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_projects (campaign_id, project_id) VALUES ($1, $2)`, id, pid); err != nil {
				return err
			}
		}
		cs, err := db.scanCampaigns(ctx, tx, "WHERE id = $1", id)
		if err != nil {
			return err
		}
		out = cs[0]
		if err := bumpLedger(ctx, tx); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "campaign.save", "campaign", id, b, out)
	})
	if err != nil {
		return nil, err
	}
	out.Tally, err = db.tally(ctx, a, out)
	return out, err
}

// DeleteCampaign removes a campaign.
func (db *DB) DeleteCampaign(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		cs, err := db.scanCampaigns(ctx, tx, "WHERE id = $1", id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return stride.NotFound("campaign")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM campaigns WHERE id = $1`, id); err != nil {
			return err
		}
		if err := bumpLedger(ctx, tx); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "campaign.delete", "campaign", id, cs[0], nil)
	})
}

// campaignMembers is the SQL condition selecting a campaign's projects: added by hand, or
// matching its rule.
func campaignMembers(q *query, c *stride.Campaign) string {
	parts := []string{"EXISTS (SELECT 1 FROM campaign_projects cp WHERE cp.project_id = p.id AND cp.campaign_id = " + q.arg(c.ID) + ")"}
	if !c.Rule.Empty() {
		var rule []string
		if len(c.Rule.Tags) > 0 {
			var or []string
			for _, t := range c.Rule.Tags {
				or = append(or, "(',' || p.tags || ',') LIKE "+q.arg("%,"+t+",%"))
			}
			rule = append(rule, "("+strings.Join(or, " OR ")+")")
		}
		in := func(col string, vals []string) {
			if len(vals) == 0 {
				return
			}
			ph := make([]string, len(vals))
			for i, v := range vals {
				ph[i] = q.arg(v)
			}
			rule = append(rule, col+" IN ("+strings.Join(ph, ", ")+")")
		}
		in("p.stage", toStrings(c.Rule.Stages))
		in("p.category", toStrings(c.Rule.Categories))
		if len(c.Rule.KeyLevels) > 0 {
			var or []string
			for _, l := range c.Rule.KeyLevels {
				or = append(or, "(',' || p.key_levels || ',') LIKE "+q.arg("%,"+string(l)+",%"))
			}
			rule = append(rule, "("+strings.Join(or, " OR ")+")")
		}
		parts = append(parts, "("+strings.Join(rule, " AND ")+")")
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func toStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// tally counts a campaign's projects in the actor's scope against its targets: starts and
// completions dated in the window, investment approved for the window's months, and
// continuing projects whose investment in the window reached their plan for it.
func (db *DB) tally(ctx context.Context, a *stride.Actor, c *stride.Campaign) (*stride.CampaignTally, error) {
	today := db.today()
	t := &stride.CampaignTally{Status: "running", DaysLeft: today.DaysUntil(c.EndsOn), ByUnit: []stride.CampaignUnitRow{}}
	switch {
	case today.Before(c.StartsOn):
		t.Status = "upcoming"
	case today.After(c.EndsOn):
		t.Status, t.DaysLeft = "closed", 0
	}
	from, to := c.StartsOn.MonthIndex(), c.EndsOn.MonthIndex()
	q := &query{}
	s, e := q.arg(c.StartsOn), q.arg(c.EndsOn)
	mf, mt := q.arg(from), q.arg(to)
	monthIdx := "(pm.year * 12 + pm.month - 1)"
	q.raw(`SELECT p.lead_unit_id, lu.name, COUNT(*),
		COALESCE(SUM(CASE WHEN p.start_actual >= ` + s + ` AND p.start_actual <= ` + e + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN p.end_actual >= ` + s + ` AND p.end_actual <= ` + e + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM((SELECT SUM(pm.completed) FROM project_months pm WHERE pm.project_id = p.id AND ` + monthIdx + ` BETWEEN ` + mf + ` AND ` + mt + `)), 0),
		COALESCE(SUM(CASE WHEN p.start_actual < ` + s + ` AND
			(SELECT COALESCE(SUM(pm.completed), 0) FROM project_months pm WHERE pm.project_id = p.id AND ` + monthIdx + ` BETWEEN ` + mf + ` AND ` + mt + `) >=
			(SELECT COALESCE(MAX(CASE WHEN ` + monthIdx + ` = ` + mt + ` THEN pm.planned END), 0) - COALESCE(MAX(CASE WHEN ` + monthIdx + ` = ` + mf + ` - 1 THEN pm.planned END), 0)
				FROM project_months pm WHERE pm.project_id = p.id)
			AND EXISTS (SELECT 1 FROM project_months pm WHERE pm.project_id = p.id AND ` + monthIdx + ` BETWEEN ` + mf + ` AND ` + mt + ` AND pm.planned > 0)
			THEN 1 ELSE 0 END), 0)
		FROM projects p JOIN units lu ON lu.id = p.lead_unit_id WHERE p.stage <> 'terminated'
		AND EXISTS (SELECT 1 FROM annual_plans ap WHERE ap.project_id = p.id AND ap.year BETWEEN ` + q.arg(c.StartsOn.Year) + ` AND ` + q.arg(c.EndsOn.Year) + `)`)
	q.add(` AND %s AND %s GROUP BY p.lead_unit_id, lu.name ORDER BY lu.name`, campaignMembers(q, c), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("campaign tally: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u stride.CampaignUnitRow
		var accelerated int
		if err := rows.Scan(&u.UnitID, &u.UnitName, &u.Projects, &u.Starts, &u.Completions, &u.Investment, &accelerated); err != nil {
			return nil, err
		}
		t.Projects += u.Projects
		t.Starts += u.Starts
		t.Completions += u.Completions
		t.Investment += u.Investment
		t.Accelerated += accelerated
		t.ByUnit = append(t.ByUnit, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	result := func(name string, goal, reached stride.Money, money bool) stride.TargetResult {
		r := stride.TargetResult{Target: name, Beaten: goal > 0 && reached >= goal}
		if money {
			r.Goal, r.Reached = goal.Wan(), reached.Wan()
		} else {
			r.Goal, r.Reached = fmt.Sprint(int64(goal)), fmt.Sprint(int64(reached))
		}
		if goal > 0 {
			r.Rate = fmt.Sprintf("%.1f", stride.Percent(reached, goal))
		}
		return r
	}
	t.Results = []stride.TargetResult{
		result("starts", stride.Money(c.Targets.Starts), stride.Money(t.Starts), false),
		result("completions", stride.Money(c.Targets.Completions), stride.Money(t.Completions), false),
		result("accelerated", stride.Money(c.Targets.Accelerated), stride.Money(t.Accelerated), false),
		result("investment", c.Targets.Investment, t.Investment, true),
	}
	return t, nil
}
