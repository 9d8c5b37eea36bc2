package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

// clockEnv is what evaluating clocks needs: the calendar in force, the settings, today
// and the zone.
type clockEnv struct {
	cal      *calendar.Calendar
	settings stride.ApprovalSettings
	today    stride.Date
	zone     *time.Location
}

func (db *DB) clockEnv(ctx context.Context, q queryer) (*clockEnv, error) {
	s, err := db.approvalSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	cal, err := db.calendarWith(ctx, q, s)
	if err != nil {
		return nil, err
	}
	return &clockEnv{cal: cal, settings: s, today: db.today(), zone: db.zone}, nil
}

// boundaries are the due dates that make a running clock overdue (before the first) or
// near due (from the first up to the second) on today: a clock is overdue once a working
// day has passed after its due day, and near due with at most the margin left.
func (e *clockEnv) boundaries() (lastWorkday, nearLimit stride.Date, err error) {
	if lastWorkday, err = e.cal.AddWorkdays(e.today.AddDays(1), -1); err != nil {
		return lastWorkday, nearLimit, calErr(err)
	}
	nearLimit, err = e.cal.AddWorkdays(e.today, e.settings.NearDueDays)
	return lastWorkday, nearLimit, calErr(err)
}

// ---- The catalogue ----

const catalogColumns = `c.id, c.code, c.name, c.stage, c.seq, c.default_unit_id, COALESCE(u.name, ''), c.statutory_days,
	c.promised_days, c.validity_months, c.prerequisites, c.categories, c.active, c.note, c.version`

func scanCatalog(row interface{ Scan(...any) error }) (*stride.CatalogItem, error) {
	var c stride.CatalogItem
	var unit sql.NullInt64
	var prereqs, cats string
	if err := row.Scan(&c.ID, &c.Code, &c.Name, &c.Stage, &c.Seq, &unit, &c.DefaultUnitName, &c.StatutoryDays,
		&c.PromisedDays, &c.ValidityMonths, &prereqs, &cats, &c.Active, &c.Note, &c.Version); err != nil {
		return nil, err
	}
	if unit.Valid {
		c.DefaultUnitID = &unit.Int64
	}
	c.Prerequisites = splitList(prereqs)
	c.Categories = []stride.Category{}
	for _, s := range splitList(cats) {
		c.Categories = append(c.Categories, stride.Category(s))
	}
	return &c, nil
}

// ApprovalCatalog returns the catalogue in stage and sequence order.
func (db *DB) ApprovalCatalog(ctx context.Context) ([]*stride.CatalogItem, error) {
	return db.catalog(ctx, db.sql)
}

func (db *DB) catalog(ctx context.Context, q queryer) ([]*stride.CatalogItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+catalogColumns+` FROM approval_catalog c LEFT JOIN units u ON u.id = c.default_unit_id
		ORDER BY c.seq, c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stride.CatalogItem{}
	for rows.Next() {
		c, err := scanCatalog(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (db *DB) getCatalogItem(ctx context.Context, q queryer, id int64) (*stride.CatalogItem, error) {
	c, err := scanCatalog(q.QueryRowContext(ctx, `SELECT `+catalogColumns+` FROM approval_catalog c
		LEFT JOIN units u ON u.id = c.default_unit_id WHERE c.id = $1`, id))
	return c, notFoundOr(err, "catalog_item")
}

func joinCategories(cs []stride.Category) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

// checkCatalogRefs checks the default unit exists and the prerequisites are other
// catalogue items.
func (db *DB) checkCatalogRefs(ctx context.Context, tx queryer, in stride.CatalogInput) error {
	if in.DefaultUnitID != nil {
		if err := unitExists(ctx, tx, *in.DefaultUnitID); err != nil {
			return fieldError("default_unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
		}
	}
	for _, p := range in.Prerequisites {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM approval_catalog WHERE code = $1`, p).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError("prerequisites", "validate.not_exist", p)
		}
	}
	return nil
}

