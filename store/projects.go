package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

const projectColumns = `p.id, COALESCE(p.code, ''), p.name, p.alias, p.key_levels, p.category, p.industry, p.content, p.address,
	p.longitude, p.latitude, p.total_investment, p.completed_before,
	p.completed_before + COALESCE((SELECT SUM(pyt.completed) FROM project_years pyt WHERE pyt.project_id = p.id), 0),
	p.start_year, p.end_year,
	p.owner_unit_id, ou.name, p.owner_contact, p.owner_phone, p.lead_unit_id, lu.name, p.responsible_person, p.liaison_leader,
	p.tags, p.stats_entry_date, p.custom, p.stage, p.stage_reason, p.start_planned, p.start_actual, p.end_planned, p.end_actual,
	p.light, p.created_by, p.version, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p JOIN units ou ON ou.id = p.owner_unit_id JOIN units lu ON lu.id = p.lead_unit_id`

// projectScope is the actor's data scope over projects: a project belongs to its owner
// unit, its lead unit and its co-units.
func projectScope(q *query, a *stride.Actor) string {
	return scopeClause(q, a, []func(func(string) string) string{
		column("p.owner_unit_id"), column("p.lead_unit_id"),
		func(pred func(string) string) string {
			return "EXISTS (SELECT 1 FROM project_co_units pc WHERE pc.project_id = p.id AND " + pred("pc.unit_id") + ")"
		},
	}, "p.created_by")
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func scanProject(row interface{ Scan(...any) error }, extra ...any) (*stride.Project, error) {
	var p stride.Project
	var by sql.NullInt64
	var lng, lat sql.NullFloat64
	var levels, tags, custom, light string
	dest := []any{&p.ID, &p.Code, &p.Name, &p.Alias, &levels, &p.Category, &p.Industry, &p.Content, &p.Address,
		&lng, &lat, &p.TotalInvestment, &p.CompletedBefore, &p.CompletedToDate, &p.StartYear, &p.EndYear,
		&p.OwnerUnitID, &p.OwnerUnitName, &p.OwnerContact, &p.OwnerPhone, &p.LeadUnitID, &p.LeadUnitName, &p.ResponsiblePerson, &p.LiaisonLeader,
		&tags, &p.StatsEntryDate, &custom, &p.Stage, &p.StageReason, &p.StartPlanned, &p.StartActual, &p.EndPlanned, &p.EndActual,
		&light, &by, &p.Version, &p.CreatedAt, &p.UpdatedAt}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	for _, l := range splitList(levels) {
		p.KeyLevels = append(p.KeyLevels, stride.KeyLevel(l))
	}
	if p.KeyLevels == nil {
		p.KeyLevels = []stride.KeyLevel{}
	}
	p.Tags = splitList(tags)
	p.Light = stride.Color(light)
	if lng.Valid {
		p.Longitude = &lng.Float64
	}
	if lat.Valid {
		p.Latitude = &lat.Float64
	}
	if by.Valid {
		p.CreatedBy = &by.Int64
	}
	p.Custom = map[string]any{}
	if err := json.Unmarshal([]byte(custom), &p.Custom); err != nil {
		return nil, fmt.Errorf("project %d custom fields: %w", p.ID, err)
	}
	p.CoUnits = []stride.UnitRef{}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// attachCoUnits fills in the co-units of the projects with one query.
func attachCoUnits(ctx context.Context, q queryer, projects []*stride.Project) error {
	if len(projects) == 0 {
		return nil
	}
	byID := map[int64]*stride.Project{}
	qq := &query{}
	ph := make([]string, len(projects))
	for i, p := range projects {
		byID[p.ID] = p
		ph[i] = qq.arg(p.ID)
	}
	qq.raw(`SELECT pc.project_id, u.id, u.name FROM project_co_units pc JOIN units u ON u.id = pc.unit_id
		WHERE pc.project_id IN (` + strings.Join(ph, ", ") + `) ORDER BY pc.project_id, u.sort, u.id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var u stride.UnitRef
		if err := rows.Scan(&pid, &u.ID, &u.Name); err != nil {
			return err
		}
		byID[pid].CoUnits = append(byID[pid].CoUnits, u)
	}
	return rows.Err()
}

// natureCondition is the SQL form of Project.NatureIn for year; a test keeps the two equal.
// Every branch uses both of its placeholders (PostgreSQL refuses unused arguments).
func natureCondition(q *query, n stride.Nature, year int) string {
	y0, y1 := q.arg(fmt.Sprintf("%04d-01-01", year)), q.arg(fmt.Sprintf("%04d-12-31", year))
	start := "COALESCE(p.start_actual, p.start_planned)"
	end := "COALESCE(p.end_actual, p.end_planned)"
	finished := "COALESCE(" + end + " < " + y0 + " AND p.stage IN ('completed', 'production'), FALSE)"
	notStarted := "(" + start + " IS NULL OR " + start + " > " + y1 + ")"
	switch n {
	case stride.NatureNew:
		return "(" + start + " >= " + y0 + " AND " + start + " <= " + y1 + " AND NOT " + finished + ")"
	case stride.NatureCompleting:
		return "(" + start + " < " + y0 + " AND " + end + " >= " + y0 + " AND " + end + " <= " + y1 + ")"
	case stride.NatureContinuing:
		return "(" + start + " < " + y0 + " AND NOT COALESCE(" + end + " >= " + y0 + " AND " + end + " <= " + y1 + ", FALSE) AND NOT " + finished + ")"
	case stride.NatureReserve:
		return "(" + notStarted + " AND p.stage IN ('planning', 'reserve') AND NOT " + finished + ")"
	case stride.NaturePrelim:
		return "(" + notStarted + " AND p.stage NOT IN ('planning', 'reserve') AND NOT " + finished + ")"
	}
	return "(" + finished + " AND " + y1 + " = " + y1 + ")"
}

// projectScopeIDs is projectScope in the form a list wants, as a condition on idExpr (a
// project id): the set of the projects the actor reaches, read once by an uncorrelated
// subquery through the unit indexes, rather than a condition tested on every project (a
// department's few thousand projects out of a hundred thousand are then found, not
// scanned for). A test keeps the two equal.
func projectScopeIDs(q *query, a *stride.Actor, idExpr string) string {
	if a.SeesAll() {
		return "TRUE"
	}
	var sets []string
	for _, s := range a.Scopes {
		if s.Scope == stride.ScopeSelf {
			sets = append(sets, "SELECT id FROM projects WHERE created_by = "+q.arg(a.UserID))
			continue
		}
		pred := unitPredicate(q, a, s)
		if pred == nil {
			continue
		}
		sets = append(sets, "SELECT id FROM projects WHERE "+pred("owner_unit_id"),
			"SELECT id FROM projects WHERE "+pred("lead_unit_id"),
			"SELECT project_id FROM project_co_units WHERE "+pred("unit_id"))
	}
	if len(sets) == 0 {
		return "FALSE"
	}
	return idExpr + " IN (" + strings.Join(sets, " UNION ALL ") + ")"
}

// projectWhere builds the WHERE clause of a project list: the actor's scope and f.
// ordered keeps the equality filters off their indexes (see unindexed), for a page read
// by scanning a sort index. The light is kept off its own index always: the list indexes
// of migration 0009 hold it beside the other filters, so a scan of one of them counts
// matches without reading a row, where the light's index leads to every matching row.
func (db *DB) projectWhere(w *query, a *stride.Actor, f stride.ProjectFilter, ordered bool) {
	eq := func(col string) string { return col }
	if ordered {
		eq = db.unindexed
	}
	w.add(` WHERE %s`, projectScopeIDs(w, a, "p.id"))
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(p.name) LIKE %s ESCAPE '\' OR lower(p.alias) LIKE %s ESCAPE '\' OR lower(p.code) LIKE %s ESCAPE '\')`, p, p, p)
	}
	if f.Category != "" {
		w.add(` AND %s = %s`, eq("p.category"), w.arg(string(f.Category)))
	}
	if f.Stage != "" {
		w.add(` AND %s = %s`, eq("p.stage"), w.arg(string(f.Stage)))
	}
	if f.Light != "" {
		w.add(` AND %s = %s`, db.unindexed("p.light"), w.arg(string(f.Light)))
	}
	// After the equalities, which are cheaper to test.
	if f.KeyLevel != "" {
		w.add(` AND (',' || p.key_levels || ',') LIKE %s`, w.arg("%,"+string(f.KeyLevel)+",%"))
	}
	if f.Tag != "" {
		w.add(` AND (',' || p.tags || ',') LIKE %s ESCAPE '\'`, w.arg("%,"+strings.Trim(likePattern(f.Tag), "%")+",%"))
	}
	if f.UnitID != 0 {
		u := w.arg(f.UnitID)
		w.add(` AND (p.owner_unit_id = %s OR p.lead_unit_id = %s OR EXISTS (SELECT 1 FROM project_co_units pc WHERE pc.project_id = p.id AND pc.unit_id = %s))`, u, u, u)
	}
	if f.OwnerUnitID != 0 {
		w.add(` AND p.owner_unit_id = %s`, w.arg(f.OwnerUnitID))
	}
	if f.LeadUnitID != 0 {
		w.add(` AND p.lead_unit_id = %s`, w.arg(f.LeadUnitID))
	}
	if f.Nature != "" && f.Year != 0 {
		w.add(` AND %s`, natureCondition(w, f.Nature, f.Year))
	}
	if f.Ledger && f.Year != 0 {
		w.add(` AND %s`, inLedger(w, f.Year))
	}
	for _, c := range []struct {
		col  string
		year int
	}{{"p.start_actual", f.StartedIn}, {"p.end_actual", f.CompletedIn}} {
		if c.year != 0 {
			w.add(` AND %s >= %s AND %s <= %s`, c.col, w.arg(stride.NewDate(c.year, 1, 1)), c.col, w.arg(stride.NewDate(c.year, 12, 31)))
		}
	}
	for _, k := range sortedKeys(f.Custom) {
		w.add(` AND %s = %s`, db.jsonText("p.custom", w.arg(k)), w.arg(f.Custom[k]))
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			w.raw(` AND FALSE`)
		} else {
			ph := make([]string, len(f.IDs))
			for i, id := range f.IDs {
				ph[i] = w.arg(id)
			}
			w.raw(` AND p.id IN (` + strings.Join(ph, ", ") + `)`)
		}
	}
}

