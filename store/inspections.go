package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stride-hq/stride"
)

// Inspection templates: checklists an administrator edits.

func scanTemplate(row interface{ Scan(...any) error }) (*stride.InspectionTemplate, error) {
	var t stride.InspectionTemplate
	var sections string
	if err := row.Scan(&t.ID, &t.Name, &sections, &t.Active, &t.Version, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sections), &t.Sections); err != nil {
		return nil, fmt.Errorf("template %d: %w", t.ID, err)
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return &t, nil
}

const templateColumns = `id, name, sections, active, version, created_at, updated_at`

// ListInspectionTemplates returns every checklist template, active ones first.
func (db *DB) ListInspectionTemplates(ctx context.Context) (stride.List[*stride.InspectionTemplate], error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+templateColumns+` FROM inspection_templates ORDER BY active DESC, name, id`)
	if err != nil {
		return stride.List[*stride.InspectionTemplate]{}, err
	}
	defer rows.Close()
	out := []*stride.InspectionTemplate{}
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return stride.List[*stride.InspectionTemplate]{}, err
		}
		out = append(out, t)
	}
	return stride.List[*stride.InspectionTemplate]{Items: out, Total: len(out)}, rows.Err()
}

func (db *DB) getTemplate(ctx context.Context, q queryer, id int64) (*stride.InspectionTemplate, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, `SELECT `+templateColumns+` FROM inspection_templates WHERE id = $1`, id))
	return t, notFoundOr(err, "inspection_template")
}

// SaveInspectionTemplate creates (id 0) or changes a checklist template. Visits keep their
// own copy, so a change never alters a recorded visit.
func (db *DB) SaveInspectionTemplate(ctx context.Context, a *stride.Actor, id int64, in stride.InspectionTemplateInput) (*stride.InspectionTemplate, error) {
	var out *stride.InspectionTemplate
	err := db.tx(ctx, func(tx *sql.Tx) error {
		sections, _ := json.Marshal(in.Sections)
		now := db.now().UTC()
		var before *stride.InspectionTemplate
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_templates (name, sections, active, version, created_at, updated_at)
				VALUES ($1, $2, $3, 1, $4, $4) RETURNING id`, in.Name, string(sections), in.Active, now).Scan(&id); err != nil {
				return duplicate(err, "name")
			}
		} else {
			var err error
			if before, err = db.getTemplate(ctx, tx, id); err != nil {
				return err
			}
			if err := claim(ctx, tx, "inspection_templates", id, in.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE inspection_templates SET name = $1, sections = $2, active = $3, version = version + 1,
				updated_at = $4 WHERE id = $5`, in.Name, string(sections), in.Active, now, id); err != nil {
				return duplicate(err, "name")
			}
		}
		var err error
		if out, err = db.getTemplate(ctx, tx, id); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "inspection_template.save", "inspection_template", id, b, out)
	})
	return out, err
}

// DeleteInspectionTemplate removes a template; visits made with it keep their checklists.
func (db *DB) DeleteInspectionTemplate(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		t, err := db.getTemplate(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_templates WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "inspection_template.delete", "inspection_template", id, t, nil)
	})
}

// Scopes. An inspection is the actor's when one of its projects or units, or a project it
// visited, is in the actor's scope; a visit and a finding when its project is; an order
// when its project or its target unit is.

func inspectionScope(q *query, a *stride.Actor) string {
	if a.SeesAll() {
		return "TRUE"
	}
	return "(EXISTS (SELECT 1 FROM inspection_projects ip JOIN projects p ON p.id = ip.project_id WHERE ip.inspection_id = i.id AND " + projectScope(q, a) + ")" +
		" OR EXISTS (SELECT 1 FROM inspection_visits iv JOIN projects p ON p.id = iv.project_id WHERE iv.inspection_id = i.id AND " + projectScope(q, a) + ")" +
		" OR EXISTS (SELECT 1 FROM inspection_units iu WHERE iu.inspection_id = i.id AND " + scopeClause(q, a, []func(func(string) string) string{column("iu.unit_id")}, "") + "))"
}

func orderScope(q *query, a *stride.Actor) string {
	if a.SeesAll() {
		return "TRUE"
	}
	return "(" + projectScope(q, a) + " OR " + scopeClause(q, a, []func(func(string) string) string{column("o.target_unit_id")}, "") + ")"
}

// Inspections (督查计划).

const inspectionColumns = `i.id, i.week, i.title, i.planned_on, i.leader, i.team, i.note, i.status, i.created_by, i.version, i.created_at, i.updated_at`

func scanInspection(row interface{ Scan(...any) error }) (*stride.Inspection, error) {
	var i stride.Inspection
	if err := row.Scan(&i.ID, &i.Week, &i.Title, &i.PlannedOn, &i.Leader, &i.Team, &i.Note, &i.Status, &i.CreatedBy, &i.Version,
		&i.CreatedAt, &i.UpdatedAt); err != nil {
		return nil, err
	}
	i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	i.Projects, i.Units = []stride.InspectionProject{}, []stride.UnitRef{}
	return &i, nil
}