// CreateCatalogItem adds an item to the catalogue.
func (db *DB) CreateCatalogItem(ctx context.Context, a *stride.Actor, in stride.CatalogInput) (*stride.CatalogItem, error) {
	var out *stride.CatalogItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.checkCatalogRefs(ctx, tx, in); err != nil {
			return err
		}
		now := db.now().UTC()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO approval_catalog (code, name, stage, seq, default_unit_id, statutory_days, promised_days,
			validity_months, prerequisites, categories, active, note, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13) RETURNING id`,
			in.Code, in.Name, string(in.Stage), in.Seq, in.DefaultUnitID, in.StatutoryDays, in.PromisedDays, in.ValidityMonths,
			strings.Join(in.Prerequisites, ","), joinCategories(in.Categories), in.Active, in.Note, now).Scan(&id)
		if err != nil {
			return duplicate(err, "code")
		}
		if out, err = db.getCatalogItem(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_catalog.create", "catalog_item", id, nil, out)
	})
	return out, err
}

// UpdateCatalogItem changes a catalogue item; items already in projects' paths keep what
// they were given.
func (db *DB) UpdateCatalogItem(ctx context.Context, a *stride.Actor, id int64, in stride.CatalogInput) (*stride.CatalogItem, error) {
	var out *stride.CatalogItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getCatalogItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "approval_catalog", id, in.Version); err != nil {
			return err
		}
		if err := db.checkCatalogRefs(ctx, tx, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE approval_catalog SET code = $1, name = $2, stage = $3, seq = $4, default_unit_id = $5,
			statutory_days = $6, promised_days = $7, validity_months = $8, prerequisites = $9, categories = $10, active = $11, note = $12,
			version = version + 1, updated_at = $13 WHERE id = $14`,
			in.Code, in.Name, string(in.Stage), in.Seq, in.DefaultUnitID, in.StatutoryDays, in.PromisedDays, in.ValidityMonths,
			strings.Join(in.Prerequisites, ","), joinCategories(in.Categories), in.Active, in.Note, db.now().UTC(), id)
		if err != nil {
			return duplicate(err, "code")
		}
		if before.Code != in.Code {
			// Other items name this one as a prerequisite by its code.
			if _, err := tx.ExecContext(ctx, `UPDATE approval_catalog SET prerequisites = REPLACE(',' || prerequisites || ',', $1, $2)
				WHERE (',' || prerequisites || ',') LIKE $3`, ","+before.Code+",", ","+in.Code+",", "%,"+before.Code+",%"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE approval_catalog SET prerequisites = TRIM(prerequisites, ',')
				WHERE prerequisites LIKE ',%'`); err != nil {
				return err
			}
		}
		if out, err = db.getCatalogItem(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_catalog.update", "catalog_item", id, before, out)
	})
	return out, err
}

// ---- Items ----

const itemColumns = `i.id, i.project_id, p.name, i.catalog_id, i.code, i.name, i.stage, i.seq, i.unit_id, u.name,
	i.statutory_days, i.promised_days, i.validity_months, i.status, i.clock_start, i.paused_days, i.paused_since, i.clock_stopped,
	i.received_at, i.accepted_at, i.done_at, i.last_event_at, i.permit_no, i.valid_until, i.note, i.case_id,
	i.version, i.created_at, i.updated_at`

const itemFrom = ` FROM approval_items i JOIN projects p ON p.id = i.project_id JOIN units u ON u.id = i.unit_id`

// itemScope is the actor's reach over approval items: those its units handle, and those of
// the projects its units own. handling=true keeps only the first: the authority's moves.
func itemScope(q *query, a *stride.Actor, handling bool) string {
	refs := []func(func(string) string) string{column("i.unit_id")}
	if !handling {
		refs = append(refs, column("p.owner_unit_id"))
	}
	return scopeClause(q, a, refs, "i.created_by")
}

func scanItem(row interface{ Scan(...any) error }) (*stride.ApprovalItem, error) {
	var it stride.ApprovalItem
	var catalog, caseID sql.NullInt64
	var received, accepted, done, last sql.NullTime
	if err := row.Scan(&it.ID, &it.ProjectID, &it.ProjectName, &catalog, &it.Code, &it.Name, &it.Stage, &it.Seq, &it.UnitID,
		&it.UnitName, &it.StatutoryDays, &it.PromisedDays, &it.ValidityMonths, &it.Status, &it.Timer.Start, &it.Timer.PausedDays,
		&it.Timer.PausedSince, &it.Timer.Stopped, &received, &accepted, &done, &last, &it.PermitNo, &it.ValidUntil, &it.Note,
		&caseID, &it.Version, &it.CreatedAt, &it.UpdatedAt); err != nil {
		return nil, err
	}
	if catalog.Valid {
		it.CatalogID = &catalog.Int64
	}
	if caseID.Valid {
		it.CaseID = &caseID.Int64
	}
	it.ReceivedAt, it.AcceptedAt, it.DoneAt, it.LastEventAt = nullTime(received), nullTime(accepted), nullTime(done), nullTime(last)
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	it.Timer.Limit = it.Limit()
	it.DependsOn, it.WaitingFor = []int64{}, []string{}
	return &it, nil
}

// finishItems fills in what is derived: dependencies, open prerequisites, the clocks and
// the moves each side may make.
func (db *DB) finishItems(ctx context.Context, q queryer, items []*stride.ApprovalItem, env *clockEnv) error {
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]*stride.ApprovalItem{}
	ids := make([]int64, len(items))
	for i, it := range items {
		byID[it.ID] = it
		ids[i] = it.ID
	}
	for start := 0; start < len(ids); start += 500 {
		qq := &query{}
		qq.raw(`SELECT d.item_id, d.depends_on, x.name, x.status FROM approval_item_deps d JOIN approval_items x ON x.id = d.depends_on
			WHERE d.item_id IN (` + idList(qq, ids[start:min(start+500, len(ids))]) + `) ORDER BY d.item_id, x.seq, x.id`)
		rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, dep int64
			var name string
			var status stride.ApprovalStatus
			if err := rows.Scan(&id, &dep, &name, &status); err != nil {
				rows.Close()
				return err
			}
			it := byID[id]
			it.DependsOn = append(it.DependsOn, dep)
			if status != stride.ItemApproved {
				it.WaitingFor = append(it.WaitingFor, name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, it := range items {
		env.finishItem(it)
	}
	return nil
}

func (e *clockEnv) finishItem(it *stride.ApprovalItem) {
	it.Clock = it.Timer.View(e.cal, e.today, e.settings.NearDueDays)
	it.StatutoryOver = it.Clock.Used > it.StatutoryDays
	it.Ball = it.Status.Ball()
	it.NextApply = stride.NextStatuses(it.Status, stride.SideApplicant)
	it.NextHandle = stride.NextStatuses(it.Status, stride.SideAuthority)
}

// ListApprovalItems returns one page of the items in the actor's reach that match f.
func (db *DB) ListApprovalItems(ctx context.Context, a *stride.Actor, f stride.ApprovalFilter) (stride.List[*stride.ApprovalItem], error) {
	out := stride.List[*stride.ApprovalItem]{Items: []*stride.ApprovalItem{}}
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return out, err
	}
	w := &query{}
	w.add(` WHERE %s`, itemScope(w, a, false))
	if f.ProjectID != 0 {
		w.add(` AND i.project_id = %s`, w.arg(f.ProjectID))
	}
	if f.UnitID != 0 {
		w.add(` AND i.unit_id = %s`, w.arg(f.UnitID))
	}
	if f.CaseID != 0 {
		w.add(` AND i.case_id = %s`, w.arg(f.CaseID))
	}
	if f.Stage != "" {
		w.add(` AND i.stage = %s`, w.arg(string(f.Stage)))
	}
	if f.Status != "" {
		w.add(` AND i.status = %s`, w.arg(string(f.Status)))
	}
	if f.Open {
		w.raw(` AND i.status NOT IN ('approved', 'rejected')`)
	}
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(i.name) LIKE %s ESCAPE '\' OR lower(p.name) LIKE %s ESCAPE '\')`, p, p)
	}
	switch f.Clock {
	case "":
	case stride.ClockOverdue, stride.ClockNear:
		last, near, err := env.boundaries()
		if err != nil {
			return out, err
		}
		if f.Clock == stride.ClockOverdue {
			w.add(` AND i.due_date < %s`, w.arg(last))
		} else {
			w.add(` AND i.due_date >= %s AND i.due_date <= %s`, w.arg(last), w.arg(near))
		}
	case stride.ClockPaused:
		w.raw(` AND i.paused_since IS NOT NULL AND i.clock_stopped IS NULL`)
	default:
		return out, fieldError("clock", "validate.choice")
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*)`+itemFrom+w.String(), w.args...); err != nil {
		return out, err
	}
	w.raw(orderBy(f.Page, map[string]string{
		"due_date": "COALESCE(i.due_date, '9999-12-31')", "project": "p.name", "name": "i.name", "status": "i.status",
		"updated_at": "i.updated_at", "unit": "u.name",
	}, "i.project_id, i.seq, i.id", "i.id"))
	w.add(` LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+itemColumns+itemFrom+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, it)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows.Close()
	return out, db.finishItems(ctx, db.sql, out.Items, env)
}

