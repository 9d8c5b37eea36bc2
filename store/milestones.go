package store

import (
	"context"
	"database/sql"

	"github.com/stride-hq/stride"
)

const milestoneColumns = `m.id, m.project_id, m.kind, m.name, m.seq, m.planned_date, m.baseline_date, m.actual_date,
	m.responsible_unit_id, COALESCE(u.name, ''), m.responsible_person, m.note, m.verified_at, m.verified_by, m.version`

func scanMilestone(row interface{ Scan(...any) error }) (*stride.Milestone, error) {
	var m stride.Milestone
	var unit sql.NullInt64
	var verified sql.NullTime
	if err := row.Scan(&m.ID, &m.ProjectID, &m.Kind, &m.Name, &m.Seq, &m.PlannedDate, &m.BaselineDate, &m.ActualDate,
		&unit, &m.ResponsibleUnit, &m.ResponsiblePerson, &m.Note, &verified, &m.VerifiedBy, &m.Version); err != nil {
		return nil, err
	}
	if unit.Valid {
		m.ResponsibleUnitID = &unit.Int64
	}
	m.VerifiedAt = nullTime(verified)
	m.Photos = []stride.Photo{}
	return &m, nil
}

// ListMilestones returns a project's nodes in order.
func (db *DB) ListMilestones(ctx context.Context, a *stride.Actor, projectID int64) ([]*stride.Milestone, error) {
	if _, err := db.GetProject(ctx, a, projectID); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+milestoneColumns+` FROM milestones m LEFT JOIN units u ON u.id = m.responsible_unit_id
		WHERE m.project_id = $1 ORDER BY m.seq, m.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stride.Milestone{}
	for rows.Next() {
		m, err := scanMilestone(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, db.attachMilestonePhotos(ctx, db.sql, out)
}

const milestonePhotoColumns = `id, milestone_id, content_type, size, taken_at, latitude, longitude, file, thumb, created_at`

func scanMilestonePhoto(row interface{ Scan(...any) error }) (*stride.Photo, error) {
	p, err := scanPhoto(row)
	if err != nil {
		return nil, err
	}
	// scanPhoto reads the owner's id into ReportID; here the owner is a node.
	p.MilestoneID, p.ReportID = p.ReportID, 0
	return p, nil
}

func (db *DB) attachMilestonePhotos(ctx context.Context, q queryer, ms []*stride.Milestone) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*stride.Milestone{}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		byID[m.ID], ids[i] = m, m.ID
	}
	qq := &query{}
	qq.raw(`SELECT ` + milestonePhotoColumns + ` FROM milestone_photos WHERE milestone_id IN (` + idList(qq, ids) + `) ORDER BY id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanMilestonePhoto(rows)
		if err != nil {
			return err
		}
		byID[p.MilestoneID].Photos = append(byID[p.MilestoneID].Photos, *p)
	}
	return rows.Err()
}