// projectSorts are the list's sort keys and the SQL each orders by.
var projectSorts = map[string]string{
	"name": "p.name", "code": "COALESCE(p.code, '')", "total_investment": "p.total_investment", "start_year": "p.start_year",
	"created_at": "p.created_at", "updated_at": "p.updated_at", "plan": "COALESCE(py.plan, 0)",
	"completed": "COALESCE(py.completed, 0)", "stage": "p.stage", "light": "p.light",
}

// sortIndexed are the sort keys (and the default order, "") that have an index of
// migration 0009 in their order, which also holds the equality filters.
var sortIndexed = map[string]bool{"": true, "name": true, "code": true, "total_investment": true, "updated_at": true}

// figureSort reports whether key sorts by one of the year's figures (see figurePageIDs).
func figureSort(key string) bool { return key == "plan" || key == "completed" }

// maxOrderedScan bounds the index entries a page read in sort order is expected to pass
// over: beyond it (a rare match, a deep page), reading the matches and sorting them is
// cheaper. (DB.orderedScan holds it; tests move it to take either way.)
const maxOrderedScan = 20000

// ListProjects returns one page of the projects in the actor's scope that match f, each
// with its figures for f.Year.
//
// It runs three narrow queries rather than one wide one: the count (over projects alone,
// which the filter index answers), the ids of the page, then the columns of those ids. The
// wide row, with its unit names and the sum over the project's years, is built for the
// page's rows only, never for every row the sort passes over.
func (db *DB) ListProjects(ctx context.Context, a *stride.Actor, f stride.ProjectFilter) (stride.List[*stride.ProjectRow], error) {
	out := stride.List[*stride.ProjectRow]{Items: []*stride.ProjectRow{}}
	w := &query{}
	db.projectWhere(w, a, f, false)
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM projects p`+w.String(), w.args...); err != nil {
		return out, err
	}
	if out.Total <= f.Page.Offset() {
		return out, nil
	}
	ordered, err := db.scanInOrder(ctx, f, out.Total)
	if err != nil {
		return out, err
	}
	ids, err := db.projectPageIDs(ctx, a, f, ordered)
	if err != nil || len(ids) == 0 {
		return out, err
	}

	q := &query{}
	year := q.arg(f.Year)
	// The scope again, tested on these rows only: a project moved out of the actor's reach
	// since its id was read drops out rather than showing what its reader may not see.
	q.raw(`SELECT ` + projectColumns + `, COALESCE(py.plan, 0), COALESCE(py.completed, 0)` + projectFrom +
		` LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ` + year)
	q.add(` WHERE p.id IN (%s) AND %s`, idList(q, ids), projectScope(q, a))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	byID := make(map[int64]*stride.ProjectRow, len(ids))
	for rows.Next() {
		row := &stride.ProjectRow{}
		p, err := scanProject(rows, &row.Plan, &row.Completed)
		if err != nil {
			return out, err
		}
		row.Project = *p
		if f.Year != 0 {
			row.Nature = row.NatureIn(f.Year)
		}
		byID[p.ID] = row
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows.Close()
	projects := make([]*stride.Project, 0, len(ids))
	for _, id := range ids {
		if r := byID[id]; r != nil {
			out.Items = append(out.Items, r)
			projects = append(projects, &r.Project)
		}
	}
	return out, attachCoUnits(ctx, db.sql, projects)
}

// scanInOrder decides how the page of a list with total matches is read: by scanning
// the sort key's index in order until the page is full, or by collecting the matches and
// sorting them. For the columns of projects, only SQLite is steered: its planner does not
// weigh a LIMIT against a sort, so left alone it sorts every match even when the first
// few hundred entries of the sort index hold the page; PostgreSQL's planner weighs it
// itself. A sort by a yearly figure is read in order on both engines (see figurePageIDs),
// with a tenth of the budget, as each entry it passes costs a lookup of the project.
func (db *DB) scanInOrder(ctx context.Context, f stride.ProjectFilter, total int) (bool, error) {
	key, _ := f.Page.SortKey()
	if _, known := projectSorts[key]; !known {
		key = ""
	}
	budget := db.orderedScan
	switch {
	case figureSort(key):
		budget /= 10
	case db.dialect != SQLite || !sortIndexed[key]:
		return false, nil
	}
	// The largest id bounds the number of projects, and is one index probe away.
	var n sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT MAX(id) FROM projects`).Scan(&n); err != nil {
		return false, err
	}
	// Matches are spread through the sort order about evenly: to fill the page the scan
	// passes over about (offset + size) × n / total entries.
	return int64(f.Page.Offset()+f.Page.Size)*n.Int64 <= int64(total)*int64(budget), nil
}