// ListInspections returns the inspection plans in the actor's scope, newest week first.
func (db *DB) ListInspections(ctx context.Context, a *stride.Actor, f stride.InspectionFilter) (stride.List[*stride.Inspection], error) {
	w := &query{}
	w.add(` WHERE %s`, inspectionScope(w, a))
	if f.Week != "" {
		w.add(` AND i.week = %s`, w.arg(f.Week))
	}
	if f.Status != "" {
		w.add(` AND i.status = %s`, w.arg(f.Status))
	}
	out := stride.List[*stride.Inspection]{Items: []*stride.Inspection{}}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM inspections i`+w.String(), w.args...); err != nil {
		return out, fmt.Errorf("store: count inspections: %w", err)
	}
	w.add(` ORDER BY i.planned_on DESC, i.id DESC LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+inspectionColumns+` FROM inspections i`+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		i, err := scanInspection(rows)
		if err != nil {
			rows.Close()
			return out, err
		}
		out.Items = append(out.Items, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	return out, db.attachTargets(ctx, db.sql, out.Items)
}

// attachTargets fills in the planned projects and units and the counts.
func (db *DB) attachTargets(ctx context.Context, q queryer, list []*stride.Inspection) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*stride.Inspection{}
	ids := make([]int64, len(list))
	for n, i := range list {
		byID[i.ID], ids[n] = i, i.ID
	}
	qq := &query{}
	qq.raw(`SELECT ip.inspection_id, p.id, p.name, lu.name FROM inspection_projects ip JOIN projects p ON p.id = ip.project_id
		JOIN units lu ON lu.id = p.lead_unit_id WHERE ip.inspection_id IN (` + idList(qq, ids) + `) ORDER BY ip.inspection_id, p.id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var iid int64
		var p stride.InspectionProject
		if err := rows.Scan(&iid, &p.ID, &p.Name, &p.LeadUnit); err != nil {
			rows.Close()
			return err
		}
		byID[iid].Projects = append(byID[iid].Projects, p)
	}
	rows.Close()
	qq = &query{}
	qq.raw(`SELECT iu.inspection_id, u.id, u.name FROM inspection_units iu JOIN units u ON u.id = iu.unit_id
		WHERE iu.inspection_id IN (` + idList(qq, ids) + `) ORDER BY iu.inspection_id, u.sort, u.id`)
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var iid int64
		var u stride.UnitRef
		if err := rows.Scan(&iid, &u.ID, &u.Name); err != nil {
			rows.Close()
			return err
		}
		byID[iid].Units = append(byID[iid].Units, u)
	}
	rows.Close()
	qq = &query{}
	qq.raw(`SELECT v.inspection_id, COUNT(DISTINCT v.id), COUNT(DISTINCT f.id), COUNT(DISTINCT o.id),
		COUNT(DISTINCT CASE WHEN o.status <> 'closed' THEN o.id END)
		FROM inspection_visits v LEFT JOIN inspection_findings f ON f.visit_id = v.id LEFT JOIN rectification_orders o ON o.finding_id = f.id
		WHERE v.inspection_id IN (` + idList(qq, ids) + `) GROUP BY v.inspection_id`)
	rows, err = q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var iid int64
		var c stride.InspectionCounts
		if err := rows.Scan(&iid, &c.Visits, &c.Findings, &c.Orders, &c.Open); err != nil {
			return err
		}
		byID[iid].Counts = c
	}
	return rows.Err()
}

func (db *DB) getInspection(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.Inspection, error) {
	qq := &query{}
	qq.add(`SELECT `+inspectionColumns+` FROM inspections i WHERE i.id = %s AND %s`, qq.arg(id), inspectionScope(qq, a))
	i, err := scanInspection(q.QueryRowContext(ctx, qq.String(), qq.args...))
	if err != nil {
		return nil, notFoundOr(err, "inspection")
	}
	return i, db.attachTargets(ctx, q, []*stride.Inspection{i})
}

// GetInspection returns an inspection plan with its visits, their photos, findings and
// orders; not_found when it is outside the actor's scope. Visits to projects outside the
// scope are left out.
func (db *DB) GetInspection(ctx context.Context, a *stride.Actor, id int64) (*stride.Inspection, error) {
	i, err := db.getInspection(ctx, db.sql, a, id)
	if err != nil {
		return nil, err
	}
	qq := &query{}
	qq.add(` WHERE v.inspection_id = %s AND %s ORDER BY v.visited_on, v.id`, qq.arg(id), projectScope(qq, a))
	i.Visits, err = db.visits(ctx, db.sql, qq)
	return i, err
}

// SaveInspection creates (id 0) or changes an inspection plan. Its projects must be in the
// actor's scope.
func (db *DB) SaveInspection(ctx context.Context, a *stride.Actor, id int64, in stride.InspectionInput) (*stride.Inspection, error) {
	var out *stride.Inspection
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		var before *stride.Inspection
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO inspections (week, title, planned_on, leader, team, note, status, created_by, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id`, in.Week, in.Title, in.PlannedOn, in.Leader, in.Team, in.Note,
				in.Status, a.Username, now).Scan(&id); err != nil {
				return err
			}
		} else {
			var err error
			if before, err = db.getInspection(ctx, tx, a, id); err != nil {
				return err
			}
			if err := claim(ctx, tx, "inspections", id, in.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE inspections SET week = $1, title = $2, planned_on = $3, leader = $4, team = $5, note = $6,
				status = $7, version = version + 1, updated_at = $8 WHERE id = $9`, in.Week, in.Title, in.PlannedOn, in.Leader, in.Team, in.Note,
				in.Status, now, id); err != nil {
				return err
			}
			for _, t := range []string{"inspection_projects", "inspection_units"} {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE inspection_id = $1`, id); err != nil {
					return err
				}
			}
		}
		for _, pid := range in.ProjectIDs {
			if _, err := db.getProject(ctx, tx, a, pid); err != nil {
				return fieldError("project_ids", "validate.not_exist", stride.Msg{Key: "object.project"})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_projects (inspection_id, project_id) VALUES ($1, $2)`, id, pid); err != nil {
				return err
			}
		}
		for _, uid := range in.UnitIDs {
			if _, err := db.getUnit(ctx, tx, uid); err != nil {
				return fieldError("unit_ids", "validate.not_exist", stride.Msg{Key: "object.unit"})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_units (inspection_id, unit_id) VALUES ($1, $2)`, id, uid); err != nil {
				return err
			}
		}
		var err error
		if out, err = db.getInspection(ctx, tx, a, id); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "inspection.save", "inspection", id, b, out)
	})
	return out, err
}