// GetApprovalItem returns an item in the actor's reach with its history.
func (db *DB) GetApprovalItem(ctx context.Context, a *stride.Actor, id int64) (*stride.ApprovalItem, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	it, err := db.getItem(ctx, db.sql, a, id, false)
	if err != nil {
		return nil, err
	}
	if err := db.finishItems(ctx, db.sql, []*stride.ApprovalItem{it}, env); err != nil {
		return nil, err
	}
	it.Events, err = db.itemEvents(ctx, db.sql, id)
	return it, err
}

func (db *DB) getItem(ctx context.Context, q queryer, a *stride.Actor, id int64, handling bool) (*stride.ApprovalItem, error) {
	qq := &query{}
	qq.add(`SELECT `+itemColumns+itemFrom+` WHERE i.id = %s AND %s`, qq.arg(id), itemScope(qq, a, handling))
	it, err := scanItem(q.QueryRowContext(ctx, qq.String(), qq.args...))
	return it, notFoundOr(err, "approval_item")
}

// getItemFor loads an item for a move: not_found outside the actor's reach, forbidden
// when the actor may see it but the move is the handling unit's and the item is not its.
func (db *DB) getItemFor(ctx context.Context, q queryer, a *stride.Actor, id int64, handling bool) (*stride.ApprovalItem, error) {
	it, err := db.getItem(ctx, q, a, id, false)
	if err != nil || !handling {
		return it, err
	}
	if _, err := db.getItem(ctx, q, a, id, true); err != nil {
		if stride.IsCode(err, stride.ENotFound) {
			return nil, stride.Errorf(stride.EForbidden, "approval.not_assigned")
		}
		return nil, err
	}
	return it, nil
}

