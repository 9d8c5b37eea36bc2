package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/calendar"
)

const blockageColumns = `b.id, b.project_id, p.name, b.title, b.category, b.description, b.approval_item_id, b.case_id, b.land_file_id,
	b.raised_by, b.raiser_name, b.raiser_unit_id, COALESCE(ru.name, ''), b.owner_unit_id, COALESCE(ou.name, ''),
	b.status, b.return_reason, b.answer, b.level, b.resp_limit, b.resp_start, b.resp_stopped,
	b.res_limit, b.res_start, b.res_paused_days, b.res_paused_since, b.res_stopped, b.days_to_resolve,
	b.raised_at, b.assigned_at, b.accepted_at, b.answered_at, b.resolved_at, b.last_event_at, b.version, b.updated_at`

const blockageFrom = ` FROM blockages b JOIN projects p ON p.id = b.project_id
	LEFT JOIN units ru ON ru.id = b.raiser_unit_id LEFT JOIN units ou ON ou.id = b.owner_unit_id`

// blockageScope is the actor's reach over blockages: those its units own (handle), those
// they raised, and those of the projects they own. handling=true keeps only the first.
func blockageScope(q *query, a *stride.Actor, handling bool) string {
	refs := []func(func(string) string) string{column("b.owner_unit_id")}
	if !handling {
		refs = append(refs, column("b.raiser_unit_id"), column("p.owner_unit_id"))
	}
	creator := "b.raised_by"
	if handling {
		creator = ""
	}
	return scopeClause(q, a, refs, creator)
}

func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func scanBlockage(row interface{ Scan(...any) error }) (*stride.Blockage, error) {
	var b stride.Blockage
	var item, caseID, file, raisedBy, raiserUnit, ownerUnit, days sql.NullInt64
	var assigned, accepted, answered, resolved sql.NullTime
	if err := row.Scan(&b.ID, &b.ProjectID, &b.ProjectName, &b.Title, &b.Category, &b.Description, &item, &caseID, &file,
		&raisedBy, &b.RaiserName, &raiserUnit, &b.RaiserUnitName, &ownerUnit, &b.OwnerUnitName,
		&b.Status, &b.ReturnReason, &b.Answer, &b.Level, &b.ResponseTimer.Limit, &b.ResponseTimer.Start, &b.ResponseTimer.Stopped,
		&b.ResolveTimer.Limit, &b.ResolveTimer.Start, &b.ResolveTimer.PausedDays, &b.ResolveTimer.PausedSince, &b.ResolveTimer.Stopped,
		&days, &b.RaisedAt, &assigned, &accepted, &answered, &resolved, &b.LastEventAt, &b.Version, &b.UpdatedAt); err != nil {
		return nil, err
	}
	b.ApprovalItemID, b.CaseID, b.LandFileID = nullID(item), nullID(caseID), nullID(file)
	b.RaisedBy, b.RaiserUnitID, b.OwnerUnitID = nullID(raisedBy), nullID(raiserUnit), nullID(ownerUnit)
	if days.Valid {
		d := int(days.Int64)
		b.DaysToResolve = &d
	}
	b.AssignedAt, b.AcceptedAt, b.AnsweredAt, b.ResolvedAt = nullTime(assigned), nullTime(accepted), nullTime(answered), nullTime(resolved)
	b.RaisedAt, b.LastEventAt, b.UpdatedAt = b.RaisedAt.UTC(), b.LastEventAt.UTC(), b.UpdatedAt.UTC()
	return &b, nil
}

// finish fills in what is derived: the clocks on today, the overrun, whose turn it is and
// what may be done next.
func (e *clockEnv) finishBlockage(b *stride.Blockage) {
	b.Response = b.ResponseTimer.View(e.cal, e.today, e.settings.NearDueDays)
	b.Resolve = b.ResolveTimer.View(e.cal, e.today, e.settings.NearDueDays)
	if b.Status.Open() {
		b.OverdueDays = stride.Overdue(b.Response, b.Resolve)
	}
	b.Ball = stride.BallIn(b.Status, b.OwnerUnitID != nil)
	switch b.Ball {
	case stride.CourtOwner:
		b.BallUnitName = b.OwnerUnitName
	case stride.CourtRaiser:
		b.BallUnitName = b.RaiserUnitName
	}
	b.Next = stride.BlockageNext(b.Status)
}