// DeleteInspection removes a plan that has no visits yet.
func (db *DB) DeleteInspection(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		i, err := db.getInspection(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if i.Counts.Visits > 0 {
			return stride.Errorf(stride.EConflict, "inspection.has_visits", i.Counts.Visits)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspections WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "inspection.delete", "inspection", id, i, nil)
	})
}

// Visits.

const visitColumns = `v.id, v.inspection_id, v.project_id, p.name, v.template_id, v.visited_on, v.inspectors, v.checklist, v.problems,
	v.summary, v.version, v.created_at, v.updated_at`

// visits reads the visits a WHERE clause selects (its placeholders in w) with their photos,
// findings and orders.
func (db *DB) visits(ctx context.Context, q queryer, w *query) ([]*stride.InspectionVisit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+visitColumns+` FROM inspection_visits v JOIN projects p ON p.id = v.project_id`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	out := []*stride.InspectionVisit{}
	byID := map[int64]*stride.InspectionVisit{}
	for rows.Next() {
		var v stride.InspectionVisit
		var tid sql.NullInt64
		var checklist string
		if err := rows.Scan(&v.ID, &v.InspectionID, &v.ProjectID, &v.ProjectName, &tid, &v.VisitedOn, &v.Inspectors, &checklist,
			&v.Problems, &v.Summary, &v.Version, &v.CreatedAt, &v.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		if tid.Valid {
			v.TemplateID = &tid.Int64
		}
		if err := json.Unmarshal([]byte(checklist), &v.Checklist); err != nil {
			rows.Close()
			return nil, err
		}
		v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
		v.Photos, v.Findings = []stride.Photo{}, []*stride.InspectionFinding{}
		out = append(out, &v)
		byID[v.ID] = &v
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, v := range out {
		ids[i] = v.ID
	}
	qq := &query{}
	qq.raw(`SELECT ` + photoColumns + `, ph.visit_id FROM inspection_photos ph WHERE ph.visit_id IN (` + idList(qq, ids) + `) ORDER BY ph.id`)
	prow, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, err
	}
	for prow.Next() {
		var vid int64
		p, err := scanInspectionPhoto(prow, &vid)
		if err != nil {
			prow.Close()
			return nil, err
		}
		byID[vid].Photos = append(byID[vid].Photos, *p)
	}
	prow.Close()
	qq = &query{}
	qq.raw(` WHERE f.visit_id IN (` + idList(qq, ids) + `) ORDER BY f.id`)
	findings, err := db.findings(ctx, q, qq)
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		byID[f.VisitID].Findings = append(byID[f.VisitID].Findings, f)
	}
	return out, nil
}

func (db *DB) getVisit(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.InspectionVisit, error) {
	qq := &query{}
	qq.add(` WHERE v.id = %s AND %s`, qq.arg(id), projectScope(qq, a))
	vs, err := db.visits(ctx, q, qq)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, stride.NotFound("visit")
	}
	return vs[0], nil
}

// GetVisit returns a visit of a project in the actor's scope.
func (db *DB) GetVisit(ctx context.Context, a *stride.Actor, id int64) (*stride.InspectionVisit, error) {
	return db.getVisit(ctx, db.sql, a, id)
}

