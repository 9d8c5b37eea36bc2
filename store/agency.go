package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stride-hq/stride"
)

const caseColumns = `c.id, c.project_id, p.name, c.enterprise_unit_id, eu.name, c.mode, c.agent_user_id, ag.name, c.plan, c.note, c.stage,
	c.score, c.comment, c.applied_at, c.accepted_at, c.delivered_at, c.evaluated_at, c.last_event_at, c.version, c.created_at, c.updated_at,
	EXISTS (SELECT 1 FROM attachments att WHERE att.object_type = 'case' AND att.object_id = c.id AND att.kind = 'authorization')`

const caseFrom = ` FROM agency_cases c JOIN projects p ON p.id = c.project_id JOIN units eu ON eu.id = c.enterprise_unit_id
	JOIN users ag ON ag.id = c.agent_user_id`

// caseScope is the actor's reach over cases: those of the enterprises in its scope and
// those its units' agents carry. evaluating=true keeps only the enterprise's own.
func caseScope(q *query, a *stride.Actor, evaluating bool) string {
	refs := []func(func(string) string) string{column("c.enterprise_unit_id")}
	if !evaluating {
		refs = append(refs, func(pred func(string) string) string {
			return "EXISTS (SELECT 1 FROM users au WHERE au.id = c.agent_user_id AND " + pred("au.unit_id") + ")"
		})
	}
	return scopeClause(q, a, refs, "c.created_by")
}

type caseRow struct {
	*stride.AgencyCase
	lastEventAt time.Time
}

func scanCase(row interface{ Scan(...any) error }) (*caseRow, error) {
	c := &caseRow{AgencyCase: &stride.AgencyCase{}}
	var score sql.NullInt64
	var accepted, delivered, evaluated sql.NullTime
	if err := row.Scan(&c.ID, &c.ProjectID, &c.ProjectName, &c.EnterpriseUnitID, &c.EnterpriseName, &c.Mode, &c.AgentUserID, &c.AgentName,
		&c.Plan, &c.Note, &c.Stage, &score, &c.Comment, &c.AppliedAt, &accepted, &delivered, &evaluated, &c.lastEventAt, &c.Version,
		&c.CreatedAt, &c.UpdatedAt, &c.Authorized); err != nil {
		return nil, err
	}
	if score.Valid {
		s := int(score.Int64)
		c.Score = &s
	}
	c.AcceptedAt, c.DeliveredAt, c.EvaluatedAt = nullTime(accepted), nullTime(delivered), nullTime(evaluated)
	c.AppliedAt, c.CreatedAt, c.UpdatedAt, c.lastEventAt = c.AppliedAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC(), c.lastEventAt.UTC()
	c.ItemIDs = []int64{}
	return c, nil
}

func (db *DB) getCase(ctx context.Context, q queryer, a *stride.Actor, id int64, evaluating bool) (*caseRow, error) {
	qq := &query{}
	qq.add(`SELECT `+caseColumns+caseFrom+` WHERE c.id = %s AND %s`, qq.arg(id), caseScope(qq, a, evaluating))
	c, err := scanCase(q.QueryRowContext(ctx, qq.String(), qq.args...))
	return c, notFoundOr(err, "case")
}

// attachCaseItems fills in each case's linked items and how many are open and overdue.
func (db *DB) attachCaseItems(ctx context.Context, q queryer, cases []*stride.AgencyCase, env *clockEnv) error {
	if len(cases) == 0 {
		return nil
	}
	byID := map[int64]*stride.AgencyCase{}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		byID[c.ID], ids[i] = c, c.ID
	}
	last, _, err := env.boundaries()
	if err != nil {
		last = stride.NewDate(1900, 1, 1) // an unconfirmed year: nothing counts as overdue rather than failing the list
	}
	qq := &query{}
	l := qq.arg(last.String())
	qq.raw(`SELECT case_id, id, status NOT IN ('approved', 'rejected'), COALESCE(due_date < ` + l + `, FALSE) FROM approval_items
		WHERE case_id IN (` + idList(qq, ids) + `) ORDER BY seq, id`)
	rows, err := q.QueryContext(ctx, qq.String(), qq.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, iid int64
		var open, overdue bool
		if err := rows.Scan(&cid, &iid, &open, &overdue); err != nil {
			return err
		}
		c := byID[cid]
		c.ItemIDs = append(c.ItemIDs, iid)
		if open {
			c.ItemsOpen++
		}
		if overdue {
			c.ItemsOverdue++
		}
	}
	return rows.Err()
}