// projectPageIDs returns the ids of the page f asks for, in order; ordered reads them by
// scanning the sort key's index (see scanInOrder).
func (db *DB) projectPageIDs(ctx context.Context, a *stride.Actor, f stride.ProjectFilter, ordered bool) ([]int64, error) {
	key, desc := f.Page.SortKey()
	if figureSort(key) && ordered {
		return db.figurePageIDs(ctx, a, f, key, desc)
	}
	q := &query{}
	q.raw(`SELECT p.id FROM projects p`)
	if figureSort(key) {
		q.raw(` LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ` + q.arg(f.Year))
	}
	db.projectWhere(q, a, f, ordered)
	q.raw(orderBy(f.Page, projectSorts, "p.id", "p.id"))
	q.add(` LIMIT %s OFFSET %s`, q.arg(f.Page.Size), q.arg(f.Page.Offset()))
	var ids []int64
	err := scanRows(ctx, db.sql, q, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

// figurePageIDs returns the page of a list with many matches sorted by one of the year's
// figures (col, "plan" or "completed"), where a project without figures for the year
// counts as 0. A join of every match to its figures and a sort would cost a lookup per
// match; instead two reads each follow an index's order and stop at the page's end, and
// are merged: the projects with figures, by the figure (index (year, col, project_id)),
// and the projects without, by id. The second is skipped when the first already fills
// the page with figures that sort before 0.
func (db *DB) figurePageIDs(ctx context.Context, a *stride.Actor, f stride.ProjectFilter, col string, desc bool) ([]int64, error) {
	type row struct{ id, figure int64 }
	n := f.Page.Offset() + f.Page.Size
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	read := func(q *query) ([]row, error) {
		var out []row
		err := scanRows(ctx, db.sql, q, func(rows *sql.Rows) error {
			var r row
			err := rows.Scan(&r.id, &r.figure)
			out = append(out, r)
			return err
		})
		return out, err
	}

	q := &query{}
	q.raw(`SELECT py.project_id, py.` + col + ` FROM project_years py JOIN projects p ON p.id = py.project_id`)
	db.projectWhere(q, a, f, true)
	q.add(` AND py.year = %s ORDER BY py.%s%s, py.project_id%s LIMIT %s`, q.arg(f.Year), col, dir, dir, q.arg(n))
	with, err := read(q)
	if err != nil {
		return nil, err
	}
	var without []row
	if last := len(with) - 1; len(with) < n || (desc && with[last].figure <= 0) || (!desc && with[last].figure >= 0) {
		q := &query{}
		q.raw(`SELECT p.id, 0 FROM projects p`)
		db.projectWhere(q, a, f, true)
		q.add(` AND NOT EXISTS (SELECT 1 FROM project_years py WHERE py.project_id = p.id AND py.year = %s) ORDER BY p.id%s LIMIT %s`,
			q.arg(f.Year), dir, q.arg(n))
		if without, err = read(q); err != nil {
			return nil, err
		}
	}
	before := func(x, y row) bool { // x sorts before y
		if x.figure != y.figure {
			return (x.figure < y.figure) != desc
		}
		return (x.id < y.id) != desc
	}
	ids := make([]int64, 0, f.Page.Size)
	for i, j, k := 0, 0, 0; k < n && (i < len(with) || j < len(without)); k++ {
		var next row
		if j == len(without) || (i < len(with) && before(with[i], without[j])) {
			next, i = with[i], i+1
		} else {
			next, j = without[j], j+1
		}
		if k >= f.Page.Offset() {
			ids = append(ids, next.id)
		}
	}
	return ids, nil
}

// scanRows runs q and calls scan for each row.
func scanRows(ctx context.Context, db queryer, q *query, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
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
	if err != nil {
		return nil, notFoundOr(err, "project")
	}
	return p, attachCoUnits(ctx, tx, []*stride.Project{p})
}

// nullCode stores an empty national code as NULL, so projects not yet coded do not
// collide on the unique index.
func nullCode(code string) any {
	if code == "" {
		return nil
	}
	return code
}

func joinLevels(ls []stride.KeyLevel) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	return strings.Join(s, ",")
}

// projectValues are the stored columns of an input, in the order of projectWriteColumns.
func projectValues(in stride.ProjectInput) ([]any, error) {
	custom, err := json.Marshal(in.Custom)
	if err != nil {
		return nil, err
	}
	if in.Custom == nil {
		custom = []byte("{}")
	}
	return []any{nullCode(in.Code), in.Name, in.Alias, joinLevels(in.KeyLevels), string(in.Category), in.Industry, in.Content,
		in.Address, in.Longitude, in.Latitude, in.TotalInvestment, in.CompletedBefore, in.StartYear, in.EndYear,
		in.OwnerUnitID, in.OwnerContact, in.OwnerPhone, in.LeadUnitID, in.ResponsiblePerson, in.LiaisonLeader,
		strings.Join(in.Tags, ","), in.StatsEntryDate, string(custom), string(in.Stage), in.StageReason}, nil
}

const projectWriteColumns = `code, name, alias, key_levels, category, industry, content, address, longitude, latitude,
	total_investment, completed_before, start_year, end_year, owner_unit_id, owner_contact, owner_phone, lead_unit_id,
	responsible_person, liaison_leader, tags, stats_entry_date, custom, stage, stage_reason`

// CreateProject adds a project. The owner, lead and co-units must exist; an actor limited
// to its own units may only create projects inside its scope.
func (db *DB) CreateProject(ctx context.Context, a *stride.Actor, in stride.ProjectInput) (*stride.Project, error) {
	var out *stride.Project
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = db.createProject(ctx, tx, a, in)
		return err
	})
	return out, err
}