// SaveVisit records (id 0, under inspectionID) or changes a visit. A new visit given a
// template and no checklist starts from the template's checklist, unanswered.
func (db *DB) SaveVisit(ctx context.Context, a *stride.Actor, inspectionID, id int64, in stride.VisitInput) (*stride.InspectionVisit, error) {
	var out *stride.InspectionVisit
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, in.ProjectID); err != nil {
			return fieldError("project_id", "validate.not_exist", stride.Msg{Key: "object.project"})
		}
		if in.TemplateID != nil && len(in.Checklist) == 0 {
			t, err := db.getTemplate(ctx, tx, *in.TemplateID)
			if err != nil {
				return fieldError("template_id", "validate.not_exist", stride.Msg{Key: "object.inspection_template"})
			}
			in.Checklist = t.Sections
		} else if in.TemplateID != nil {
			if _, err := db.getTemplate(ctx, tx, *in.TemplateID); err != nil {
				in.TemplateID = nil // removed meanwhile: the visit keeps its checklist
			}
		}
		checklist, _ := json.Marshal(in.Checklist)
		problems := stride.CountProblems(in.Checklist)
		now := db.now().UTC()
		var before *stride.InspectionVisit
		if id == 0 {
			if _, err := db.getInspection(ctx, tx, a, inspectionID); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_visits (inspection_id, project_id, template_id, visited_on, inspectors,
				checklist, problems, summary, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id`,
				inspectionID, in.ProjectID, in.TemplateID, in.VisitedOn, in.Inspectors, string(checklist), problems, in.Summary, now).Scan(&id); err != nil {
				return err
			}
		} else {
			var err error
			if before, err = db.getVisit(ctx, tx, a, id); err != nil {
				return err
			}
			if before.ProjectID != in.ProjectID && len(before.Findings) > 0 {
				return fieldError("project_id", "inspection.project_fixed")
			}
			if err := claim(ctx, tx, "inspection_visits", id, in.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE inspection_visits SET project_id = $1, template_id = $2, visited_on = $3, inspectors = $4,
				checklist = $5, problems = $6, summary = $7, version = version + 1, updated_at = $8 WHERE id = $9`,
				in.ProjectID, in.TemplateID, in.VisitedOn, in.Inspectors, string(checklist), problems, in.Summary, now, id); err != nil {
				return err
			}
		}
		var err error
		if out, err = db.getVisit(ctx, tx, a, id); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "visit.save", "visit", id, b, out)
	})
	return out, err
}

// Photos of visits and evidence of orders.

const photoColumns = `ph.id, ph.content_type, ph.size, ph.taken_at, ph.latitude, ph.longitude, ph.file, ph.thumb, ph.created_at`

func scanInspectionPhoto(row interface{ Scan(...any) error }, extra ...any) (*stride.Photo, error) {
	var p stride.Photo
	var taken sql.NullTime
	var lat, lng sql.NullFloat64
	if err := row.Scan(append([]any{&p.ID, &p.ContentType, &p.Size, &taken, &lat, &lng, &p.File, &p.Thumb, &p.CreatedAt}, extra...)...); err != nil {
		return nil, err
	}
	p.TakenAt = nullTime(taken)
	if lat.Valid {
		p.Latitude = &lat.Float64
	}
	if lng.Valid {
		p.Longitude = &lng.Float64
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return &p, nil
}

// maxInspectionPhotos bounds the photos of one visit and the evidence of one order.
const maxInspectionPhotos = 30

// AddVisitPhoto records a stored site photo of a visit.
func (db *DB) AddVisitPhoto(ctx context.Context, a *stride.Actor, visitID int64, p stride.Photo, sha string) (*stride.Photo, error) {
	var out *stride.Photo
	err := db.tx(ctx, func(tx *sql.Tx) error {
		v, err := db.getVisit(ctx, tx, a, visitID)
		if err != nil {
			return err
		}
		if len(v.Photos) >= maxInspectionPhotos {
			return stride.Errorf(stride.EInvalid, "inspection.too_many_photos", maxInspectionPhotos)
		}
		if out, err = db.insertInspectionPhoto(ctx, tx, &visitID, nil, v.ProjectID, p, sha); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "photo.create", "visit", visitID, nil, out)
	})
	return out, err
}

func (db *DB) insertInspectionPhoto(ctx context.Context, tx queryer, visitID, orderID *int64, projectID int64, p stride.Photo, sha string) (*stride.Photo, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO inspection_photos (visit_id, order_id, project_id, file, thumb, content_type, size, sha256,
		taken_at, latitude, longitude, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		visitID, orderID, projectID, p.File, p.Thumb, p.ContentType, p.Size, sha, p.TakenAt, p.Latitude, p.Longitude, db.now().UTC()).Scan(&id)
	if err != nil {
		return nil, err
	}
	return scanInspectionPhoto(tx.QueryRowContext(ctx, `SELECT `+photoColumns+` FROM inspection_photos ph WHERE ph.id = $1`, id))
}

// GetInspectionPhoto returns a visit photo or an order's evidence photo the actor may see.
func (db *DB) GetInspectionPhoto(ctx context.Context, a *stride.Actor, id int64) (*stride.Photo, error) {
	q := &query{}
	q.add(`SELECT `+photoColumns+` FROM inspection_photos ph JOIN projects p ON p.id = ph.project_id
		LEFT JOIN rectification_orders o ON o.id = ph.order_id WHERE ph.id = %s AND (%s OR (o.id IS NOT NULL AND %s))`,
		q.arg(id), projectScope(q, a), scopeClause(q, a, []func(func(string) string) string{column("o.target_unit_id")}, ""))
	p, err := scanInspectionPhoto(db.sql.QueryRowContext(ctx, q.String(), q.args...))
	return p, notFoundOr(err, "photo")
}