// ListCases returns one page of the cases in the actor's reach that match f.
func (db *DB) ListCases(ctx context.Context, a *stride.Actor, f stride.CaseFilter) (stride.List[*stride.AgencyCase], error) {
	out := stride.List[*stride.AgencyCase]{Items: []*stride.AgencyCase{}}
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return out, err
	}
	w := &query{}
	w.add(` WHERE %s`, caseScope(w, a, false))
	if f.ProjectID != 0 {
		w.add(` AND c.project_id = %s`, w.arg(f.ProjectID))
	}
	if f.AgentUserID != 0 {
		w.add(` AND c.agent_user_id = %s`, w.arg(f.AgentUserID))
	}
	if f.Mode != "" {
		w.add(` AND c.mode = %s`, w.arg(string(f.Mode)))
	}
	if f.Stage != "" {
		w.add(` AND c.stage = %s`, w.arg(string(f.Stage)))
	}
	if f.Open {
		w.raw(` AND c.stage NOT IN ('delivered', 'evaluated')`)
	}
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(p.name) LIKE %s ESCAPE '\' OR lower(eu.name) LIKE %s ESCAPE '\')`, p, p)
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*)`+caseFrom+w.String(), w.args...); err != nil {
		return out, err
	}
	w.raw(orderBy(f.Page, map[string]string{"applied_at": "c.applied_at", "updated_at": "c.updated_at", "project": "p.name",
		"agent": "ag.name", "stage": "c.stage"}, "c.applied_at DESC, c.id DESC", "c.id"))
	w.add(` LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+caseColumns+caseFrom+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, c.AgencyCase)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows.Close()
	return out, db.attachCaseItems(ctx, db.sql, out.Items, env)
}

// GetCase returns a case in the actor's reach with its items, history and attachments.
func (db *DB) GetCase(ctx context.Context, a *stride.Actor, id int64) (*stride.AgencyCase, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	c, err := db.getCase(ctx, db.sql, a, id, false)
	if err != nil {
		return nil, err
	}
	return c.AgencyCase, db.caseDetail(ctx, db.sql, c.AgencyCase, env)
}

func (db *DB) caseDetail(ctx context.Context, q queryer, c *stride.AgencyCase, env *clockEnv) error {
	if err := db.attachCaseItems(ctx, q, []*stride.AgencyCase{c}, env); err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+itemFrom+` WHERE i.case_id = $1 ORDER BY i.seq, i.id`, c.ID)
	if err != nil {
		return err
	}
	c.Items = []*stride.ApprovalItem{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return err
		}
		c.Items = append(c.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := db.finishItems(ctx, q, c.Items, env); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT from_stage, to_stage, note, by_name, at FROM case_events WHERE case_id = $1 ORDER BY at, id`, c.ID)
	if err != nil {
		return err
	}
	c.Events = []stride.CaseEvent{}
	for rows.Next() {
		var e stride.CaseEvent
		if err := rows.Scan(&e.From, &e.To, &e.Note, &e.By, &e.At); err != nil {
			rows.Close()
			return err
		}
		e.At = e.At.UTC()
		c.Events = append(c.Events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	c.Attachments, err = attachmentsOf(ctx, q, "case", c.ID)
	return err
}

func (db *DB) loadCase(ctx context.Context, tx queryer, id int64) (*stride.AgencyCase, error) {
	env, err := db.clockEnv(ctx, tx)
	if err != nil {
		return nil, err
	}
	c, err := db.getCase(ctx, tx, stride.SystemActor("read"), id, false)
	if err != nil {
		return nil, err
	}
	return c.AgencyCase, db.caseDetail(ctx, tx, c.AgencyCase, env)
}

// checkCase checks the agent is an active user and the items are the project's.
func checkCase(ctx context.Context, tx queryer, in stride.CaseInput) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND status = 'active'`, in.AgentUserID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldError("agent_user_id", "validate.not_exist", stride.Msg{Key: "object.user"})
	}
	for _, id := range in.ItemIDs {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM approval_items WHERE id = $1 AND project_id = $2`, id, in.ProjectID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError("item_ids", "validate.not_exist", stride.Msg{Key: "object.approval_item"})
		}
	}
	return nil
}

func linkCaseItems(ctx context.Context, tx queryer, id int64, items []int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE approval_items SET case_id = NULL WHERE case_id = $1`, id); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	q := &query{}
	q.add(`UPDATE approval_items SET case_id = %s WHERE id IN (`+idList(q, items)+`)`, q.arg(id))
	_, err := tx.ExecContext(ctx, q.String(), q.args...)
	return err
}