func (db *DB) createProject(ctx context.Context, tx *sql.Tx, a *stride.Actor, in stride.ProjectInput) (*stride.Project, error) {
	if err := db.checkProjectUnits(ctx, tx, in); err != nil {
		return nil, err
	}
	if in.Stage.NeedsReason() && in.StageReason == "" {
		return nil, fieldError("stage_reason", "project.stage_reason")
	}
	values, err := projectValues(in)
	if err != nil {
		return nil, err
	}
	now := db.now().UTC()
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	n := len(values)
	ph := make([]string, n)
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO projects (`+projectWriteColumns+`, created_by, version, created_at, updated_at)
		VALUES (`+strings.Join(ph, ", ")+fmt.Sprintf(`, $%d, 1, $%d, $%d) RETURNING id`, n+1, n+2, n+2),
		append(values, by, now)...).Scan(&id)
	if err != nil {
		return nil, duplicate(err, "code")
	}
	if err := setCoUnits(ctx, tx, id, in.CoUnitIDs); err != nil {
		return nil, err
	}
	if err := db.recordStage(ctx, tx, a, id, "", in.Stage, in.StageReason); err != nil {
		return nil, err
	}
	if err := db.refreshLights(ctx, tx, []int64{id}); err != nil {
		return nil, err
	}
	out, err := db.getProject(ctx, tx, a, id)
	if err != nil {
		if stride.IsCode(err, stride.ENotFound) {
			return nil, stride.Errorf(stride.EForbidden, "error.forbidden")
		}
		return nil, err
	}
	return out, db.audit(ctx, tx, a, "project.create", "project", id, nil, out)
}

func setCoUnits(ctx context.Context, tx *sql.Tx, id int64, units []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM project_co_units WHERE project_id = $1`, id); err != nil {
		return err
	}
	for _, u := range units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_co_units (project_id, unit_id) VALUES ($1, $2)`, id, u); err != nil {
			return translate(err)
		}
	}
	return nil
}

func (db *DB) recordStage(ctx context.Context, tx *sql.Tx, a *stride.Actor, id int64, from, to stride.Stage, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO project_stages (project_id, from_stage, to_stage, reason, changed_at, changed_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, string(from), string(to), reason, db.now().UTC(), a.Name)
	return err
}

// UpdateProject changes a project in the actor's scope; conflict when in.Version is stale.
// A change of stage is kept in the stage history; 暂停 and 终止 need a reason.
func (db *DB) UpdateProject(ctx context.Context, a *stride.Actor, id int64, in stride.ProjectInput) (*stride.Project, error) {
	var out *stride.Project
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getProject(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "projects", id, in.Version); err != nil {
			return err
		}
		if err := db.checkProjectUnits(ctx, tx, in); err != nil {
			return err
		}
		if in.Stage != before.Stage {
			if in.Stage.NeedsReason() && in.StageReason == "" {
				return fieldError("stage_reason", "project.stage_reason")
			}
			if err := db.recordStage(ctx, tx, a, id, before.Stage, in.Stage, in.StageReason); err != nil {
				return err
			}
		} else if !in.Stage.NeedsReason() {
			in.StageReason = before.StageReason
		}
		values, err := projectValues(in)
		if err != nil {
			return err
		}
		cols := strings.Split(strings.Join(strings.Fields(projectWriteColumns), ""), ",")
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = c + " = $" + strconv.Itoa(i+1)
		}
		n := len(values)
		_, err = tx.ExecContext(ctx, `UPDATE projects SET `+strings.Join(sets, ", ")+
			fmt.Sprintf(`, version = version + 1, updated_at = $%d WHERE id = $%d`, n+1, n+2),
			append(values, db.now().UTC(), id)...)
		if err != nil {
			return duplicate(err, "code")
		}
		if err := setCoUnits(ctx, tx, id, in.CoUnitIDs); err != nil {
			return err
		}
		// Stage, total investment and the statistics date feed the lights.
		if err := db.refreshLights(ctx, tx, []int64{id}); err != nil {
			return err
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

// DeleteProject removes a project in the actor's scope, with its plans, reports and
// milestones.
func (db *DB) DeleteProject(ctx context.Context, a *stride.Actor, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getProject(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM projects WHERE id = $1`, id); err != nil {
			return translate(err)
		}
		if err := bumpLedger(ctx, tx); err != nil {
			return err
		}
		if err := db.rollupDashboard(ctx, tx, []int64{id}); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "project.delete", "project", id, before, nil)
	})
}

func (db *DB) checkProjectUnits(ctx context.Context, tx queryer, in stride.ProjectInput) error {
	f := stride.Fields{}
	check := func(field string, id int64, kind string) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add(field, "validate.not_exist", stride.Msg{Key: "object." + kind})
		}
		return nil
	}
	if err := check("owner_unit_id", in.OwnerUnitID, "owner_unit"); err != nil {
		return err
	}
	if err := check("lead_unit_id", in.LeadUnitID, "lead_unit"); err != nil {
		return err
	}
	for _, u := range in.CoUnitIDs {
		if err := check("co_unit_ids", u, "unit"); err != nil {
			return err
		}
	}
	return f.Err()
}

// StageHistory returns the stage changes of a project in the actor's scope, oldest first.
func (db *DB) StageHistory(ctx context.Context, a *stride.Actor, id int64) ([]stride.StageChange, error) {
	if _, err := db.GetProject(ctx, a, id); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT from_stage, to_stage, reason, changed_at, changed_by FROM project_stages
		WHERE project_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stride.StageChange{}
	for rows.Next() {
		var c stride.StageChange
		if err := rows.Scan(&c.From, &c.To, &c.Reason, &c.At, &c.By); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