// Findings.

const findingColumns = `f.id, f.visit_id, f.project_id, fp.name, f.item, f.matter, f.severity, f.version, f.created_at`

// findings reads the findings a WHERE clause selects, each with its order.
func (db *DB) findings(ctx context.Context, q queryer, w *query) ([]*stride.InspectionFinding, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+findingColumns+` FROM inspection_findings f JOIN projects fp ON fp.id = f.project_id`+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	out := []*stride.InspectionFinding{}
	byID := map[int64]*stride.InspectionFinding{}
	for rows.Next() {
		var f stride.InspectionFinding
		if err := rows.Scan(&f.ID, &f.VisitID, &f.ProjectID, &f.ProjectName, &f.Item, &f.Matter, &f.Severity, &f.Version, &f.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		out = append(out, &f)
		byID[f.ID] = &f
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, f := range out {
		ids[i] = f.ID
	}
	qq := &query{}
	qq.raw(` WHERE o.finding_id IN (` + idList(qq, ids) + `)`)
	orders, err := db.orders(ctx, q, qq)
	if err != nil {
		return nil, err
	}
	for _, o := range orders {
		byID[o.FindingID].Order = o
	}
	return out, nil
}

func (db *DB) getFinding(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.InspectionFinding, error) {
	qq := &query{}
	qq.add(` WHERE f.id = %s AND EXISTS (SELECT 1 FROM projects p WHERE p.id = f.project_id AND %s)`, qq.arg(id), projectScope(qq, a))
	fs, err := db.findings(ctx, q, qq)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, stride.NotFound("finding")
	}
	return fs[0], nil
}

// SaveFinding records (id 0, on visitID) or changes a finding; a finding with an order
// cannot change.
func (db *DB) SaveFinding(ctx context.Context, a *stride.Actor, visitID, id int64, in stride.FindingInput) (*stride.InspectionFinding, error) {
	var out *stride.InspectionFinding
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		var before *stride.InspectionFinding
		if id == 0 {
			v, err := db.getVisit(ctx, tx, a, visitID)
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_findings (visit_id, project_id, item, matter, severity, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id`, v.ID, v.ProjectID, in.Item, in.Matter, in.Severity, now).Scan(&id); err != nil {
				return err
			}
		} else {
			var err error
			if before, err = db.getFinding(ctx, tx, a, id); err != nil {
				return err
			}
			if before.Order != nil {
				return stride.Errorf(stride.EConflict, "inspection.finding_ordered")
			}
			if err := claim(ctx, tx, "inspection_findings", id, in.Version); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE inspection_findings SET item = $1, matter = $2, severity = $3, version = version + 1,
				updated_at = $4 WHERE id = $5`, in.Item, in.Matter, in.Severity, now, id); err != nil {
				return err
			}
		}
		var err error
		if out, err = db.getFinding(ctx, tx, a, id); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, a, "finding.save", "finding", id, b, out)
	})
	return out, err
}

// DeleteFinding removes a finding that has no order.
func (db *DB) DeleteFinding(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		f, err := db.getFinding(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if f.Order != nil {
			return stride.Errorf(stride.EConflict, "inspection.finding_ordered")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_findings WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "finding.delete", "finding", id, f, nil)
	})
}

// Rectification orders (督办单).

const orderColumns = `o.id, o.year, o.seq, o.finding_id, o.project_id, p.name, o.target_unit_id, tu.name, o.matter, o.requirement,
	o.issued_on, o.limit_days, o.due_on, o.status, o.result, o.feedback, o.return_reason, o.close_note, o.answered_at, o.answered_by,
	o.closed_at, o.closed_by, o.blockage_id, o.issued_by, o.version, o.created_at, o.updated_at`

const orderFrom = ` FROM rectification_orders o JOIN projects p ON p.id = o.project_id JOIN units tu ON tu.id = o.target_unit_id`

// OrderCode is an order's number as documents write it: 督办〔2025〕3号.
func OrderCode(year, seq int) string { return fmt.Sprintf("督办〔%d〕%d号", year, seq) }

