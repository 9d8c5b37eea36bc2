package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/stride-hq/stride"
	"golang.org/x/text/width"
)

// Ledger imports upsert projects by national code, else by name and owner unit. An owner
// enterprise the ledger names and the zone does not know yet is created under the unit
// "项目业主单位", and an unknown responsible unit as a department under the root unit: a
// real ledger names dozens of owners, and refusing them would make every first import fail
// on data the user can only fix by typing it in twice. The preview lists every unit an
// import would create, so nothing is created unseen.

// ownersParent is the unit owner enterprises are created under, as the demo zone has it.
const ownersParent = "项目业主单位"

// placeholderBase marks unit ids of units an import will create; they are replaced by the
// real ids at commit.
const placeholderBase = int64(1) << 50

// foldName folds a unit or project name for matching: full-width to half-width, no
// blanks, lower case.
func foldName(s string) string {
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

type importUnit struct {
	id       int64
	name     string
	kind     stride.UnitKind
	parentID *int64
	path     string
	sort     int
}

type importPlanRow struct {
	id, version, planID, planVersion int64
	investment                       stride.Money
	goals, status, curve             string
}

// importState is what an import is resolved against: the units, the projects in the
// actor's scope and their plans for the year.
type importState struct {
	year      int
	units     []*importUnit
	unitByKey map[string]*importUnit
	root      *importUnit
	projects  []*stride.Project
	byCode    map[string]*stride.Project
	byKey     map[string]*stride.Project // name + owner
	byName    map[string][]*stride.Project
	plans     map[int64]*importPlanRow
	defs      []stride.CustomField
	newUnits  []*importUnit
}

// importOp is one row's resolved operation.
type importOp struct {
	row     *stride.LedgerRow
	action  string
	project *stride.Project // the matched project, for updates
	in      stride.ProjectInput
	before  stride.ProjectInput
	changes []stride.LedgerField
	plan    *stride.Money // the plan to write, nil to leave it
	goals   *string
	planRow *importPlanRow
}

func (db *DB) loadImportState(ctx context.Context, q queryer, a *stride.Actor, year int) (*importState, error) {
	s := &importState{year: year, unitByKey: map[string]*importUnit{}, byCode: map[string]*stride.Project{},
		byKey: map[string]*stride.Project{}, byName: map[string][]*stride.Project{}, plans: map[int64]*importPlanRow{}}
	rows, err := q.QueryContext(ctx, `SELECT id, name, kind, parent_id, path, sort FROM units ORDER BY sort, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		u := &importUnit{}
		var parent sql.NullInt64
		if err := rows.Scan(&u.id, &u.name, &u.kind, &parent, &u.path, &u.sort); err != nil {
			rows.Close()
			return nil, err
		}
		if parent.Valid {
			u.parentID = &parent.Int64
		} else if s.root == nil {
			s.root = u
		}
		s.units = append(s.units, u)
		if _, dup := s.unitByKey[foldName(u.name)]; !dup {
			s.unitByKey[foldName(u.name)] = u
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	qq := &query{}
	qq.add(`SELECT `+projectColumns+projectFrom+` WHERE %s ORDER BY p.id`, projectScope(qq, a))
	prows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return nil, err
	}
	for prows.Next() {
		p, err := scanProject(prows)
		if err != nil {
			prows.Close()
			return nil, err
		}
		s.projects = append(s.projects, p)
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return nil, err
	}
	for _, p := range s.projects {
		if p.Code != "" {
			s.byCode[p.Code] = p
		}
		key := foldName(p.Name) + "\x00" + foldName(p.OwnerUnitName)
		if _, dup := s.byKey[key]; !dup {
			s.byKey[key] = p
		}
		s.byName[foldName(p.Name)] = append(s.byName[foldName(p.Name)], p)
	}
	prows2, err := q.QueryContext(ctx, `SELECT project_id, id, version, investment, goals, status, curve FROM annual_plans WHERE year = $1`, year)
	if err != nil {
		return nil, err
	}
	for prows2.Next() {
		pr := &importPlanRow{}
		if err := prows2.Scan(&pr.id, &pr.planID, &pr.planVersion, &pr.investment, &pr.goals, &pr.status, &pr.curve); err != nil {
			prows2.Close()
			return nil, err
		}
		s.plans[pr.id] = pr
	}
	prows2.Close()
	if err := prows2.Err(); err != nil {
		return nil, err
	}
	s.defs, err = db.listCustomFields(ctx, q, "")
	return s, err
}

// unit finds a unit by name, or plans to create it.
func (s *importState) unit(name string, kind stride.UnitKind) *importUnit {
	key := foldName(name)
	if u, ok := s.unitByKey[key]; ok {
		return u
	}
	u := &importUnit{id: placeholderBase + int64(len(s.newUnits)), name: name, kind: kind}
	s.newUnits = append(s.newUnits, u)
	s.unitByKey[key] = u
	return u
}

// defaultLead is the lead unit of a new project whose row names none: the importer's own
// unit, else the HQ.
func (s *importState) defaultLead(a *stride.Actor) *importUnit {
	for _, u := range s.units {
		if a.UnitID != 0 && u.id == a.UnitID {
			return u
		}
	}
	var hq *importUnit
	for _, u := range s.units {
		if u.kind == stride.UnitHQ && strings.Contains(u.name, "指挥部") {
			return u
		}
		if u.kind == stride.UnitHQ && hq == nil {
			hq = u
		}
	}
	if hq != nil {
		return hq
	}
	return s.root
}

// inputOf is the input that would store p as it is.
func inputOf(p *stride.Project) stride.ProjectInput {
	co := make([]int64, 0, len(p.CoUnits))
	for _, u := range p.CoUnits {
		co = append(co, u.ID)
	}
	return stride.ProjectInput{Code: p.Code, Name: p.Name, Alias: p.Alias, KeyLevels: slices.Clone(p.KeyLevels), Category: p.Category,
		Industry: p.Industry, Content: p.Content, Address: p.Address, Longitude: p.Longitude, Latitude: p.Latitude,
		TotalInvestment: p.TotalInvestment, CompletedBefore: p.CompletedBefore, StartYear: p.StartYear, EndYear: p.EndYear,
		OwnerUnitID: p.OwnerUnitID, OwnerContact: p.OwnerContact, OwnerPhone: p.OwnerPhone, LeadUnitID: p.LeadUnitID,
		CoUnitIDs: co, ResponsiblePerson: p.ResponsiblePerson, LiaisonLeader: p.LiaisonLeader, Tags: slices.Clone(p.Tags),
		StatsEntryDate: p.StatsEntryDate, Custom: p.Custom, Stage: p.Stage, StageReason: p.StageReason, Version: p.Version}
}

// fieldOfInput maps a ProjectInput field to the ledger column it came from.
var fieldOfInput = map[string]stride.LedgerField{
	"code": stride.FieldCode, "name": stride.FieldName, "key_levels": stride.FieldKeyLevel, "category": stride.FieldCategory,
	"content": stride.FieldContent, "address": stride.FieldAddress, "total_investment": stride.FieldTotalInvestment,
	"completed_before": stride.FieldCompletedBefore, "start_year": stride.FieldYears, "end_year": stride.FieldYears,
	"owner_unit_id": stride.FieldOwner, "owner_contact": stride.FieldOwnerContact, "owner_phone": stride.FieldOwnerPhone,
	"lead_unit_id": stride.FieldLeadUnit, "responsible_person": stride.FieldLeadPerson, "liaison_leader": stride.FieldLiaisonLeader,
}

// changedFields lists the ledger fields in which two inputs differ.
func changedFields(a, b stride.ProjectInput) []stride.LedgerField {
	var out []stride.LedgerField
	add := func(cond bool, f stride.LedgerField) {
		if cond && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	add(a.Code != b.Code, stride.FieldCode)
	add(a.Name != b.Name, stride.FieldName)
	add(!sameLevels(a.KeyLevels, b.KeyLevels), stride.FieldKeyLevel)
	add(a.Category != b.Category, stride.FieldCategory)
	add(a.Content != b.Content, stride.FieldContent)
	add(a.Address != b.Address, stride.FieldAddress)
	add(a.TotalInvestment != b.TotalInvestment, stride.FieldTotalInvestment)
	add(a.CompletedBefore != b.CompletedBefore, stride.FieldCompletedBefore)
	add(a.StartYear != b.StartYear || a.EndYear != b.EndYear, stride.FieldYears)
	add(a.OwnerUnitID != b.OwnerUnitID, stride.FieldOwner)
	add(a.OwnerContact != b.OwnerContact, stride.FieldOwnerContact)
	add(a.OwnerPhone != b.OwnerPhone, stride.FieldOwnerPhone)
	add(a.LeadUnitID != b.LeadUnitID, stride.FieldLeadUnit)
	add(a.ResponsiblePerson != b.ResponsiblePerson, stride.FieldLeadPerson)
	add(a.LiaisonLeader != b.LiaisonLeader, stride.FieldLiaisonLeader)
	return out
}

// sameLevels compares key levels as sets: a ledger lists them in its own order.
func sameLevels(a, b []stride.KeyLevel) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// resolve decides each row's operation and collects the problems that block the import.
func (s *importState) resolve(a *stride.Actor, rows []stride.LedgerRow) ([]*importOp, *stride.ImportPlan) {
	plan := &stride.ImportPlan{Year: s.year, Rows: []stride.ImportRowPlan{}, NewUnits: []stride.ImportUnit{}, Issues: []stride.ImportIssue{}}
	issue := func(r *stride.LedgerRow, f stride.LedgerField, key string, args ...any) {
		plan.Issues = append(plan.Issues, stride.ImportIssue{Line: r.Line, Field: f, Cell: r.Cell(f), Msg: stride.Msg{Key: key, Args: args}})
	}
	claimed := map[int64]int{}  // project id → line
	newKeys := map[string]int{} // code or name+owner of a row that creates → line
	var ops []*importOp
	for i := range rows {
		r := &rows[i]
		var p *stride.Project
		if r.Code != "" {
			p = s.byCode[r.Code]
		}
		if p == nil && r.Owner != "" {
			if q := s.byKey[foldName(r.Name)+"\x00"+foldName(r.Owner)]; q != nil && (q.Code == "" || r.Code == "" || q.Code == r.Code) {
				p = q
			}
		}
		if p == nil && r.Owner == "" && r.Code == "" {
			if same := s.byName[foldName(r.Name)]; len(same) == 1 {
				p = same[0]
			}
		}
		op := &importOp{row: r}
		if p != nil {
			if line, dup := claimed[p.ID]; dup {
				issue(r, stride.FieldName, "import.duplicate_row", line)
				continue
			}
			claimed[p.ID] = r.Line
			op.project, op.before = p, inputOf(p)
			op.in = inputOf(p)
		} else {
			key := r.Code
			if key == "" {
				key = foldName(r.Name) + "\x00" + foldName(r.Owner)
			}
			if line, dup := newKeys[key]; dup {
				issue(r, stride.FieldName, "import.duplicate_row", line)
				continue
			}
			newKeys[key] = r.Line
			if r.Owner == "" {
				issue(r, stride.FieldOwner, "import.owner_missing")
				continue
			}
			stage := stride.StageForNature(r.Nature)
			if r.Nature == "" && r.StartYear != 0 && r.StartYear <= s.year {
				stage = stride.StageConstruction
			}
			op.in = stride.ProjectInput{Category: stride.CategoryOther, Stage: stage, LeadUnitID: s.defaultLead(a).id}
		}
		in := &op.in
		set := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		set(&in.Code, r.Code)
		set(&in.Name, r.Name)
		if len(r.KeyLevels) > 0 {
			in.KeyLevels = r.KeyLevels
		}
		if r.Category != "" {
			in.Category = r.Category
		}
		set(&in.Content, r.Content)
		set(&in.Address, r.Address)
		if r.TotalInvestment != nil {
			in.TotalInvestment = *r.TotalInvestment
		}
		if r.CompletedBefore != nil {
			in.CompletedBefore = *r.CompletedBefore
		}
		if r.StartYear != 0 {
			in.StartYear = r.StartYear
			if r.EndYear != 0 || op.project == nil {
				in.EndYear = r.EndYear
			}
		}
		if r.Owner != "" {
			in.OwnerUnitID = s.unit(r.Owner, stride.UnitEnterprise).id
		}
		contact := r.OwnerContact
		if contact == "" {
			contact = r.OwnerPerson
		}
		set(&in.OwnerContact, contact)
		set(&in.OwnerPhone, r.OwnerPhone)
		if r.LeadUnit != "" {
			in.LeadUnitID = s.unit(r.LeadUnit, stride.UnitDepartment).id
		}
		set(&in.ResponsiblePerson, r.LeadPerson)
		set(&in.LiaisonLeader, r.LiaisonLeader)
		if err := in.Validate(s.defs); err != nil {
			var se *stride.Error
			if ok := asError(err, &se); ok && len(se.Fields) > 0 {
				for _, k := range sortedKeys(se.Fields) {
					f := fieldOfInput[k]
					plan.Issues = append(plan.Issues, stride.ImportIssue{Line: r.Line, Field: f, Cell: r.Cell(f),
						Msg: stride.Msg{Key: "import.field", Args: []any{fieldLabel(f, k), se.Fields[k]}}})
				}
				continue
			}
			issue(r, "", "import.invalid_row")
			continue
		}
		// This year's plan.
		var pr *importPlanRow
		if op.project != nil {
			pr = s.plans[op.project.ID]
		}
		op.planRow = pr
		planChanged := false
		// A zero plan where there is none is what the ledger shows for "no plan".
		if r.Plan != nil && (pr == nil && *r.Plan != 0 || pr != nil && pr.investment != *r.Plan) {
			op.plan, planChanged = r.Plan, true
		}
		if r.Goals != "" && (pr == nil || pr.goals != r.Goals) {
			g := r.Goals
			op.goals, planChanged = &g, true
		}
		if planChanged && pr != nil && pr.status == stride.PlanApproved {
			issue(r, stride.FieldPlan, "import.plan_baselined", s.year)
			continue
		}
		if op.plan != nil && pr != nil && pr.curve != "" {
			issue(r, stride.FieldPlan, "import.plan_curve", s.year)
			continue
		}
		rp := stride.ImportRowPlan{Line: r.Line, Name: in.Name, Owner: r.Owner}
		if op.project == nil {
			op.action = stride.ImportCreate
			plan.Creates++
		} else {
			rp.ProjectID = op.project.ID
			if rp.Owner == "" {
				rp.Owner = op.project.OwnerUnitName
			}
			op.changes = changedFields(op.before, op.in)
			if op.plan != nil {
				op.changes = append(op.changes, stride.FieldPlan)
			}
			if op.goals != nil {
				op.changes = append(op.changes, stride.FieldGoals)
			}
			if len(op.changes) == 0 {
				op.action = stride.ImportUnchanged
				plan.Same++
			} else {
				op.action = stride.ImportUpdate
				plan.Updates++
			}
			rp.Changes = op.changes
		}
		rp.Action = op.action
		plan.Rows = append(plan.Rows, rp)
		ops = append(ops, op)
	}
	for _, u := range s.newUnits {
		parent := s.root
		if u.kind == stride.UnitEnterprise {
			parent = nil
			if p, ok := s.unitByKey[foldName(ownersParent)]; ok && p.id < placeholderBase {
				parent = p
			}
		}
		pname := ownersParent
		if parent != nil {
			pname = parent.name
		}
		if u.kind == stride.UnitEnterprise && parent == nil && s.root != nil {
			pname = ownersParent
		}
		used := false
		for _, op := range ops {
			if op.in.OwnerUnitID == u.id || op.in.LeadUnitID == u.id {
				used = true
				break
			}
		}
		if used {
			plan.NewUnits = append(plan.NewUnits, stride.ImportUnit{Name: u.name, Kind: u.kind, Parent: pname})
		}
	}
	if s.root == nil && len(plan.NewUnits) > 0 {
		plan.Issues = append(plan.Issues, stride.ImportIssue{Msg: stride.Msg{Key: "import.no_root_unit"}})
	}
	return ops, plan
}

func fieldLabel(f stride.LedgerField, key string) stride.Msg {
	if f == "" {
		return stride.Msg{Key: "import.custom_field", Args: []any{key}}
	}
	return stride.Msg{Key: "ledger." + string(f)}
}

// PlanImport resolves ledger rows against the database for the actor and year: which rows
// create a project, which update one and how, which change nothing, which units would be
// created, and the problems that block the import. It writes nothing.
func (db *DB) PlanImport(ctx context.Context, a *stride.Actor, year int, rows []stride.LedgerRow) (*stride.ImportPlan, error) {
	s, err := db.loadImportState(ctx, db.sql, a, year)
	if err != nil {
		return nil, fmt.Errorf("store: plan import: %w", err)
	}
	_, plan := s.resolve(a, rows)
	return plan, nil
}

// CommitImport applies ledger rows in one transaction: it creates the units the rows
// need, creates and updates the projects, writes the year's plans and completed_before,
// refreshes roll-ups and lights, and records one audit entry per project written. Rows
// that change nothing are not written, so importing the same workbook twice changes
// nothing the second time. When any row has a problem nothing is written, and the error
// is invalid with the plan holding the problems.
func (db *DB) CommitImport(ctx context.Context, a *stride.Actor, year int, rows []stride.LedgerRow) (*stride.ImportResult, *stride.ImportPlan, error) {
	res := &stride.ImportResult{Year: year, ProjectIDs: []int64{}}
	var plan *stride.ImportPlan
	err := db.tx(ctx, func(tx *sql.Tx) error {
		s, err := db.loadImportState(ctx, tx, a, year)
		if err != nil {
			return err
		}
		var ops []*importOp
		ops, plan = s.resolve(a, rows)
		if len(plan.Issues) > 0 {
			return stride.Errorf(stride.EInvalid, "import.has_errors", len(plan.Issues))
		}
		if len(rows) == 0 {
			return stride.Errorf(stride.EInvalid, "import.no_rows")
		}
		ids, err := db.createImportUnits(ctx, tx, a, s)
		if err != nil {
			return err
		}
		res.UnitsCreated = len(plan.NewUnits)
		real := func(id int64) int64 {
			if id >= placeholderBase {
				return ids[id]
			}
			return id
		}
		return db.applyImport(ctx, tx, a, year, ops, real, res)
	})
	if err != nil {
		return nil, plan, err
	}
	return res, plan, nil
}

// createImportUnits creates the units the rows name and the zone lacks, and returns the
// real id of each placeholder.
func (db *DB) createImportUnits(ctx context.Context, tx *sql.Tx, a *stride.Actor, s *importState) (map[int64]int64, error) {
	ids := map[int64]int64{}
	if len(s.newUnits) == 0 {
		return ids, nil
	}
	if s.root == nil {
		return nil, stride.Errorf(stride.EInvalid, "import.no_root_unit")
	}
	now := db.now().UTC()
	create := func(name string, kind stride.UnitKind, parent *importUnit) (*importUnit, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO units (parent_id, name, kind, code, contact, phone, sort, path, version, created_at, updated_at)
			VALUES ($1, $2, $3, '', '', '', 0, '', 1, $4, $4) RETURNING id`, parent.id, name, string(kind), now).Scan(&id)
		if err != nil {
			return nil, translate(err)
		}
		path := parent.path + strconv.FormatInt(id, 10) + "/"
		if _, err := tx.ExecContext(ctx, `UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
			return nil, err
		}
		pid := parent.id
		u := &importUnit{id: id, name: name, kind: kind, parentID: &pid, path: path}
		return u, db.audit(ctx, tx, a, "unit.create", "unit", id, nil, map[string]any{"id": id, "name": name, "kind": kind, "parent_id": pid, "source": "import"})
	}
	var owners *importUnit
	for _, u := range s.newUnits {
		parent := s.root
		if u.kind == stride.UnitEnterprise {
			if owners == nil {
				if p, ok := s.unitByKey[foldName(ownersParent)]; ok && p.id < placeholderBase {
					owners = p
				} else {
					var err error
					if owners, err = create(ownersParent, stride.UnitOther, s.root); err != nil {
						return nil, err
					}
				}
			}
			parent = owners
		}
		made, err := create(u.name, u.kind, parent)
		if err != nil {
			return nil, err
		}
		ids[u.id] = made.id
	}
	return ids, nil
}

// importAudit is what the audit log keeps of an imported project.
type importAudit struct {
	ID    int64               `json:"id"`
	Line  int                 `json:"line"`
	Input stride.ProjectInput `json:"project"`
	Plan  *stride.Money       `json:"plan,omitempty"`
	Goals *string             `json:"goals,omitempty"`
}

func (db *DB) applyImport(ctx context.Context, tx *sql.Tx, a *stride.Actor, year int, ops []*importOp, real func(int64) int64, res *stride.ImportResult) error {
	now := db.now().UTC()
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	cols := strings.Split(strings.Join(strings.Fields(projectWriteColumns), ""), ",")
	var stages, newPlans, audits [][]any
	var created, touched, planned []int64
	auditRow := func(objectID int64, before, after any) []any {
		var userID *int64
		if a.UserID != 0 {
			userID = &a.UserID
		}
		var b, af any
		if before != nil {
			b = mustJSON(before)
		}
		if after != nil {
			af = mustJSON(after)
		}
		return []any{now, userID, a.Username, a.UnitName, a.IP, "project.import", "project", strconv.FormatInt(objectID, 10), b, af, stride.OutcomeSuccess}
	}
	for _, op := range ops {
		if op.action == stride.ImportUnchanged {
			res.Unchanged++
			res.ProjectIDs = append(res.ProjectIDs, op.project.ID)
			continue
		}
		op.in.OwnerUnitID, op.in.LeadUnitID = real(op.in.OwnerUnitID), real(op.in.LeadUnitID)
		values, err := projectValues(op.in)
		if err != nil {
			return err
		}
		var id int64
		if op.action == stride.ImportCreate {
			ph := make([]string, len(values))
			for i := range ph {
				ph[i] = "$" + strconv.Itoa(i+1)
			}
			n := len(values)
			err = tx.QueryRowContext(ctx, `INSERT INTO projects (`+projectWriteColumns+`, created_by, version, created_at, updated_at)
				VALUES (`+strings.Join(ph, ", ")+fmt.Sprintf(`, $%d, 1, $%d, $%d) RETURNING id`, n+1, n+2, n+2),
				append(values, by, now)...).Scan(&id)
			if err != nil {
				return rowError(op.row, duplicate(err, "code"))
			}
			stages = append(stages, []any{id, "", string(op.in.Stage), "", now, a.Name})
			created = append(created, id)
			res.Created++
			audits = append(audits, auditRow(id, nil, importAudit{ID: id, Line: op.row.Line, Input: op.in, Plan: op.plan, Goals: op.goals}))
		} else {
			id = op.project.ID
			if len(changedFields(op.before, op.in)) > 0 {
				sets := make([]string, len(cols))
				for i, c := range cols {
					sets[i] = c + " = $" + strconv.Itoa(i+1)
				}
				n := len(values)
				r, err := tx.ExecContext(ctx, `UPDATE projects SET `+strings.Join(sets, ", ")+
					fmt.Sprintf(`, version = version + 1, updated_at = $%d WHERE id = $%d AND version = $%d`, n+1, n+2, n+3),
					append(values, now, id, op.project.Version)...)
				if err != nil {
					return rowError(op.row, duplicate(err, "code"))
				}
				if k, _ := r.RowsAffected(); k == 0 {
					return stride.StaleVersion()
				}
			}
			res.Updated++
			before := importAudit{ID: id, Input: op.before}
			if op.planRow != nil {
				inv, g := op.planRow.investment, op.planRow.goals
				before.Plan, before.Goals = &inv, &g
			}
			audits = append(audits, auditRow(id, before, importAudit{ID: id, Line: op.row.Line, Input: op.in, Plan: op.plan, Goals: op.goals}))
		}
		touched = append(touched, id)
		res.ProjectIDs = append(res.ProjectIDs, id)
		if op.plan == nil && op.goals == nil {
			continue
		}
		if op.planRow == nil {
			var inv stride.Money
			if op.plan != nil {
				inv = *op.plan
			}
			goals := ""
			if op.goals != nil {
				goals = *op.goals
			}
			newPlans = append(newPlans, []any{id, year, inv, goals, "", stride.PlanDraft, 1, now, now})
		} else {
			inv, goals := op.planRow.investment, op.planRow.goals
			if op.plan != nil {
				inv = *op.plan
			}
			if op.goals != nil {
				goals = *op.goals
			}
			if _, err := tx.ExecContext(ctx, `UPDATE annual_plans SET investment = $1, goals = $2, version = version + 1, updated_at = $3
				WHERE id = $4`, inv, goals, now, op.planRow.planID); err != nil {
				return err
			}
		}
		planned = append(planned, id)
	}
	if err := insertRows(ctx, tx, "project_stages", []string{"project_id", "from_stage", "to_stage", "reason", "changed_at", "changed_by"}, stages, ""); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, "annual_plans", []string{"project_id", "year", "investment", "goals", "curve", "status", "version",
		"created_at", "updated_at"}, newPlans, ""); err != nil {
		return err
	}
	if err := db.rollupPlans(ctx, tx, planned, year); err != nil {
		return err
	}
	for start := 0; start < len(touched); start += 2000 {
		if err := db.refreshLights(ctx, tx, touched[start:min(start+2000, len(touched))]); err != nil {
			return err
		}
	}
	if err := db.checkImportScope(ctx, tx, a, created); err != nil {
		return err
	}
	return insertRows(ctx, tx, "audit_log", []string{"at", "user_id", "username", "unit_name", "ip", "action", "object_type",
		"object_id", "before_json", "after_json", "outcome"}, audits, "")
}

// rollupPlans brings the project-year and month roll-ups of the projects in line with
// their plans for year, as rollupYear does one project at a time: in SQL, a few hundred
// projects a statement, for plans without a monthly curve (which spread evenly), and
// through rollupYear for the rare plan with one.
func (db *DB) rollupPlans(ctx context.Context, tx *sql.Tx, ids []int64, year int) error {
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q := &query{}
		y := q.arg(year)
		in := idList(q, chunk)
		q.raw(`WITH m(month) AS (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12))
			INSERT INTO project_months (project_id, year, month, planned)
			SELECT ap.project_id, ap.year, m.month, ap.investment * m.month / 12 FROM annual_plans ap CROSS JOIN m
			WHERE ap.year = ` + y + ` AND ap.curve = '' AND ap.project_id IN (` + in + `)
			ON CONFLICT (project_id, year, month) DO UPDATE SET planned = excluded.planned`)
		if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return fmt.Errorf("import roll-up months: %w", err)
		}
		q = &query{}
		y = q.arg(year)
		in = idList(q, chunk)
		q.raw(`INSERT INTO project_years (project_id, year, plan, completed)
			SELECT project_id, year, investment, 0 FROM annual_plans WHERE year = ` + y + ` AND project_id IN (` + in + `)
			ON CONFLICT (project_id, year) DO UPDATE SET plan = excluded.plan`)
		if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return fmt.Errorf("import roll-up years: %w", err)
		}
		q = &query{}
		y = q.arg(year)
		in = idList(q, chunk)
		q.raw(`SELECT project_id FROM annual_plans WHERE year = ` + y + ` AND curve <> '' AND project_id IN (` + in + `)`)
		rows, err := tx.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return err
		}
		var curved []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			curved = append(curved, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range curved {
			if err := db.rollupYear(ctx, tx, id, year); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkImportScope refuses an import that would create projects outside the actor's own
// reach.
func (db *DB) checkImportScope(ctx context.Context, tx *sql.Tx, a *stride.Actor, ids []int64) error {
	if a.SeesAll() || len(ids) == 0 {
		return nil
	}
	for start := 0; start < len(ids); start += 2000 {
		chunk := ids[start:min(start+2000, len(ids))]
		q := &query{}
		q.add(`SELECT COUNT(*) FROM projects p WHERE p.id IN (`+idList(q, chunk)+`) AND %s`, projectScope(q, a))
		var n int
		if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&n); err != nil {
			return err
		}
		if n != len(chunk) {
			return stride.Errorf(stride.EForbidden, "error.forbidden")
		}
	}
	return nil
}

// rowError names the ledger row a write failed on.
func rowError(r *stride.LedgerRow, err error) error {
	var se *stride.Error
	if asError(err, &se) {
		return &stride.Error{Code: se.Code, Msg: stride.Msg{Key: "import.row_failed", Args: []any{r.Line, se.Msg}}, Fields: se.Fields, Err: err}
	}
	return err
}

func asError(err error, target **stride.Error) bool { return errors.As(err, target) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// ExportProjects returns every project in the actor's scope that matches f (paging
// ignored), each with its figures for f.Year, in ledger order.
func (db *DB) ExportProjects(ctx context.Context, a *stride.Actor, f stride.ProjectFilter) ([]*stride.ProjectRow, error) {
	q := &query{}
	year := q.arg(f.Year)
	q.raw(`SELECT ` + projectColumns + `, COALESCE(py.plan, 0), COALESCE(py.completed, 0)` + projectFrom +
		` LEFT JOIN project_years py ON py.project_id = p.id AND py.year = ` + year)
	db.projectWhere(q, a, f, false)
	q.raw(` ORDER BY p.id`)
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stride.ProjectRow{}
	for rows.Next() {
		row := &stride.ProjectRow{}
		p, err := scanProject(rows, &row.Plan, &row.Completed)
		if err != nil {
			return nil, err
		}
		row.Project = *p
		if f.Year != 0 {
			row.Nature = row.NatureIn(f.Year)
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