// AddMilestonePhoto records a stored evidence image of a node in the actor's scope.
func (db *DB) AddMilestonePhoto(ctx context.Context, a *stride.Actor, milestoneID int64, p stride.Photo, sha string) (*stride.Photo, error) {
	var out *stride.Photo
	err := db.tx(ctx, func(tx *sql.Tx) error {
		m, err := db.getMilestone(ctx, tx, a, milestoneID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM milestone_photos WHERE milestone_id = $1`, milestoneID).Scan(&n); err != nil {
			return err
		}
		if n >= 20 {
			return stride.Errorf(stride.EInvalid, "photo.too_many", 20)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO milestone_photos (milestone_id, project_id, file, thumb, content_type, size, sha256,
			taken_at, latitude, longitude, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			milestoneID, m.ProjectID, p.File, p.Thumb, p.ContentType, p.Size, sha, p.TakenAt, p.Latitude, p.Longitude, db.now().UTC()).Scan(&id); err != nil {
			return err
		}
		if out, err = scanMilestonePhoto(tx.QueryRowContext(ctx, `SELECT `+milestonePhotoColumns+` FROM milestone_photos WHERE id = $1`, id)); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "photo.create", "milestone", milestoneID, nil, out)
	})
	return out, err
}

// GetMilestonePhoto returns an evidence photo of a node of a project in the actor's scope.
func (db *DB) GetMilestonePhoto(ctx context.Context, a *stride.Actor, id int64) (*stride.Photo, error) {
	q := &query{}
	q.add(`SELECT ph.id, ph.milestone_id, ph.content_type, ph.size, ph.taken_at, ph.latitude, ph.longitude, ph.file, ph.thumb, ph.created_at
		FROM milestone_photos ph JOIN projects p ON p.id = ph.project_id WHERE ph.id = %s AND %s`, q.arg(id), projectScope(q, a))
	p, err := scanMilestonePhoto(db.sql.QueryRowContext(ctx, q.String(), q.args...))
	return p, notFoundOr(err, "photo")
}

func (db *DB) getMilestone(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.Milestone, error) {
	m, err := scanMilestone(q.QueryRowContext(ctx, `SELECT `+milestoneColumns+` FROM milestones m LEFT JOIN units u ON u.id = m.responsible_unit_id
		WHERE m.id = $1`, id))
	if err != nil {
		return nil, notFoundOr(err, "milestone")
	}
	if _, err := db.getProject(ctx, q, a, m.ProjectID); err != nil {
		return nil, stride.NotFound("milestone")
	}
	return m, db.attachMilestonePhotos(ctx, q, []*stride.Milestone{m})
}

// CreateMilestone adds a node to a project in the actor's scope.
func (db *DB) CreateMilestone(ctx context.Context, a *stride.Actor, projectID int64, in stride.MilestoneInput) (*stride.Milestone, error) {
	var out *stride.Milestone
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, projectID); err != nil {
			return err
		}
		if in.ResponsibleUnitID != nil {
			if err := unitExists(ctx, tx, *in.ResponsibleUnitID); err != nil {
				return fieldError("responsible_unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
			}
		}
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO milestones (project_id, kind, name, seq, planned_date, actual_date, responsible_unit_id,
			responsible_person, note, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id`,
			projectID, string(in.Kind), in.Name, in.Seq, in.PlannedDate, in.ActualDate, in.ResponsibleUnitID, in.ResponsiblePerson,
			in.Note, now).Scan(&id)
		if err != nil {
			return translate(err)
		}
		if out, err = db.getMilestone(ctx, tx, a, id); err != nil {
			return err
		}
		if err := db.afterMilestone(ctx, tx, projectID); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "milestone.create", "milestone", id, nil, out)
	})
	return out, err
}

// UpdateMilestone changes a node. Moving a baselined planned date needs in.Change and is
// recorded with the plan's changes. Setting the actual date clears an earlier verification.
func (db *DB) UpdateMilestone(ctx context.Context, a *stride.Actor, id int64, in stride.MilestoneInput) (*stride.Milestone, error) {
	var out *stride.Milestone
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getMilestone(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "milestones", id, in.Version); err != nil {
			return err
		}
		if !before.BaselineDate.IsZero() && in.PlannedDate != before.PlannedDate {
			if in.Change == nil {
				return fieldError("change", "plan.reason_required")
			}
			year := before.BaselineDate.Year
			if err := db.insertPlanChange(ctx, tx, a, before.ProjectID, year, "milestone:"+before.Name,
				before.PlannedDate.String(), in.PlannedDate.String(), *in.Change); err != nil {
				return err
			}
		}
		if in.ResponsibleUnitID != nil {
			if err := unitExists(ctx, tx, *in.ResponsibleUnitID); err != nil {
				return fieldError("responsible_unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
			}
		}
		clearVerify := in.ActualDate != before.ActualDate
		if _, err := tx.ExecContext(ctx, `UPDATE milestones SET kind = $1, name = $2, seq = $3, planned_date = $4, actual_date = $5,
			responsible_unit_id = $6, responsible_person = $7, note = $8,
			verified_at = CASE WHEN $9 THEN NULL ELSE verified_at END, verified_by = CASE WHEN $9 THEN '' ELSE verified_by END,
			version = version + 1, updated_at = $10 WHERE id = $11`,
			string(in.Kind), in.Name, in.Seq, in.PlannedDate, in.ActualDate, in.ResponsibleUnitID, in.ResponsiblePerson, in.Note,
			clearVerify, db.now().UTC(), id); err != nil {
			return err
		}
		if out, err = db.getMilestone(ctx, tx, a, id); err != nil {
			return err
		}
		if err := db.afterMilestone(ctx, tx, before.ProjectID); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "milestone.update", "milestone", id, before, out)
	})
	return out, err
}