// orders reads the orders a WHERE clause selects, with their evidence.
func (db *DB) orders(ctx context.Context, q queryer, w *query) ([]*stride.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+orderFrom+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	today := db.today()
	out := []*stride.Order{}
	byID := map[int64]*stride.Order{}
	for rows.Next() {
		var o stride.Order
		var year, seq int
		var answered, closed sql.NullTime
		var blockage sql.NullInt64
		if err := rows.Scan(&o.ID, &year, &seq, &o.FindingID, &o.ProjectID, &o.ProjectName, &o.TargetUnitID, &o.TargetUnit, &o.Matter,
			&o.Requirement, &o.IssuedOn, &o.LimitDays, &o.DueOn, &o.Status, &o.Result, &o.Feedback, &o.ReturnReason, &o.CloseNote,
			&answered, &o.AnsweredBy, &closed, &o.ClosedBy, &blockage, &o.IssuedBy, &o.Version, &o.CreatedAt, &o.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		o.Code = OrderCode(year, seq)
		o.AnsweredAt, o.ClosedAt = nullTime(answered), nullTime(closed)
		if blockage.Valid {
			o.BlockageID = &blockage.Int64
		}
		o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
		o.Overdue = stride.OrderOverdue(&o, today)
		o.Evidence = []stride.Photo{}
		out = append(out, &o)
		byID[o.ID] = &o
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, o := range out {
		ids[i] = o.ID
	}
	qq := &query{}
	qq.raw(`SELECT ` + photoColumns + `, ph.order_id FROM inspection_photos ph WHERE ph.order_id IN (` + idList(qq, ids) + `) ORDER BY ph.id`)
	prow, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var oid int64
		p, err := scanInspectionPhoto(prow, &oid)
		if err != nil {
			return nil, err
		}
		byID[oid].Evidence = append(byID[oid].Evidence, *p)
	}
	if err := prow.Err(); err != nil {
		return nil, err
	}
	return out, db.attachDaysLeft(ctx, q, out)
}

// attachDaysLeft fills in the working days left of open orders, on the calendar in force.
// A year whose holidays are not entered leaves them unknown rather than guessed.
func (db *DB) attachDaysLeft(ctx context.Context, q queryer, orders []*stride.Order) error {
	today := db.today()
	cal, err := db.calendarOf(ctx, q)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if o.Status == stride.OrderClosed {
			continue
		}
		if n, err := cal.WorkdaysBetween(today, o.DueOn); err == nil {
			o.DaysLeft = &n
		}
	}
	return nil
}

// ListOrders returns the orders in the actor's scope, the nearest due first.
func (db *DB) ListOrders(ctx context.Context, a *stride.Actor, f stride.OrderFilter) (stride.List[*stride.Order], error) {
	w := &query{}
	w.add(` WHERE %s`, orderScope(w, a))
	if f.Status != "" {
		w.add(` AND o.status = %s`, w.arg(f.Status))
	}
	if f.TargetUnitID != 0 {
		w.add(` AND o.target_unit_id = %s`, w.arg(f.TargetUnitID))
	}
	if f.ProjectID != 0 {
		w.add(` AND o.project_id = %s`, w.arg(f.ProjectID))
	}
	if f.Overdue {
		w.add(` AND ((o.status <> 'closed' AND o.due_on < %s) OR o.result = 'overdue')`, w.arg(db.today()))
	}
	out := stride.List[*stride.Order]{Items: []*stride.Order{}}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*)`+orderFrom+w.String(), w.args...); err != nil {
		return out, fmt.Errorf("store: count orders: %w", err)
	}
	w.add(` ORDER BY CASE WHEN o.status = 'closed' THEN 1 ELSE 0 END, o.due_on, o.id LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	var err error
	out.Items, err = db.orders(ctx, db.sql, w)
	return out, err
}

func (db *DB) getOrder(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.Order, error) {
	w := &query{}
	w.add(` WHERE o.id = %s AND %s`, w.arg(id), orderScope(w, a))
	os, err := db.orders(ctx, q, w)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, stride.NotFound("order")
	}
	return os[0], nil
}

// GetOrder returns an order in the actor's scope.
func (db *DB) GetOrder(ctx context.Context, a *stride.Actor, id int64) (*stride.Order, error) {
	return db.getOrder(ctx, db.sql, a, id)
}

// IssueOrder turns a finding into a rectification order: numbered within the year, due
// LimitDays working days after the working day it counts as received, on the target
// unit's to-do list. Returns conflict when the finding already has one, invalid when the
// calendar of the due date's year is not entered.
func (db *DB) IssueOrder(ctx context.Context, a *stride.Actor, findingID int64, in stride.OrderInput) (*stride.Order, error) {
	var out *stride.Order
	var err error
	for try := 0; try < 3; try++ {
		out, err = db.issueOrder(ctx, a, findingID, in)
		// Two orders numbered at once on PostgreSQL: the loser takes the next number.
		if !isDuplicateSeq(err) {
			break
		}
	}
	return out, err
}

func isDuplicateSeq(err error) bool {
	var se *stride.Error
	return errors.As(err, &se) && se.Code == stride.EConflict && se.Msg.Key == "validate.duplicate" && strings.Contains(err.Error(), "seq")
}