// CreateCase opens a case for a project in the actor's scope; the project's owner is the
// enterprise (the legal applicant). The agent is told.
func (db *DB) CreateCase(ctx context.Context, a *stride.Actor, in stride.CaseInput) (*stride.AgencyCase, error) {
	var out *stride.AgencyCase
	err := db.tx(ctx, func(tx *sql.Tx) error {
		p, err := db.getProject(ctx, tx, a, in.ProjectID)
		if err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				return fieldError("project_id", "validate.not_exist", stride.Msg{Key: "object.project"})
			}
			return err
		}
		if err := checkCase(ctx, tx, in); err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		applied := db.eventTime(in.AppliedAt)
		if err := stride.CheckEventTime("applied_at", applied, time.Time{}, db.now()); err != nil {
			return err
		}
		now := db.now().UTC()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO agency_cases (project_id, enterprise_unit_id, mode, agent_user_id, plan, note, stage,
			applied_at, last_event_at, created_by, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'applied', $7, $7, $8, 1, $9, $9) RETURNING id`,
			in.ProjectID, p.OwnerUnitID, string(in.Mode), in.AgentUserID, in.Plan, in.Note, applied.UTC(), by, now).Scan(&id); err != nil {
			return translate(err)
		}
		if err := linkCaseItems(ctx, tx, id, in.ItemIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, from_stage, to_stage, note, by_name, at, recorded_at)
			VALUES ($1, '', 'applied', $2, $3, $4, $5)`, id, in.Note, a.Name, applied.UTC(), now); err != nil {
			return err
		}
		if err := db.postUserMessage(ctx, tx, in.AgentUserID, stride.Message{Kind: "todo",
			TitleMsg: stride.Msg{Key: "notify.case_assigned", Args: []any{p.Name, p.OwnerUnitName}}, Link: caseLink(id)},
			fmt.Sprintf("case:%d:agent:%d", id, in.AgentUserID)); err != nil {
			return err
		}
		if out, err = db.loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "case.create", "case", id, nil, out)
	})
	return out, err
}

func caseLink(id int64) string { return fmt.Sprintf("/agency/cases/%d", id) }