func (db *DB) itemEvents(ctx context.Context, q queryer, id int64) ([]stride.ApprovalEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT from_status, to_status, at, note, by_name, unit_name, recorded_at FROM approval_events
		WHERE item_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.ApprovalEvent{}
	for rows.Next() {
		var e stride.ApprovalEvent
		if err := rows.Scan(&e.From, &e.To, &e.At, &e.Note, &e.By, &e.UnitName, &e.RecordedAt); err != nil {
			return nil, err
		}
		e.At, e.RecordedAt = e.At.UTC(), e.RecordedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// loadItem reads an item after a write, within the transaction, with what is derived.
func (db *DB) loadItem(ctx context.Context, tx queryer, id int64, env *clockEnv) (*stride.ApprovalItem, error) {
	it, err := db.getItem(ctx, tx, stride.SystemActor("read"), id, false)
	if err != nil {
		return nil, err
	}
	return it, db.finishItems(ctx, tx, []*stride.ApprovalItem{it}, env)
}

// checkDeps checks that deps are items of the project other than id, that the project's
// dependencies stay free of loops with id depending on them, and that the case, if any,
// is the project's.
func checkItemRefs(ctx context.Context, tx queryer, projectID, id int64, deps []int64, caseID *int64) error {
	edges := map[int64][]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT d.item_id, d.depends_on FROM approval_item_deps d JOIN approval_items i ON i.id = d.item_id
		WHERE i.project_id = $1`, projectID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var from, to int64
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return err
		}
		edges[from] = append(edges[from], to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range deps {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM approval_items WHERE id = $1 AND project_id = $2`, d, projectID).Scan(&n); err != nil {
			return err
		}
		if n == 0 || d == id {
			return fieldError("depends_on", "approval.dependency")
		}
	}
	if id != 0 {
		edges[id] = deps
		if stride.HasCycle(edges) {
			return fieldError("depends_on", "approval.cycle")
		}
	}
	if caseID != nil {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM agency_cases WHERE id = $1 AND project_id = $2`, *caseID, projectID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError("case_id", "validate.not_exist", stride.Msg{Key: "object.case"})
		}
	}
	return nil
}

func setDeps(ctx context.Context, tx queryer, id int64, deps []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM approval_item_deps WHERE item_id = $1`, id); err != nil {
		return err
	}
	for _, d := range deps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO approval_item_deps (item_id, depends_on) VALUES ($1, $2)`, id, d); err != nil {
			return translate(err)
		}
	}
	return nil
}

func (db *DB) insertItem(ctx context.Context, tx queryer, a *stride.Actor, projectID int64, catalogID *int64, in stride.ApprovalItemInput) (int64, error) {
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	now := db.now().UTC()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO approval_items (project_id, catalog_id, code, name, stage, seq, unit_id, statutory_days,
		promised_days, validity_months, status, note, case_id, created_by, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'not_started', $11, $12, $13, 1, $14, $14) RETURNING id`,
		projectID, catalogID, in.Code, in.Name, string(in.Stage), in.Seq, in.UnitID, in.StatutoryDays, in.PromisedDays,
		in.ValidityMonths, in.Note, in.CaseID, by, now).Scan(&id)
	if err != nil {
		return 0, duplicate(err, "code")
	}
	return id, nil
}