func (db *DB) issueOrder(ctx context.Context, a *stride.Actor, findingID int64, in stride.OrderInput) (*stride.Order, error) {
	var out *stride.Order
	err := db.tx(ctx, func(tx *sql.Tx) error {
		f, err := db.getFinding(ctx, tx, a, findingID)
		if err != nil {
			return err
		}
		if f.Order != nil {
			return stride.Errorf(stride.EConflict, "inspection.finding_ordered")
		}
		unit, err := db.getUnit(ctx, tx, in.TargetUnitID)
		if err != nil {
			return fieldError("target_unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
		}
		cal, err := db.calendarOf(ctx, tx)
		if err != nil {
			return err
		}
		now := db.now()
		issued, err := cal.ReceivedOn(now.In(db.zone))
		if err != nil {
			return calErr(err)
		}
		due, err := cal.AddWorkdays(issued, in.LimitDays)
		if err != nil {
			return calErr(err)
		}
		matter := in.Matter
		if matter == "" {
			matter = f.Matter
		}
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM rectification_orders WHERE year = $1`, issued.Year).Scan(&seq); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO rectification_orders (finding_id, project_id, target_unit_id, year, seq, matter, requirement,
			issued_on, limit_days, due_on, status, issued_by, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, 1, $12, $12) RETURNING id`,
			f.ID, f.ProjectID, unit.ID, issued.Year, seq, matter, in.Requirement, issued, in.LimitDays, due, a.Username, now.UTC()).Scan(&id); err != nil {
			return translate(err)
		}
		if out, err = db.getOrder(ctx, tx, stride.SystemActor(a.Username), id); err != nil {
			return err
		}
		msg := stride.Message{Kind: "todo", TitleMsg: stride.Msg{Key: "order.todo_title", Args: []any{out.Code, f.ProjectName}},
			BodyMsg: stride.Msg{Key: "order.todo_body", Args: []any{matter, due}}, Link: fmt.Sprintf("/orders/%d", id)}
		if err := db.PostUnitMessage(ctx, tx, unit.ID, msg, fmt.Sprintf("order:%d:issued", id)); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "order.issue", "order", id, nil, out)
	})
	return out, err
}

// AnswerOrder records the target unit's answer: the order waits for HQ's check. Only an
// actor whose scope holds the target unit may answer (HQ may answer for it).
func (db *DB) AnswerOrder(ctx context.Context, a *stride.Actor, id int64, in stride.OrderFeedback) (*stride.Order, error) {
	return db.moveOrder(ctx, a, id, in.Version, "order.answer", func(tx *sql.Tx, o *stride.Order) error {
		if !a.SeesAll() {
			q := &query{}
			q.add(`SELECT COUNT(*) FROM rectification_orders o WHERE o.id = %s AND %s`, q.arg(id),
				scopeClause(q, a, []func(func(string) string) string{column("o.target_unit_id")}, ""))
			var n int
			if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return stride.Errorf(stride.EForbidden, "order.not_target")
			}
		}
		if o.Status != stride.OrderOpen {
			return stride.Errorf(stride.EConflict, "order.not_open")
		}
		_, err := tx.ExecContext(ctx, `UPDATE rectification_orders SET status = 'answered', feedback = $1, answered_at = $2, answered_by = $3,
			version = version + 1, updated_at = $2 WHERE id = $4`, in.Feedback, db.now().UTC(), a.Name, id)
		return err
	})
}

// CloseOrder closes an order with its result (办结, 逾期, 约谈).
func (db *DB) CloseOrder(ctx context.Context, a *stride.Actor, id int64, in stride.OrderClose) (*stride.Order, error) {
	return db.moveOrder(ctx, a, id, in.Version, "order.close", func(tx *sql.Tx, o *stride.Order) error {
		if o.Status == stride.OrderClosed {
			return stride.Errorf(stride.EConflict, "order.closed")
		}
		now := db.now().UTC()
		_, err := tx.ExecContext(ctx, `UPDATE rectification_orders SET status = 'closed', result = $1, close_note = $2, closed_at = $3, closed_by = $4,
			version = version + 1, updated_at = $3 WHERE id = $5`, string(in.Result), in.Note, now, a.Name, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE messages SET done_at = $1 WHERE dedupe_key LIKE $2 AND done_at IS NULL`, now, fmt.Sprintf("order:%d:%%", id))
		return err
	})
}

// ReturnOrder sends an answered order back to the target unit with the reason.
func (db *DB) ReturnOrder(ctx context.Context, a *stride.Actor, id int64, in stride.OrderClose) (*stride.Order, error) {
	return db.moveOrder(ctx, a, id, in.Version, "order.return", func(tx *sql.Tx, o *stride.Order) error {
		if o.Status != stride.OrderAnswered {
			return stride.Errorf(stride.EConflict, "order.not_answered")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rectification_orders SET status = 'open', return_reason = $1, version = version + 1,
			updated_at = $2 WHERE id = $3`, in.Note, db.now().UTC(), id); err != nil {
			return err
		}
		msg := stride.Message{Kind: "todo", TitleMsg: stride.Msg{Key: "order.returned_title", Args: []any{o.Code, o.ProjectName}},
			Body: in.Note, Link: fmt.Sprintf("/orders/%d", id)}
		return db.PostUnitMessage(ctx, tx, o.TargetUnitID, msg, fmt.Sprintf("order:%d:returned:%d", id, o.Version))
	})
}

// moveOrder runs one step of an order's life under its version, with the audit entry.
func (db *DB) moveOrder(ctx context.Context, a *stride.Actor, id int64, version int, action string, step func(tx *sql.Tx, o *stride.Order) error) (*stride.Order, error) {
	var out *stride.Order
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getOrder(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "rectification_orders", id, version); err != nil {
			return err
		}
		if err := step(tx, before); err != nil {
			return err
		}
		if out, err = db.getOrder(ctx, tx, stride.SystemActor(a.Username), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, action, "order", id, before, out)
	})
	return out, err
}

// AddOrderEvidence records a stored evidence photo of an order the actor may answer.
func (db *DB) AddOrderEvidence(ctx context.Context, a *stride.Actor, orderID int64, p stride.Photo, sha string) (*stride.Photo, error) {
	var out *stride.Photo
	err := db.tx(ctx, func(tx *sql.Tx) error {
		o, err := db.getOrder(ctx, tx, a, orderID)
		if err != nil {
			return err
		}
		if o.Status == stride.OrderClosed {
			return stride.Errorf(stride.EConflict, "order.closed")
		}
		if len(o.Evidence) >= maxInspectionPhotos {
			return stride.Errorf(stride.EInvalid, "inspection.too_many_photos", maxInspectionPhotos)
		}
		if out, err = db.insertInspectionPhoto(ctx, tx, nil, &orderID, o.ProjectID, p, sha); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "photo.create", "order", orderID, nil, out)
	})
	return out, err
}

// The blockage ledger. An order enters it as a blockage on its project, raised by HQ and
// assigned to the target unit, so that it is chased with every other blockage: on the
// ledger's response and resolution clocks, escalated when overdue, counted in its
// statistics. The order keeps its own deadline in working days beside it.

// LinkOrderBlockage enters an order into the blockage ledger (once) and returns the order
// with its blockage.
func (db *DB) LinkOrderBlockage(ctx context.Context, a *stride.Actor, orderID int64, category stride.BlockageCategory) (*stride.Order, error) {
	o, err := db.GetOrder(ctx, a, orderID)
	if err != nil || o.BlockageID != nil {
		return o, err
	}
	if !category.Valid() {
		category = stride.BlockOther
	}
	title := []rune(o.Code + "：" + o.Matter)
	if len(title) > 150 {
		title = append(title[:149], '…')
	}
	desc := stride.T(stride.LangZH, "order.blockage_description", o.Code, o.TargetUnit, stride.DateText(o.DueOn, stride.LangZH), o.Requirement)
	b, err := db.CreateBlockage(ctx, a, stride.BlockageInput{ProjectID: o.ProjectID, Title: string(title), Category: category, Description: desc})
	if err != nil {
		return o, fmt.Errorf("order %d to the blockage ledger: %w", orderID, err)
	}
	if _, err := db.ActOnBlockage(ctx, a, b.ID, stride.ActAssign, stride.BlockageActionInput{OwnerUnitID: o.TargetUnitID, Version: b.Version}); err != nil {
		return o, fmt.Errorf("order %d: assign blockage %d: %w", orderID, b.ID, err)
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE rectification_orders SET blockage_id = $1, version = version + 1, updated_at = $2
			WHERE id = $3 AND blockage_id IS NULL`, b.ID, db.now().UTC(), orderID); err != nil {
			return err
		}
		after, err := db.getOrder(ctx, tx, stride.SystemActor(a.Username), orderID)
		if err != nil {
			return err
		}
		o = after
		return db.audit(ctx, tx, a, "order.blockage", "order", orderID, nil, map[string]int64{"blockage_id": b.ID})
	})
	return o, err
}

// SyncOrderBlockage moves an order's blockage along with the order, as the actor who moved
// the order: the target unit's answer is the owner unit's reply (accepting it first when
// need be), HQ's return reopens it, HQ's close confirms it. A blockage in another state is
// left where it is.
func (db *DB) SyncOrderBlockage(ctx context.Context, a *stride.Actor, orderID int64) error {
	o, err := db.getOrder(ctx, db.sql, stride.SystemActor(a.Username), orderID)
	if err != nil || o.BlockageID == nil {
		return err
	}
	b, err := db.GetBlockage(ctx, stride.SystemActor(a.Username), *o.BlockageID)
	if stride.IsCode(err, stride.ENotFound) {
		return nil // removed from the ledger meanwhile
	}
	if err != nil {
		return err
	}
	act := func(action stride.BlockageAction, note string) error {
		b, err = db.ActOnBlockage(ctx, a, b.ID, action, stride.BlockageActionInput{Note: note, Version: b.Version})
		return err
	}
	switch o.Status {
	case stride.OrderAnswered:
		if b.Status == stride.BlockRaised && b.OwnerUnitID != nil {
			if err := act(stride.ActAccept, ""); err != nil {
				return err
			}
		}
		if b.Status == stride.BlockAccepted || b.Status == stride.BlockInProgress {
			return act(stride.ActReply, o.Feedback)
		}
	case stride.OrderOpen:
		if b.Status == stride.BlockPending && o.ReturnReason != "" {
			return act(stride.ActReopen, o.ReturnReason)
		}
	case stride.OrderClosed:
		if b.Status == stride.BlockPending {
			return act(stride.ActConfirm, o.CloseNote)
		}
	}
	return nil
}