// UpdateCase changes a case's mode, agent, plan, note and linked items.
func (db *DB) UpdateCase(ctx context.Context, a *stride.Actor, id int64, in stride.CaseInput) (*stride.AgencyCase, error) {
	var out *stride.AgencyCase
	err := db.tx(ctx, func(tx *sql.Tx) error {
		row, err := db.getCase(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		before, err := db.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "agency_cases", id, in.Version); err != nil {
			return err
		}
		in.ProjectID = row.ProjectID
		if err := checkCase(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agency_cases SET mode = $1, agent_user_id = $2, plan = $3, note = $4, version = version + 1,
			updated_at = $5 WHERE id = $6`, string(in.Mode), in.AgentUserID, in.Plan, in.Note, db.now().UTC(), id); err != nil {
			return err
		}
		if err := linkCaseItems(ctx, tx, id, in.ItemIDs); err != nil {
			return err
		}
		if in.AgentUserID != row.AgentUserID {
			if err := db.postUserMessage(ctx, tx, in.AgentUserID, stride.Message{Kind: "todo",
				TitleMsg: stride.Msg{Key: "notify.case_assigned", Args: []any{row.ProjectName, row.EnterpriseName}}, Link: caseLink(id)},
				fmt.Sprintf("case:%d:agent:%d", id, in.AgentUserID)); err != nil {
				return err
			}
		}
		if out, err = db.loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "case.update", "case", id, before, out)
	})
	return out, err
}

// AdvanceCase moves a case in the actor's reach to its next stage (or records a further
// urging while tracking). A 代办 case is accepted only with the enterprise's signed
// authorisation attached. Delivery asks the enterprise for its evaluation.
func (db *DB) AdvanceCase(ctx context.Context, a *stride.Actor, id int64, in stride.CaseAdvanceInput) (*stride.AgencyCase, error) {
	var out *stride.AgencyCase
	err := db.tx(ctx, func(tx *sql.Tx) error {
		row, err := db.getCase(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "agency_cases", id, in.Version); err != nil {
			return err
		}
		if err := stride.CheckCaseMove(row.Stage, in.To); err != nil {
			return err
		}
		if in.To == stride.CaseAccepted && row.Mode == stride.ModeDelegate && !row.Authorized {
			return stride.Errorf(stride.EConflict, "case.authorization_required")
		}
		at := db.eventTime(in.At)
		if err := stride.CheckEventTime("at", at, row.lastEventAt, db.now()); err != nil {
			return err
		}
		atUTC := at.UTC()
		accepted, delivered := row.AcceptedAt, row.DeliveredAt
		switch in.To {
		case stride.CaseAccepted:
			accepted = &atUTC
		case stride.CaseDelivered:
			delivered = &atUTC
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agency_cases SET stage = $1, accepted_at = $2, delivered_at = $3, last_event_at = $4,
			version = version + 1, updated_at = $5 WHERE id = $6`, string(in.To), accepted, delivered, atUTC, db.now().UTC(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, from_stage, to_stage, note, by_name, at, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, string(row.Stage), string(in.To), in.Note, a.Name, atUTC, db.now().UTC()); err != nil {
			return err
		}
		if in.To == stride.CaseDelivered {
			if err := db.PostUnitMessage(ctx, tx, row.EnterpriseUnitID, stride.Message{Kind: "todo",
				TitleMsg: stride.Msg{Key: "notify.case_evaluate", Args: []any{row.ProjectName}}, Link: caseLink(id)},
				fmt.Sprintf("case:%d:evaluate", id)); err != nil {
				return err
			}
		}
		if out, err = db.loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "case.advance", "case", id, row.AgencyCase, out)
	})
	return out, err
}

// EvaluateCase records the enterprise's satisfaction score and comment on a delivered
// case of its own (or, for HQ, any).
func (db *DB) EvaluateCase(ctx context.Context, a *stride.Actor, id int64, in stride.EvaluationInput) (*stride.AgencyCase, error) {
	var out *stride.AgencyCase
	err := db.tx(ctx, func(tx *sql.Tx) error {
		row, err := db.getCase(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		if err := claim(ctx, tx, "agency_cases", id, in.Version); err != nil {
			return err
		}
		if row.Stage != stride.CaseDelivered {
			return stride.Errorf(stride.EConflict, "case.not_delivered")
		}
		now := db.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE agency_cases SET stage = 'evaluated', score = $1, comment = $2, evaluated_at = $3,
			last_event_at = $3, version = version + 1, updated_at = $3 WHERE id = $4`, in.Score, in.Comment, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, from_stage, to_stage, note, by_name, at, recorded_at)
			VALUES ($1, 'delivered', 'evaluated', $2, $3, $4, $4)`, id, in.Comment, a.Name, now); err != nil {
			return err
		}
		if err := db.closeTodos(ctx, tx, fmt.Sprintf("case:%d:evaluate", id)); err != nil {
			return err
		}
		if out, err = db.loadCase(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "case.evaluate", "case", id, row.AgencyCase, out)
	})
	return out, err
}