// VerifyMilestone records the lead unit's check of a node's actual date.
func (db *DB) VerifyMilestone(ctx context.Context, a *stride.Actor, id int64, version int) (*stride.Milestone, error) {
	var out *stride.Milestone
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getMilestone(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "milestones", id, version); err != nil {
			return err
		}
		if before.ActualDate.IsZero() {
			return stride.Errorf(stride.EConflict, "milestone.not_done")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE milestones SET verified_at = $1, verified_by = $2, version = version + 1 WHERE id = $3`,
			db.now().UTC(), a.Name, id); err != nil {
			return err
		}
		if out, err = db.getMilestone(ctx, tx, a, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "milestone.verify", "milestone", id, before, out)
	})
	return out, err
}

// DeleteMilestone removes a node.
func (db *DB) DeleteMilestone(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getMilestone(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM milestones WHERE id = $1`, id); err != nil {
			return err
		}
		if err := db.afterMilestone(ctx, tx, before.ProjectID); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "milestone.delete", "milestone", id, before, nil)
	})
}

// afterMilestone copies the start and completion nodes' dates onto the project, where
// lists and the year's nature read them, and recomputes the project's lights.
func (db *DB) afterMilestone(ctx context.Context, tx *sql.Tx, projectID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE projects SET
		start_planned = (SELECT MIN(planned_date) FROM milestones WHERE project_id = $1 AND kind = 'start'),
		start_actual = (SELECT MIN(actual_date) FROM milestones WHERE project_id = $1 AND kind = 'start'),
		end_planned = (SELECT MAX(planned_date) FROM milestones WHERE project_id = $1 AND kind = 'completion'),
		end_actual = (SELECT MAX(actual_date) FROM milestones WHERE project_id = $1 AND kind = 'completion')
		WHERE id = $1`, projectID)
	if err != nil {
		return err
	}
	return db.refreshLights(ctx, tx, []int64{projectID})
}

// MilestoneTemplates returns the standard node library of a category.
func (db *DB) MilestoneTemplates(ctx context.Context, category stride.Category) ([]stride.MilestoneTemplate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, name, seq, duration_days FROM milestone_templates WHERE category = $1 ORDER BY seq`, string(category))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.MilestoneTemplate{}
	for rows.Next() {
		var t stride.MilestoneTemplate
		if err := rows.Scan(&t.Kind, &t.Name, &t.Seq, &t.DurationDays); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return stride.DefaultMilestoneTemplates, nil
	}
	return out, nil
}

// SaveMilestoneTemplates replaces the node library of a category.
func (db *DB) SaveMilestoneTemplates(ctx context.Context, a *stride.Actor, category stride.Category, nodes []stride.MilestoneTemplate) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.MilestoneTemplates(ctx, category)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM milestone_templates WHERE category = $1`, string(category)); err != nil {
			return err
		}
		for _, n := range nodes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO milestone_templates (category, kind, name, seq, duration_days) VALUES ($1, $2, $3, $4, $5)`,
				string(category), string(n.Kind), n.Name, n.Seq, n.DurationDays); err != nil {
				return duplicate(err, "kind")
			}
		}
		return db.appendAudit(ctx, tx, a, "milestone_template.update", "milestone_template", string(category), before, nodes, stride.OutcomeSuccess)
	})
}

// GetMilestone returns a node of a project in the actor's scope, with its evidence photos.
func (db *DB) GetMilestone(ctx context.Context, a *stride.Actor, id int64) (*stride.Milestone, error) {
	return db.getMilestone(ctx, db.sql, a, id)
}