// CreateApprovalItem adds an item to the path of a project in the actor's scope.
func (db *DB) CreateApprovalItem(ctx context.Context, a *stride.Actor, projectID int64, in stride.ApprovalItemInput) (*stride.ApprovalItem, error) {
	var out *stride.ApprovalItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, projectID); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		if err := checkItemRefs(ctx, tx, projectID, 0, in.DependsOn, in.CaseID); err != nil {
			return err
		}
		id, err := db.insertItem(ctx, tx, a, projectID, nil, in)
		if err != nil {
			return err
		}
		if err := setDeps(ctx, tx, id, in.DependsOn); err != nil {
			return err
		}
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		if out, err = db.loadItem(ctx, tx, id, env); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_item.create", "approval_item", id, nil, out)
	})
	return out, err
}

// BuildApprovalPath instantiates a project's path from the catalogue: the active items
// that apply to the project's category, with in.Include added and in.Exclude left out,
// each handled by its default unit (the project's lead unit when the catalogue names
// none), linked by the catalogue's prerequisites. Items the path already has stay. It
// returns the whole path.
func (db *DB) BuildApprovalPath(ctx context.Context, a *stride.Actor, projectID int64, in stride.PathInput) ([]*stride.ApprovalItem, error) {
	var out []*stride.ApprovalItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		p, err := db.getProject(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		catalog, err := db.catalog(ctx, tx)
		if err != nil {
			return err
		}
		for _, code := range append(slices.Clone(in.Include), in.Exclude...) {
			if !slices.ContainsFunc(catalog, func(c *stride.CatalogItem) bool { return c.Code == code }) {
				return fieldError("include", "validate.not_exist", code)
			}
		}
		existing := map[string]int64{}
		rows, err := tx.QueryContext(ctx, `SELECT code, id FROM approval_items WHERE project_id = $1`, projectID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			var id int64
			if err := rows.Scan(&code, &id); err != nil {
				rows.Close()
				return err
			}
			existing[code] = id
		}
		rows.Close()
		var added []*stride.CatalogItem
		for _, c := range catalog {
			want := c.AppliesTo(p.Category) || slices.Contains(in.Include, c.Code)
			if !want || slices.Contains(in.Exclude, c.Code) {
				continue
			}
			if _, ok := existing[c.Code]; ok {
				continue
			}
			unit := p.LeadUnitID
			if c.DefaultUnitID != nil {
				unit = *c.DefaultUnitID
			}
			id, err := db.insertItem(ctx, tx, a, projectID, &c.ID, stride.ApprovalItemInput{Code: c.Code, Name: c.Name, Stage: c.Stage,
				Seq: c.Seq, UnitID: unit, StatutoryDays: c.StatutoryDays, PromisedDays: c.PromisedDays, ValidityMonths: c.ValidityMonths})
			if err != nil {
				return err
			}
			existing[c.Code] = id
			added = append(added, c)
		}
		for _, c := range added {
			var deps []int64
			for _, pre := range c.Prerequisites {
				if id, ok := existing[pre]; ok {
					deps = append(deps, id)
				}
			}
			if err := setDeps(ctx, tx, existing[c.Code], deps); err != nil {
				return err
			}
		}
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		if out, err = db.pathItems(ctx, tx, projectID, env); err != nil {
			return err
		}
		codes := make([]string, len(added))
		for i, c := range added {
			codes[i] = c.Code
		}
		return db.audit(ctx, tx, a, "approval_path.build", "project", projectID, nil, map[string]any{"added": codes})
	})
	return out, err
}