func (db *DB) getBlockage(ctx context.Context, q queryer, a *stride.Actor, id int64, handling bool) (*stride.Blockage, error) {
	qq := &query{}
	qq.add(`SELECT `+blockageColumns+blockageFrom+` WHERE b.id = %s AND %s`, qq.arg(id), blockageScope(qq, a, handling))
	b, err := scanBlockage(q.QueryRowContext(ctx, qq.String(), qq.args...))
	return b, notFoundOr(err, "blockage")
}

// GetBlockage returns a blockage in the actor's reach with its timeline, escalations and
// attachments.
func (db *DB) GetBlockage(ctx context.Context, a *stride.Actor, id int64) (*stride.Blockage, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	b, err := db.getBlockage(ctx, db.sql, a, id, false)
	if err != nil {
		return nil, err
	}
	env.finishBlockage(b)
	return b, db.blockageDetail(ctx, db.sql, b)
}

func (db *DB) blockageDetail(ctx context.Context, q queryer, b *stride.Blockage) error {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, from_status, to_status, note, by_name, unit_name, at FROM blockage_events
		WHERE blockage_id = $1 ORDER BY at, id`, b.ID)
	if err != nil {
		return err
	}
	b.Events = []stride.BlockageEvent{}
	for rows.Next() {
		var e stride.BlockageEvent
		if err := rows.Scan(&e.ID, &e.Kind, &e.From, &e.To, &e.Note, &e.By, &e.UnitName, &e.At); err != nil {
			rows.Close()
			return err
		}
		e.At = e.At.UTC()
		b.Events = append(b.Events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT level, overdue_days, manual, note, notified, by_name, at FROM blockage_escalations
		WHERE blockage_id = $1 ORDER BY at, id`, b.ID)
	if err != nil {
		return err
	}
	b.Escalations = []stride.Escalation{}
	for rows.Next() {
		var e stride.Escalation
		if err := rows.Scan(&e.Level, &e.Overdue, &e.Manual, &e.Note, &e.Notified, &e.By, &e.At); err != nil {
			rows.Close()
			return err
		}
		e.At = e.At.UTC()
		b.Escalations = append(b.Escalations, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	b.Attachments, err = attachmentsOf(ctx, q, "blockage", b.ID)
	return err
}

// ListBlockages returns one page of the blockages in the actor's reach that match f, the
// most overdue first by default.
func (db *DB) ListBlockages(ctx context.Context, a *stride.Actor, f stride.BlockageFilter) (stride.List[*stride.Blockage], error) {
	out := stride.List[*stride.Blockage]{Items: []*stride.Blockage{}}
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return out, err
	}
	w := &query{}
	w.add(` WHERE %s`, blockageScope(w, a, false))
	if f.ProjectID != 0 {
		w.add(` AND b.project_id = %s`, w.arg(f.ProjectID))
	}
	if f.OwnerUnitID != 0 {
		w.add(` AND b.owner_unit_id = %s`, w.arg(f.OwnerUnitID))
	}
	if f.Category != "" {
		w.add(` AND b.category = %s`, w.arg(string(f.Category)))
	}
	if f.Status != "" {
		w.add(` AND b.status = %s`, w.arg(string(f.Status)))
	}
	if f.Open {
		w.raw(` AND b.status NOT IN ('resolved', 'returned')`)
	}
	if f.MinLevel > 0 {
		w.add(` AND b.level >= %s AND b.status NOT IN ('resolved', 'returned')`, w.arg(int(f.MinLevel)))
	}
	if f.Overdue {
		last, _, err := env.boundaries()
		if err != nil {
			return out, err
		}
		l := w.arg(last)
		w.add(` AND b.status NOT IN ('resolved', 'returned') AND (b.response_due < %s OR b.resolve_due < %s)`, l, l)
	}
	if f.Mine {
		unit, user := w.arg(a.UnitID), w.arg(a.UserID)
		hq := "FALSE"
		if a.Can(stride.PermBlockageAssign) {
			hq = "(b.status IN ('raised', 'returned') AND b.owner_unit_id IS NULL)"
		}
		w.add(` AND (%s OR (b.status IN ('raised', 'accepted', 'in_progress') AND b.owner_unit_id = %s)
			OR (b.status IN ('pending_confirm', 'returned') AND (b.raised_by = %s OR b.raiser_unit_id = %s)))`, hq, unit, user, unit)
	}
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(b.title) LIKE %s ESCAPE '\' OR lower(p.name) LIKE %s ESCAPE '\')`, p, p)
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*)`+blockageFrom+w.String(), w.args...); err != nil {
		return out, err
	}
	w.raw(orderBy(f.Page, map[string]string{
		"raised_at": "b.raised_at", "updated_at": "b.updated_at", "level": "b.level", "status": "b.status", "project": "p.name",
		"resolve_due": "COALESCE(b.resolve_due, '9999-12-31')", "category": "b.category",
	}, "CASE WHEN b.status IN ('resolved', 'returned') THEN 1 ELSE 0 END, b.level DESC, COALESCE(b.resolve_due, '9999-12-31'), b.id DESC", "b.id"))
	w.add(` LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+blockageColumns+blockageFrom+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		b, err := scanBlockage(rows)
		if err != nil {
			return out, err
		}
		env.finishBlockage(b)
		out.Items = append(out.Items, b)
	}
	return out, rows.Err()
}

// checkBlockageLinks checks that the item, case and file behind a blockage are the
// project's.
func checkBlockageLinks(ctx context.Context, tx queryer, in stride.BlockageInput) error {
	for _, l := range []struct {
		field, table, kind string
		id                 *int64
	}{{"approval_item_id", "approval_items", "approval_item", in.ApprovalItemID}, {"case_id", "agency_cases", "case", in.CaseID},
		{"land_file_id", "land_files", "land_file", in.LandFileID}} {
		if l.id == nil {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+l.table+` WHERE id = $1 AND project_id = $2`, *l.id, in.ProjectID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldError(l.field, "validate.not_exist", stride.Msg{Key: "object." + l.kind})
		}
	}
	return nil
}

func (db *DB) blockageEvent(ctx context.Context, tx queryer, a *stride.Actor, id int64, kind string, from, to stride.BlockageStatus, note string, at time.Time) error {
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO blockage_events (blockage_id, kind, from_status, to_status, note, by_user_id, by_name, unit_name, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, kind, string(from), string(to), note, by, a.Name, a.UnitName, at.UTC())
	return err
}

// CreateBlockage raises a blockage on a project in the actor's scope; the actor is the
// raiser. HQ is told to assign its owner unit.
func (db *DB) CreateBlockage(ctx context.Context, a *stride.Actor, in stride.BlockageInput) (*stride.Blockage, error) {
	var out *stride.Blockage
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, in.ProjectID); err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				return fieldError("project_id", "validate.not_exist", stride.Msg{Key: "object.project"})
			}
			return err
		}
		if err := checkBlockageLinks(ctx, tx, in); err != nil {
			return err
		}
		if in.RaisedAt != nil && !a.System && !a.Can(stride.PermBlockageAssign) {
			return fieldError("raised_at", "blockage.at_hq_only")
		}
		at := db.eventTime(in.RaisedAt)
		if err := stride.CheckEventTime("raised_at", at, time.Time{}, db.now()); err != nil {
			return err
		}
		var by, unit *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		if a.UnitID != 0 {
			unit = &a.UnitID
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO blockages (project_id, title, category, description, approval_item_id, case_id, land_file_id,
			raised_by, raiser_name, raiser_unit_id, status, raised_at, last_event_at, version, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'raised', $11, $11, 1, $12) RETURNING id`,
			in.ProjectID, in.Title, string(in.Category), in.Description, in.ApprovalItemID, in.CaseID, in.LandFileID,
			by, a.Name, unit, at.UTC(), db.now().UTC()).Scan(&id)
		if err != nil {
			return translate(err)
		}
		if err := db.blockageEvent(ctx, tx, a, id, "raise", "", stride.BlockRaised, "", at); err != nil {
			return err
		}
		if _, err := db.notifyHolders(ctx, tx, stride.PermBlockageAssign, stride.Message{Kind: "todo",
			TitleMsg: stride.Msg{Key: "notify.blockage_assign", Args: []any{in.Title}}, Link: blockageLink(id)},
			fmt.Sprintf("blockage:%d:turn:1:hq", id)); err != nil {
			return err
		}
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		if out, err = db.getBlockage(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishBlockage(out)
		return db.audit(ctx, tx, a, "blockage.create", "blockage", id, nil, out)
	})
	return out, err
}

func blockageLink(id int64) string { return fmt.Sprintf("/blockages/%d", id) }

// isRaiser reports whether the actor may act as the blockage's raiser: it raised it, its
// unit did, or it is HQ (who assigns).
func isRaiser(a *stride.Actor, b *stride.Blockage) bool {
	return a.System || a.Can(stride.PermBlockageAssign) ||
		b.RaisedBy != nil && *b.RaisedBy == a.UserID || b.RaiserUnitID != nil && *b.RaiserUnitID == a.UnitID
}

// UpdateBlockage lets the raiser correct a blockage while it waits for its owner unit
// (raised or returned).
func (db *DB) UpdateBlockage(ctx context.Context, a *stride.Actor, id int64, in stride.BlockageInput) (*stride.Blockage, error) {
	var out *stride.Blockage
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.getBlockage(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		env.finishBlockage(before)
		if !isRaiser(a, before) {
			return stride.Errorf(stride.EForbidden, "blockage.not_raiser")
		}
		if err := claim(ctx, tx, "blockages", id, in.Version); err != nil {
			return err
		}
		if before.Status != stride.BlockRaised && before.Status != stride.BlockReturned {
			return stride.Errorf(stride.EConflict, "blockage.edit_accepted")
		}
		in.ProjectID = before.ProjectID
		if err := checkBlockageLinks(ctx, tx, in); err != nil {
			return err
		}
		now := db.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE blockages SET title = $1, category = $2, description = $3, approval_item_id = $4,
			case_id = $5, land_file_id = $6, version = version + 1, updated_at = $7 WHERE id = $8`,
			in.Title, string(in.Category), in.Description, in.ApprovalItemID, in.CaseID, in.LandFileID, now, id); err != nil {
			return err
		}
		if err := db.blockageEvent(ctx, tx, a, id, "edit", before.Status, before.Status, "", now); err != nil {
			return err
		}
		if out, err = db.getBlockage(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishBlockage(out)
		return db.audit(ctx, tx, a, "blockage.update", "blockage", id, before, out)
	})
	return out, err
}