// AgentWorkload returns, for every agent (users who may carry cases, and those who carry
// some in the actor's reach), the cases open and by stage, the linked items open, near due
// and overdue, and the evaluations.
func (db *DB) AgentWorkload(ctx context.Context, a *stride.Actor) ([]stride.AgentLoad, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	last, near, err := env.boundaries()
	if err != nil {
		return nil, err
	}
	loads := map[int64]*stride.AgentLoad{}
	get := func(id int64) *stride.AgentLoad {
		if loads[id] == nil {
			loads[id] = &stride.AgentLoad{AgentUserID: id, ByStage: map[string]int{}}
			for _, s := range stride.CaseStages {
				loads[id].ByStage[string(s)] = 0
			}
		}
		return loads[id]
	}
	agents, err := holders(ctx, db.sql, stride.PermCaseEdit)
	if err != nil {
		return nil, err
	}
	for _, id := range agents {
		get(id)
	}
	q := &query{}
	q.raw(`SELECT c.agent_user_id, c.stage, COUNT(*), COALESCE(SUM(c.score), 0), COUNT(c.score)` + caseFrom)
	q.add(` WHERE %s GROUP BY c.agent_user_id, c.stage`, caseScope(q, a, false))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	scores := map[int64]int{}
	for rows.Next() {
		var id int64
		var stage string
		var n, sum, scored int
		if err := rows.Scan(&id, &stage, &n, &sum, &scored); err != nil {
			rows.Close()
			return nil, err
		}
		l := get(id)
		l.ByStage[stage] += n
		if stage != string(stride.CaseDelivered) && stage != string(stride.CaseEvaluated) {
			l.Open += n
		}
		l.Evaluated += scored
		scores[id] += sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	q = &query{}
	l, n := q.arg(last), q.arg(near)
	q.raw(`SELECT c.agent_user_id, COUNT(*), COALESCE(SUM(CASE WHEN i.due_date < ` + l + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN i.due_date >= ` + l + ` AND i.due_date <= ` + n + ` THEN 1 ELSE 0 END), 0)
		FROM approval_items i JOIN agency_cases c ON c.id = i.case_id JOIN projects p ON p.id = c.project_id
		JOIN units eu ON eu.id = c.enterprise_unit_id JOIN users ag ON ag.id = c.agent_user_id`)
	q.add(` WHERE %s AND i.status NOT IN ('approved', 'rejected') GROUP BY c.agent_user_id`, caseScope(q, a, false))
	rows, err = db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var open, overdue, nearN int
		if err := rows.Scan(&id, &open, &overdue, &nearN); err != nil {
			rows.Close()
			return nil, err
		}
		l := get(id)
		l.ItemsOpen, l.ItemsOverdue, l.ItemsNear = open, overdue, nearN
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []stride.AgentLoad{}
	for id, l := range loads {
		var name, unit string
		if err := db.sql.QueryRowContext(ctx, `SELECT u.name, un.name FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, id).Scan(&name, &unit); err != nil {
			return nil, err
		}
		l.AgentName, l.UnitName = name, unit
		if l.Evaluated > 0 {
			l.AvgScore = float64(int(float64(scores[id])*10/float64(l.Evaluated)+0.5)) / 10
		}
		out = append(out, *l)
	}
	sortLoads(out)
	return out, nil
}

func sortLoads(ls []stride.AgentLoad) {
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && (ls[j].Open > ls[j-1].Open || ls[j].Open == ls[j-1].Open && ls[j].AgentUserID < ls[j-1].AgentUserID); j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}