// pathItems reads every item of a project.
func (db *DB) pathItems(ctx context.Context, q queryer, projectID int64, env *clockEnv) ([]*stride.ApprovalItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE i.project_id = $1 ORDER BY i.seq, i.id`, projectID)
	if err != nil {
		return nil, err
	}
	out := []*stride.ApprovalItem{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.finishItems(ctx, q, out, env)
}

// UpdateApprovalItem changes an item's particulars: name, handling unit, limits,
// dependencies, case. A change of limit moves the due date of a running clock.
func (db *DB) UpdateApprovalItem(ctx context.Context, a *stride.Actor, id int64, in stride.ApprovalItemInput) (*stride.ApprovalItem, error) {
	var out *stride.ApprovalItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.getItem(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		if err := db.finishItems(ctx, tx, []*stride.ApprovalItem{before}, env); err != nil {
			return err
		}
		if err := claim(ctx, tx, "approval_items", id, in.Version); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		if err := checkItemRefs(ctx, tx, before.ProjectID, id, in.DependsOn, in.CaseID); err != nil {
			return err
		}
		timer := before.Timer
		timer.Limit = in.PromisedDays
		if timer.Limit == 0 {
			timer.Limit = in.StatutoryDays
		}
		due, err := timer.Due(env.cal)
		if err != nil {
			return calErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE approval_items SET code = $1, name = $2, stage = $3, seq = $4, unit_id = $5, statutory_days = $6,
			promised_days = $7, validity_months = $8, note = $9, case_id = $10, due_date = $11, version = version + 1, updated_at = $12
			WHERE id = $13`, in.Code, in.Name, string(in.Stage), in.Seq, in.UnitID, in.StatutoryDays, in.PromisedDays, in.ValidityMonths,
			in.Note, in.CaseID, due, db.now().UTC(), id)
		if err != nil {
			return duplicate(err, "code")
		}
		if err := setDeps(ctx, tx, id, in.DependsOn); err != nil {
			return err
		}
		if err := db.refreshLights(ctx, tx, []int64{before.ProjectID}); err != nil {
			return err
		}
		if out, err = db.loadItem(ctx, tx, id, env); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_item.update", "approval_item", id, before, out)
	})
	return out, err
}

// DeleteApprovalItem removes an item that has not been filed yet.
func (db *DB) DeleteApprovalItem(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getItem(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		if before.Status != stride.ItemNotStarted && before.Status != stride.ItemPreparing {
			return stride.Errorf(stride.EConflict, "approval.delete_filed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM approval_items WHERE id = $1`, id); err != nil {
			return translate(err)
		}
		if err := db.closeTodos(ctx, tx, "approval:"+itoa(id)+":"); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_item.delete", "approval_item", id, before, nil)
	})
}