// ActOnBlockage takes one action on a blockage in the actor's reach. The owner unit's
// actions (accept, progress, reply) need the blockage to be its unit's; returning needs
// that or HQ; the raiser's (confirm, reopen, resubmit) need the raiser or HQ: otherwise
// forbidden. The state machine decides what may follow what. Assignment starts the
// response and resolution clocks; acceptance stops the first; the answer stops the second
// while the raiser confirms, and reopening starts it again.
func (db *DB) ActOnBlockage(ctx context.Context, a *stride.Actor, id int64, act stride.BlockageAction, in stride.BlockageActionInput) (*stride.Blockage, error) {
	var out *stride.Blockage
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.getBlockage(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		env.finishBlockage(before)
		switch act {
		case stride.ActAccept, stride.ActProgress, stride.ActReply, stride.ActReturn:
			if _, err := db.getBlockage(ctx, tx, a, id, true); err != nil {
				if !stride.IsCode(err, stride.ENotFound) {
					return err
				}
				if act != stride.ActReturn || !a.Can(stride.PermBlockageAssign) {
					return stride.Errorf(stride.EForbidden, "blockage.not_owner")
				}
			}
		case stride.ActConfirm, stride.ActReopen, stride.ActResubmit:
			if !isRaiser(a, before) {
				return stride.Errorf(stride.EForbidden, "blockage.not_raiser")
			}
		}
		if err := claim(ctx, tx, "blockages", id, in.Version); err != nil {
			return err
		}
		to, err := stride.BlockageMove(before.Status, act)
		if err != nil {
			return err
		}
		if act == stride.ActAccept && before.OwnerUnitID == nil {
			return stride.Errorf(stride.EConflict, "blockage.unassigned")
		}
		// Blockages move inside Stride: only HQ may record a step after the fact (from a
		// meeting's minutes, say), so no unit can date its own step back within its limit.
		if in.At != nil && !a.System && !a.Can(stride.PermBlockageAssign) {
			return fieldError("at", "blockage.at_hq_only")
		}
		at := db.eventTime(in.At)
		if err := stride.CheckEventTime("at", at, before.LastEventAt, db.now()); err != nil {
			return err
		}
		resp, res := before.ResponseTimer, before.ResolveTimer
		owner := before.OwnerUnitID
		level := before.Level
		returnReason, answer := before.ReturnReason, before.Answer
		assigned, accepted, answered, resolved := before.AssignedAt, before.AcceptedAt, before.AnsweredAt, before.ResolvedAt
		daysToResolve := before.DaysToResolve
		atUTC := at.UTC()
		begin := func() error {
			if resp, err = (stride.Clock{Limit: env.settings.BlockageResponseDays}).Begin(env.cal, at); err != nil {
				return calErr(err)
			}
			if res, err = (stride.Clock{Limit: env.settings.BlockageResolveDays}).Begin(env.cal, at); err != nil {
				return calErr(err)
			}
			assigned, accepted, answered, level, returnReason = &atUTC, nil, nil, stride.LevelUnit, ""
			return nil
		}
		switch act {
		case stride.ActAssign:
			if err := unitExists(ctx, tx, in.OwnerUnitID); err != nil {
				return fieldError("owner_unit_id", "validate.not_exist", stride.Msg{Key: "object.unit"})
			}
			owner = &in.OwnerUnitID
			if err := begin(); err != nil {
				return err
			}
		case stride.ActResubmit:
			if owner != nil {
				if err := begin(); err != nil {
					return err
				}
			} else {
				resp, res, returnReason = stride.Clock{}, stride.Clock{}, ""
			}
		case stride.ActAccept:
			resp, accepted = resp.Stop(at), &atUTC
		case stride.ActReply:
			res, answered, answer = res.Pause(at), &atUTC, in.Note
		case stride.ActReopen:
			if res, err = res.Resume(env.cal, at); err != nil {
				return calErr(err)
			}
		case stride.ActReturn:
			resp, res, returnReason = resp.Stop(at), res.Stop(at), in.Note
		case stride.ActConfirm:
			res, resolved = res.Stop(at), &atUTC
			from, err := env.cal.ReceivedOn(before.RaisedAt.In(db.zone))
			if err != nil {
				return calErr(err)
			}
			days, err := env.cal.WorkdaysBetween(from, stride.DateOf(at))
			if err != nil {
				return calErr(err)
			}
			days = max(days, 0)
			daysToResolve = &days
		}
		respDue, err := resp.Due(env.cal)
		if err != nil {
			return calErr(err)
		}
		resDue, err := res.Due(env.cal)
		if err != nil {
			return calErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE blockages SET status = $1, owner_unit_id = $2, level = $3, return_reason = $4, answer = $5,
			resp_limit = $6, resp_start = $7, resp_stopped = $8, response_due = $9,
			res_limit = $10, res_start = $11, res_paused_days = $12, res_paused_since = $13, res_stopped = $14, resolve_due = $15,
			days_to_resolve = $16, assigned_at = $17, accepted_at = $18, answered_at = $19, resolved_at = $20, last_event_at = $21,
			version = version + 1, updated_at = $22 WHERE id = $23`,
			string(to), owner, int(level), returnReason, answer, resp.Limit, resp.Start, resp.Stopped, respDue,
			res.Limit, res.Start, res.PausedDays, res.PausedSince, res.Stopped, resDue,
			daysToResolve, assigned, accepted, answered, resolved, atUTC, db.now().UTC(), id)
		if err != nil {
			return err
		}
		if err := db.blockageEvent(ctx, tx, a, id, string(act), before.Status, to, in.Note, at); err != nil {
			return err
		}
		if out, err = db.getBlockage(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishBlockage(out)
		if err := db.passBall(ctx, tx, out); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "blockage."+string(act), "blockage", id, before, out)
	})
	return out, err
}

// passBall closes the to-dos of the step taken and puts the next one on the list of whose
// turn it is. A blockage that is resolved or returned closes its escalation to-dos too.
func (db *DB) passBall(ctx context.Context, tx queryer, b *stride.Blockage) error {
	prefix := fmt.Sprintf("blockage:%d:", b.ID)
	if err := db.closeTodos(ctx, tx, prefix+"turn:"); err != nil {
		return err
	}
	if !b.Status.Open() {
		if err := db.closeTodos(ctx, tx, prefix+"esc"); err != nil {
			return err
		}
	}
	key := fmt.Sprintf("%sturn:%d:", prefix, b.Version)
	link := blockageLink(b.ID)
	switch b.Ball {
	case stride.CourtHQ:
		_, err := db.notifyHolders(ctx, tx, stride.PermBlockageAssign, stride.Message{Kind: "todo",
			TitleMsg: stride.Msg{Key: "notify.blockage_assign", Args: []any{b.Title}}, Link: link}, key+"hq")
		return err
	case stride.CourtOwner:
		title := stride.Msg{Key: "notify.blockage_handle", Args: []any{b.Title, b.Resolve.Due.String()}}
		if b.Status == stride.BlockRaised {
			title = stride.Msg{Key: "notify.blockage_accept", Args: []any{b.Title, b.Response.Due.String()}}
		}
		return db.PostUnitMessage(ctx, tx, *b.OwnerUnitID, stride.Message{Kind: "todo", TitleMsg: title, Link: link}, key+"owner")
	case stride.CourtRaiser:
		title := stride.Msg{Key: "notify.blockage_confirm", Args: []any{b.Title}}
		if b.Status == stride.BlockReturned {
			title = stride.Msg{Key: "notify.blockage_returned", Args: []any{b.Title, b.ReturnReason}}
		}
		m := stride.Message{Kind: "todo", TitleMsg: title, Body: b.Answer, Link: link}
		if b.RaisedBy != nil {
			return db.postUserMessage(ctx, tx, *b.RaisedBy, m, key+"raiser")
		}
		if b.RaiserUnitID != nil {
			return db.PostUnitMessage(ctx, tx, *b.RaiserUnitID, m, key+"raiser")
		}
	}
	return nil
}

// CommentOnBlockage adds a comment, or a leader's instruction (批示) which the owner unit
// is told of, to the timeline of a blockage in the actor's reach.
func (db *DB) CommentOnBlockage(ctx context.Context, a *stride.Actor, id int64, instruction bool, body string) (*stride.BlockageEvent, error) {
	var out *stride.BlockageEvent
	err := db.tx(ctx, func(tx *sql.Tx) error {
		b, err := db.getBlockage(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		kind := "comment"
		if instruction {
			kind = "instruct"
		}
		now := db.now()
		if err := db.blockageEvent(ctx, tx, a, id, kind, b.Status, b.Status, body, now); err != nil {
			return err
		}
		if instruction && b.OwnerUnitID != nil {
			if err := db.PostUnitMessage(ctx, tx, *b.OwnerUnitID, stride.Message{Kind: "notice",
				TitleMsg: stride.Msg{Key: "notify.blockage_instruction", Args: []any{a.Name, b.Title}}, Body: body, Link: blockageLink(id)},
				fmt.Sprintf("blockage:%d:instruct:%d", id, now.UnixNano())); err != nil {
				return err
			}
		}
		out = &stride.BlockageEvent{Kind: kind, From: b.Status, To: b.Status, Note: body, By: a.Name, UnitName: a.UnitName, At: now.UTC()}
		return db.audit(ctx, tx, a, "blockage."+kind, "blockage", id, nil, out)
	})
	return out, err
}

// EscalateBlockage raises an open blockage in the actor's reach by hand (HQ putting it on
// the dispatch meeting's agenda, say); the level must be higher than the one it has.
func (db *DB) EscalateBlockage(ctx context.Context, a *stride.Actor, id int64, in stride.BlockageActionInput) (*stride.Blockage, error) {
	var out *stride.Blockage
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.getBlockage(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		env.finishBlockage(before)
		if err := claim(ctx, tx, "blockages", id, in.Version); err != nil {
			return err
		}
		if !before.Status.Open() {
			return stride.Errorf(stride.EConflict, "blockage.closed")
		}
		if !in.Level.Valid() || in.Level <= before.Level {
			return fieldError("level", "blockage.level_not_higher")
		}
		if err := db.escalate(ctx, tx, a, before, in.Level, true, in.Note); err != nil {
			return err
		}
		if out, err = db.getBlockage(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishBlockage(out)
		return db.audit(ctx, tx, a, "blockage.escalate", "blockage", id, before, out)
	})
	return out, err
}

// escalate records a blockage's rise to level and tells that level: 指挥部 is HQ (who
// assigns), 分管领导 and 主要领导/调度会 are those who coordinate; the owner unit is told
// too.
func (db *DB) escalate(ctx context.Context, tx queryer, a *stride.Actor, b *stride.Blockage, level stride.EscalationLevel, manual bool, note string) error {
	levelName := stride.Msg{Key: fmt.Sprintf("blockage.level.%d", level)}
	perm := stride.PermBlockageCoordinate
	if level == stride.LevelHQ {
		perm = stride.PermBlockageAssign
	}
	link := blockageLink(b.ID)
	n, err := db.notifyHolders(ctx, tx, perm, stride.Message{Kind: "todo",
		TitleMsg: stride.Msg{Key: "notify.blockage_escalated", Args: []any{b.Title, levelName, b.OverdueDays}}, Body: note, Link: link},
		fmt.Sprintf("blockage:%d:esc:%d", b.ID, level))
	if err != nil {
		return err
	}
	if b.OwnerUnitID != nil {
		if err := db.PostUnitMessage(ctx, tx, *b.OwnerUnitID, stride.Message{Kind: "notice",
			TitleMsg: stride.Msg{Key: "notify.blockage_escalated_unit", Args: []any{b.Title, levelName}}, Link: link},
			fmt.Sprintf("blockage:%d:escunit:%d", b.ID, level)); err != nil {
			return err
		}
	}
	now := db.now().UTC()
	notified := stride.T(stride.LangZH, "blockage.notified", levelName, n)
	if _, err := tx.ExecContext(ctx, `INSERT INTO blockage_escalations (blockage_id, level, overdue_days, manual, note, notified, by_name, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, b.ID, int(level), b.OverdueDays, manual, note, notified, a.Name, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE blockages SET level = $1, version = version + 1, updated_at = $2 WHERE id = $3`, int(level), now, b.ID); err != nil {
		return err
	}
	return db.blockageEvent(ctx, tx, a, b.ID, "escalate", b.Status, b.Status, levelName.In(stride.LangZH), now)
}

// EscalateBlockages raises every open blockage whose overrun has reached a higher level
// than it has (settings: 指挥部, 分管领导, 主要领导/调度会 at so many working days overdue),
// telling each level once. It returns how many blockages rose.
func (db *DB) EscalateBlockages(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+blockageColumns+blockageFrom+`
			WHERE b.status NOT IN ('resolved', 'returned') AND b.owner_unit_id IS NOT NULL ORDER BY b.id`)
		if err != nil {
			return err
		}
		var list []*stride.Blockage
		for rows.Next() {
			b, err := scanBlockage(rows)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		job := stride.SystemActor("escalation")
		for _, b := range list {
			env.finishBlockage(b)
			// Only while the owner unit holds the ball: an answer awaiting the raiser, or a
			// blockage HQ has yet to assign, does not climb.
			if b.Ball != stride.CourtOwner || b.Response.State == stride.ClockUnknown || b.Resolve.State == stride.ClockUnknown {
				continue
			}
			level := env.settings.EscalationFor(b.OverdueDays)
			if level <= b.Level {
				continue
			}
			if err := db.escalate(ctx, tx, job, b, level, false, ""); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, job, "blockage.escalate", "blockage", b.ID, map[string]any{"level": b.Level},
				map[string]any{"level": level, "overdue_days": b.OverdueDays}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// refreshBlockageDues recomputes the due dates kept for filters of the running clocks.
func (db *DB) refreshBlockageDues(ctx context.Context, tx queryer, cal *calendar.Calendar) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, resp_limit, resp_start, resp_stopped, res_limit, res_start, res_paused_days,
		res_paused_since, res_stopped FROM blockages WHERE status NOT IN ('resolved', 'returned') AND resp_start IS NOT NULL`)
	if err != nil {
		return err
	}
	type dues struct {
		id        int64
		resp, res stride.Date
	}
	var list []dues
	for rows.Next() {
		var id int64
		var resp, res stride.Clock
		if err := rows.Scan(&id, &resp.Limit, &resp.Start, &resp.Stopped, &res.Limit, &res.Start, &res.PausedDays, &res.PausedSince, &res.Stopped); err != nil {
			rows.Close()
			return err
		}
		d1, err1 := resp.Due(cal)
		d2, err2 := res.Due(cal)
		if err1 == nil && err2 == nil {
			list = append(list, dues{id, d1, d2})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range list {
		if _, err := tx.ExecContext(ctx, `UPDATE blockages SET response_due = $1, resolve_due = $2 WHERE id = $3`, d.resp, d.res, d.id); err != nil {
			return err
		}
	}
	return nil
}

// BlockageStats counts the blockages raised from..to in the actor's reach, by owner unit
// and by category: how many, open, overdue now, resolved, returned, the average working
// days from raising to resolution, and the resolution rate.
func (db *DB) BlockageStats(ctx context.Context, a *stride.Actor, from, to stride.Date) (*stride.BlockageStats, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	last, _, err := env.boundaries()
	if err != nil {
		return nil, err
	}
	out := &stride.BlockageStats{AsOf: env.today, From: from, To: to, ByUnit: []stride.BlockageStat{}, ByCategory: []stride.BlockageStat{}}
	group := func(key, name, groupBy string) ([]stride.BlockageStat, error) {
		q := &query{}
		l := q.arg(last)
		q.raw(`SELECT ` + key + `, ` + name + `, COUNT(*),
			COALESCE(SUM(CASE WHEN b.status NOT IN ('resolved', 'returned') THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN b.status NOT IN ('resolved', 'returned') AND (b.response_due < ` + l + ` OR b.resolve_due < ` + l + `) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN b.status = 'resolved' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN b.status = 'returned' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(b.days_to_resolve), 0), COUNT(b.days_to_resolve)` + blockageFrom)
		q.add(` WHERE %s`, blockageScope(q, a, false))
		if !from.IsZero() {
			q.add(` AND b.raised_at >= %s`, q.arg(time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, db.zone).UTC()))
		}
		if !to.IsZero() {
			q.add(` AND b.raised_at < %s`, q.arg(time.Date(to.Year, to.Month, to.Day+1, 0, 0, 0, 0, db.zone).UTC()))
		}
		if groupBy != "" {
			q.raw(` GROUP BY ` + groupBy + ` ORDER BY ` + groupBy)
		}
		rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		list := []stride.BlockageStat{}
		for rows.Next() {
			var s stride.BlockageStat
			var days, resolvedN int
			if err := rows.Scan(&s.Key, &s.Name, &s.Total, &s.Open, &s.Overdue, &s.Resolved, &s.Returned, &days, &resolvedN); err != nil {
				return nil, err
			}
			if resolvedN > 0 {
				s.AvgDays = float64(int(float64(days)*10/float64(resolvedN)+0.5)) / 10
			}
			s.ResolutionRate = stride.Rate(s.Resolved, s.Total-s.Returned)
			list = append(list, s)
		}
		return list, rows.Err()
	}
	if out.ByUnit, err = group(`CAST(COALESCE(b.owner_unit_id, 0) AS TEXT)`, `COALESCE(ou.name, '')`, `b.owner_unit_id, ou.name`); err != nil {
		return nil, err
	}
	if out.ByCategory, err = group(`b.category`, `b.category`, `b.category`); err != nil {
		return nil, err
	}
	total, err := group(`''`, `''`, "")
	if err != nil {
		return nil, err
	}
	if len(total) == 1 {
		out.Total = total[0]
	}
	q := &query{}
	q.raw(`SELECT b.level, COUNT(*)` + blockageFrom)
	q.add(` WHERE %s AND b.status NOT IN ('resolved', 'returned') GROUP BY b.level`, blockageScope(q, a, false))
	rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var level, n int
		if err := rows.Scan(&level, &n); err != nil {
			return nil, err
		}
		if level >= 0 && level < len(out.ByLevel) {
			out.ByLevel[level] = n
		}
	}
	return out, rows.Err()
}
