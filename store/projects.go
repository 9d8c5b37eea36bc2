package store

import (
	"context"
	"database/sql"

	"github.com/stride-hq/stride"
)

const projectColumns = `p.id, COALESCE(p.code, ''), p.name, p.category, p.stage, p.owner_unit_id, ou.name, p.lead_unit_id, lu.name,
	p.total_investment, p.start_year, p.end_year, p.created_by, p.version, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p JOIN units ou ON ou.id = p.owner_unit_id JOIN units lu ON lu.id = p.lead_unit_id`

// projectScope is the actor's data scope over projects: a project belongs to its owner
// unit and its lead unit.
func projectScope(q *query, a *stride.Actor) string {
	return scopeClause(q, a, []string{"p.owner_unit_id", "p.lead_unit_id"}, "p.created_by")
}

func scanProject(row interface{ Scan(...any) error }) (*stride.Project, error) {
	var p stride.Project
	var by sql.NullInt64
	if err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Category, &p.Stage, &p.OwnerUnitID, &p.OwnerUnitName, &p.LeadUnitID,
		&p.LeadUnitName, &p.TotalInvestment, &p.StartYear, &p.EndYear, &by, &p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	if by.Valid {
		p.CreatedBy = &by.Int64
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// ListProjects returns one page of the projects in the actor's scope that match f.
func (db *DB) ListProjects(ctx context.Context, a *stride.Actor, f stride.ProjectFilter) (stride.List[*stride.Project], error) {
	out := stride.List[*stride.Project]{Items: []*stride.Project{}}
	w := &query{}
	w.add(` WHERE %s`, projectScope(w, a))
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(p.name) LIKE %s ESCAPE '\' OR p.code LIKE %s ESCAPE '\')`, p, p)
	}
	if f.Category != "" {
		w.add(` AND p.category = %s`, w.arg(string(f.Category)))
	}
	if f.Stage != "" {
		w.add(` AND p.stage = %s`, w.arg(string(f.Stage)))
	}
	if f.OwnerUnitID != 0 {
		w.add(` AND p.owner_unit_id = %s`, w.arg(f.OwnerUnitID))
	}
	if f.LeadUnitID != 0 {
		w.add(` AND p.lead_unit_id = %s`, w.arg(f.LeadUnitID))
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects p`+w.String(), w.args...).Scan(&out.Total); err != nil {
		return out, err
	}
	w.raw(orderBy(f.Page, map[string]string{
		"name": "p.name", "code": "p.code", "total_investment": "p.total_investment", "start_year": "p.start_year",
		"created_at": "p.created_at", "updated_at": "p.updated_at",
	}, "p.id", "p.id"))
	w.add(` LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+projectColumns+projectFrom+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, p)
	}
	return out, rows.Err()
}

// GetProject returns a project in the actor's scope; not_found when it does not exist or
// lies outside the scope, so a guessed id tells nothing.
func (db *DB) GetProject(ctx context.Context, a *stride.Actor, id int64) (*stride.Project, error) {
	return db.getProject(ctx, db.sql, a, id)
}

func (db *DB) getProject(ctx context.Context, tx queryer, a *stride.Actor, id int64) (*stride.Project, error) {
	q := &query{}
	q.add(`SELECT `+projectColumns+projectFrom+` WHERE p.id = %s AND %s`, q.arg(id), projectScope(q, a))
	p, err := scanProject(tx.QueryRowContext(ctx, q.String(), q.args...))
	return p, notFoundOr(err, "project")
}

// nullCode stores an empty national code as NULL, so projects not yet coded do not
// collide on the unique index.
func nullCode(code string) any {
	if code == "" {
		return nil
	}
	return code
}

// CreateProject adds a project. The owner and lead units must exist; an actor limited to
// its own units may only create projects inside its scope.
func (db *DB) CreateProject(ctx context.Context, a *stride.Actor, in stride.ProjectInput) (*stride.Project, error) {
	var out *stride.Project
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.checkProjectUnits(ctx, tx, in); err != nil {
			return err
		}
		now := db.now().UTC()
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO projects (code, name, category, stage, owner_unit_id, lead_unit_id,
			total_investment, start_year, end_year, created_by, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id`,
			nullCode(in.Code), in.Name, string(in.Category), string(in.Stage), in.OwnerUnitID, in.LeadUnitID,
			in.TotalInvestment, in.StartYear, in.EndYear, by, now).Scan(&id)
		if err != nil {
			return duplicate(err, "code")
		}
		if out, err = db.getProject(ctx, tx, a, id); err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				return stride.Errorf(stride.EForbidden, "error.forbidden")
			}
			return err
		}
		return db.audit(ctx, tx, a, "project.create", "project", id, nil, out)
	})
	return out, err
}

// UpdateProject changes a project in the actor's scope; conflict when in.Version is stale.
func (db *DB) UpdateProject(ctx context.Context, a *stride.Actor, id int64, in stride.ProjectInput) (*stride.Project, error) {
	var out *stride.Project
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getProject(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return stride.StaleVersion()
		}
		if err := db.checkProjectUnits(ctx, tx, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE projects SET code = $1, name = $2, category = $3, stage = $4, owner_unit_id = $5,
			lead_unit_id = $6, total_investment = $7, start_year = $8, end_year = $9, version = version + 1, updated_at = $10
			WHERE id = $11`,
			nullCode(in.Code), in.Name, string(in.Category), string(in.Stage), in.OwnerUnitID, in.LeadUnitID,
			in.TotalInvestment, in.StartYear, in.EndYear, db.now().UTC(), id)
		if err != nil {
			return duplicate(err, "code")
		}
		if out, err = db.getProject(ctx, tx, a, id); err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				// The change would move the project out of the actor's own reach.
				return stride.Errorf(stride.EForbidden, "error.forbidden")
			}
			return err
		}
		return db.audit(ctx, tx, a, "project.update", "project", id, before, out)
	})
	return out, err
}

// DeleteProject removes a project in the actor's scope.
func (db *DB) DeleteProject(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getProject(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM projects WHERE id = $1`, id); err != nil {
			return translate(err)
		}
		return db.audit(ctx, tx, a, "project.delete", "project", id, before, nil)
	})
}

func (db *DB) checkProjectUnits(ctx context.Context, tx queryer, in stride.ProjectInput) error {
	f := stride.Fields{}
	for _, c := range []struct {
		field string
		id    int64
		kind  string
	}{{"owner_unit_id", in.OwnerUnitID, "owner_unit"}, {"lead_unit_id", in.LeadUnitID, "lead_unit"}} {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE id = $1`, c.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add(c.field, "validate.not_exist", stride.Msg{Key: "object." + c.kind})
		}
	}
	return f.Err()
}