// MoveApprovalItem moves an item as side: the applicant's moves need the item in the
// actor's reach, the authority's need it handled by the actor's unit (forbidden when the
// actor only sees it). The state machine decides which moves exist; the move's time may
// not be in the future nor before the item's previous step. Accepting starts the clock,
// 补正 stops it, the materials' return starts it again, a decision ends it.
func (db *DB) MoveApprovalItem(ctx context.Context, a *stride.Actor, id int64, side stride.Side, in stride.TransitionInput) (*stride.ApprovalItem, error) {
	var out *stride.ApprovalItem
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.getItemFor(ctx, tx, a, id, side == stride.SideAuthority)
		if err != nil {
			return err
		}
		if err := db.finishItems(ctx, tx, []*stride.ApprovalItem{before}, env); err != nil {
			return err
		}
		if err := claim(ctx, tx, "approval_items", id, in.Version); err != nil {
			return err
		}
		if err := stride.CheckTransition(before.Status, in.To, side); err != nil {
			return err
		}
		at := db.eventTime(in.At)
		var last time.Time
		if before.LastEventAt != nil {
			last = *before.LastEventAt
		}
		if err := stride.CheckEventTime("at", at, last, db.now()); err != nil {
			return err
		}
		timer := before.Timer
		received, accepted, done := before.ReceivedAt, before.AcceptedAt, before.DoneAt
		permit, validUntil := before.PermitNo, before.ValidUntil
		atUTC := at.UTC()
		switch {
		case in.To == stride.ItemPreparing:
			timer, received, accepted, done, permit, validUntil = stride.Clock{Limit: timer.Limit}, nil, nil, nil, "", stride.Date{}
		case in.To == stride.ItemReceived:
			received = &atUTC
		case in.To == stride.ItemAccepted:
			if timer, err = timer.Begin(env.cal, at); err != nil {
				return calErr(err)
			}
			accepted = &atUTC
		case in.To == stride.ItemSupplement:
			timer = timer.Pause(at)
		case in.To == stride.ItemReviewing && before.Status == stride.ItemSupplement:
			if timer, err = timer.Resume(env.cal, at); err != nil {
				return calErr(err)
			}
		case in.To.Done():
			timer, done = timer.Stop(at), &atUTC
			if in.To == stride.ItemApproved {
				permit, validUntil = in.PermitNo, in.ValidUntil
				if validUntil.IsZero() && before.ValidityMonths > 0 {
					validUntil = stride.DateOf(at).AddMonths(before.ValidityMonths)
				}
			}
		}
		due, err := timer.Due(env.cal)
		if err != nil {
			return calErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE approval_items SET status = $1, clock_start = $2, paused_days = $3, paused_since = $4,
			clock_stopped = $5, due_date = $6, received_at = $7, accepted_at = $8, done_at = $9, last_event_at = $10, permit_no = $11,
			valid_until = $12, version = version + 1, updated_at = $13 WHERE id = $14`,
			string(in.To), timer.Start, timer.PausedDays, timer.PausedSince, timer.Stopped, due, received, accepted, done, atUTC,
			permit, validUntil, db.now().UTC(), id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO approval_events (item_id, from_status, to_status, at, note, by_name, unit_name, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, string(before.Status), string(in.To), atUTC, in.Note, a.Name, a.UnitName,
			db.now().UTC()); err != nil {
			return err
		}
		if err := db.closeTodos(ctx, tx, "approval:"+itoa(id)+":"); err != nil {
			return err
		}
		if in.To == stride.ItemReceived {
			// The handling unit's turn: accept it or send it back.
			m := stride.Message{Kind: "todo", TitleMsg: stride.Msg{Key: "notify.approval_received", Args: []any{before.ProjectName, before.Name}},
				Link: fmt.Sprintf("/approvals/items/%d", id)}
			if err := db.PostUnitMessage(ctx, tx, before.UnitID, m, fmt.Sprintf("approval:%d:received:%d", id, before.Version+1)); err != nil {
				return err
			}
		}
		if err := db.refreshLights(ctx, tx, []int64{before.ProjectID}); err != nil {
			return err
		}
		if out, err = db.loadItem(ctx, tx, id, env); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "approval_item.move", "approval_item", id, before, out)
	})
	return out, err
}

// ApprovalSchedule schedules the path of a project in the actor's scope back from its
// target dates: start (default: the planned start) for the items before construction,
// end (default: the planned completion) for the acceptance items.
func (db *DB) ApprovalSchedule(ctx context.Context, a *stride.Actor, projectID int64, start, end stride.Date) (*stride.Schedule, error) {
	p, err := db.GetProject(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	if start.IsZero() {
		start = p.StartPlanned
	}
	if end.IsZero() {
		end = p.EndPlanned
	}
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	items, err := db.pathItems(ctx, db.sql, projectID, env)
	if err != nil {
		return nil, err
	}
	s, err := stride.ScheduleApprovals(items, start, end, env.today, env.zone, env.cal)
	return s, calErr(err)
}

// refreshItemDues recomputes the due dates kept for filters of the running clocks.
func (db *DB) refreshItemDues(ctx context.Context, tx queryer, cal *calendar.Calendar) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, statutory_days, promised_days, clock_start, paused_days FROM approval_items
		WHERE clock_start IS NOT NULL AND paused_since IS NULL AND clock_stopped IS NULL`)
	if err != nil {
		return err
	}
	type due struct {
		id  int64
		due stride.Date
	}
	var dues []due
	for rows.Next() {
		var id int64
		var statutory, promised int
		var c stride.Clock
		if err := rows.Scan(&id, &statutory, &promised, &c.Start, &c.PausedDays); err != nil {
			rows.Close()
			return err
		}
		c.Limit = promised
		if c.Limit == 0 {
			c.Limit = statutory
		}
		if d, err := c.Due(cal); err == nil {
			dues = append(dues, due{id, d})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range dues {
		if _, err := tx.ExecContext(ctx, `UPDATE approval_items SET due_date = $1 WHERE id = $2`, d.due, d.id); err != nil {
			return err
		}
	}
	return nil
}

// approvalFacts adds to the lights' facts the open clocks of the projects' items: a
// clock near due makes the approval dimension yellow, an overdue one red. A clock whose
// calendar year is not entered is left out rather than failing the lights.
func (db *DB) approvalFacts(ctx context.Context, q queryer, facts map[int64]*stride.ProjectFacts, order []int64) error {
	if len(order) == 0 {
		return nil
	}
	qq := &query{}
	qq.raw(`SELECT project_id, name, statutory_days, promised_days, clock_start, paused_days, paused_since FROM approval_items
		WHERE clock_start IS NOT NULL AND clock_stopped IS NULL`)
	if len(order) <= 500 {
		qq.raw(` AND project_id IN (` + idList(qq, order) + `)`)
	}
	qq.raw(` ORDER BY project_id, seq, id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	type open struct {
		project int64
		name    string
		clock   stride.Clock
	}
	var clocks []open
	for rows.Next() {
		var o open
		var statutory, promised int
		if err := rows.Scan(&o.project, &o.name, &statutory, &promised, &o.clock.Start, &o.clock.PausedDays, &o.clock.PausedSince); err != nil {
			rows.Close()
			return err
		}
		o.clock.Limit = promised
		if o.clock.Limit == 0 {
			o.clock.Limit = statutory
		}
		if facts[o.project] != nil {
			clocks = append(clocks, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(clocks) == 0 {
		return err
	}
	env, err := db.clockEnv(ctx, q)
	if err != nil {
		return err
	}
	for _, o := range clocks {
		v := o.clock.View(env.cal, env.today, env.settings.NearDueDays)
		if v.State == stride.ClockUnknown {
			continue
		}
		f := facts[o.project]
		f.Approvals = append(f.Approvals, stride.ApprovalFact{Name: o.name, State: v.State, Remaining: v.Remaining})
	}
	return nil
}

// FlagApprovalClocks puts a to-do on the handling unit's list for every item near due or
// overdue on today, and tells the agent of its case when it is overdue; each once per due
// date. It returns how many items it flagged.
func (db *DB) FlagApprovalClocks(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		last, near, err := env.boundaries()
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+`, COALESCE(c.agent_user_id, 0)`+itemFrom+`
			LEFT JOIN agency_cases c ON c.id = i.case_id WHERE i.due_date <= $1 ORDER BY i.id`, near)
		if err != nil {
			return err
		}
		type flagged struct {
			it    *stride.ApprovalItem
			agent int64
		}
		var list []flagged
		for rows.Next() {
			var agent int64
			it, err := scanItemWith(rows, &agent)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, flagged{it, agent})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range list {
			env.finishItem(f.it)
			due := f.it.Clock.Due
			if due.IsZero() {
				continue // a clock that reaches a year not entered: nothing sure to say
			}
			link := fmt.Sprintf("/approvals/items/%d", f.it.ID)
			var m stride.Message
			var key string
			if due.Before(last) {
				m = stride.Message{Kind: "todo", TitleMsg: stride.Msg{Key: "notify.approval_overdue", Args: []any{f.it.ProjectName, f.it.Name, -f.it.Clock.Remaining}}, Link: link}
				key = fmt.Sprintf("approval:%d:overdue:%s", f.it.ID, due)
				if f.agent != 0 {
					if err := db.postUserMessage(ctx, tx, f.agent, m, key+":agent"); err != nil {
						return err
					}
				}
			} else {
				m = stride.Message{Kind: "todo", TitleMsg: stride.Msg{Key: "notify.approval_near", Args: []any{f.it.ProjectName, f.it.Name, f.it.Clock.Remaining, due.String()}}, Link: link}
				key = fmt.Sprintf("approval:%d:near:%s", f.it.ID, due)
			}
			if err := db.PostUnitMessage(ctx, tx, f.it.UnitID, m, key); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func scanItemWith(row interface{ Scan(...any) error }, extra ...any) (*stride.ApprovalItem, error) {
	return scanItem(scanExtra{row, extra})
}

// scanExtra appends destinations to a row's Scan, for a query that selects more than the
// columns a scan function knows.
type scanExtra struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s scanExtra) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }
