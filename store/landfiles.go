package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stride-hq/stride"
)

const landColumns = `f.id, f.project_id, p.name, f.parcel, f.area_mu, f.land_use, f.unit_id, u.name, f.received_at, f.accepted_at,
	f.reviewed_at, f.needs_supplement, f.notified_at, f.supplemented_at, f.reported_at, f.note, f.version, f.created_at, f.updated_at`

const landFrom = ` FROM land_files f JOIN projects p ON p.id = f.project_id JOIN units u ON u.id = f.unit_id`

// landScope is the actor's reach over land files: those its units handle and those of the
// projects they own. handling=true keeps only the first: recording steps.
func landScope(q *query, a *stride.Actor, handling bool) string {
	refs := []func(func(string) string) string{column("f.unit_id")}
	if !handling {
		refs = append(refs, column("p.owner_unit_id"))
	}
	return scopeClause(q, a, refs, "f.created_by")
}

func scanLandFile(row interface{ Scan(...any) error }) (*stride.LandFile, error) {
	var f stride.LandFile
	var accepted, reviewed, notified, supplemented, reported sql.NullTime
	if err := row.Scan(&f.ID, &f.ProjectID, &f.ProjectName, &f.Parcel, &f.AreaMu, &f.LandUse, &f.UnitID, &f.UnitName, &f.ReceivedAt,
		&accepted, &reviewed, &f.NeedsSupplement, &notified, &supplemented, &reported, &f.Note, &f.Version, &f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	f.AcceptedAt, f.ReviewedAt, f.NotifiedAt = nullTime(accepted), nullTime(reviewed), nullTime(notified)
	f.SupplementedAt, f.ReportedAt = nullTime(supplemented), nullTime(reported)
	f.ReceivedAt, f.CreatedAt, f.UpdatedAt = f.ReceivedAt.UTC(), f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return &f, nil
}

func (e *clockEnv) finishLandFile(f *stride.LandFile) {
	f.Next = f.NextStep()
	f.Checks = f.FirstTimeChecks(e.cal, e.today, e.settings.LandStepDays, e.zone)
}

// nextDue is the due day of the first-time the file waits for, zero when none is pending.
func nextDue(f *stride.LandFile) stride.Date {
	if n := len(f.Checks); n > 0 && f.Checks[n-1].Done.IsZero() {
		return f.Checks[n-1].Due
	}
	return stride.Date{}
}

func (db *DB) getLandFile(ctx context.Context, q queryer, a *stride.Actor, id int64, handling bool) (*stride.LandFile, error) {
	qq := &query{}
	qq.add(`SELECT `+landColumns+landFrom+` WHERE f.id = %s AND %s`, qq.arg(id), landScope(qq, a, handling))
	f, err := scanLandFile(q.QueryRowContext(ctx, qq.String(), qq.args...))
	return f, notFoundOr(err, "land_file")
}

// GetLandFile returns a land file in the actor's reach with its first-times.
func (db *DB) GetLandFile(ctx context.Context, a *stride.Actor, id int64) (*stride.LandFile, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	f, err := db.getLandFile(ctx, db.sql, a, id, false)
	if err != nil {
		return nil, err
	}
	env.finishLandFile(f)
	return f, nil
}

func (db *DB) landWhere(w *query, a *stride.Actor, f stride.LandFilter) {
	w.add(` WHERE %s`, landScope(w, a, false))
	if f.ProjectID != 0 {
		w.add(` AND f.project_id = %s`, w.arg(f.ProjectID))
	}
	if f.UnitID != 0 {
		w.add(` AND f.unit_id = %s`, w.arg(f.UnitID))
	}
	if f.Next != "" {
		w.add(` AND f.next_step = %s`, w.arg(string(f.Next)))
	}
	if f.Open {
		w.raw(` AND f.next_step <> ''`)
	}
	if f.Query != "" {
		p := w.arg(likePattern(f.Query))
		w.add(` AND (lower(f.parcel) LIKE %s ESCAPE '\' OR lower(p.name) LIKE %s ESCAPE '\')`, p, p)
	}
}

// ListLandFiles returns one page of the land files in the actor's reach that match f;
// overdue=true keeps those whose pending first-time is past its due day.
func (db *DB) ListLandFiles(ctx context.Context, a *stride.Actor, f stride.LandFilter, overdue bool) (stride.List[*stride.LandFile], error) {
	out := stride.List[*stride.LandFile]{Items: []*stride.LandFile{}}
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return out, err
	}
	w := &query{}
	db.landWhere(w, a, f)
	if overdue {
		w.add(` AND f.next_due < %s`, w.arg(env.today))
	}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*)`+landFrom+w.String(), w.args...); err != nil {
		return out, err
	}
	w.raw(orderBy(f.Page, map[string]string{"received_at": "f.received_at", "updated_at": "f.updated_at", "project": "p.name",
		"next_due": "COALESCE(f.next_due, '9999-12-31')"}, "f.received_at DESC, f.id DESC", "f.id"))
	w.add(` LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+landColumns+landFrom+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		lf, err := scanLandFile(rows)
		if err != nil {
			return out, err
		}
		env.finishLandFile(lf)
		out.Items = append(out.Items, lf)
	}
	return out, rows.Err()
}

// CreateLandFile opens a land file for a project in the actor's scope, handled by
// in.UnitID, its materials received at in.ReceivedAt (not in the future). The unit is
// told to accept it within the first-time.
func (db *DB) CreateLandFile(ctx context.Context, a *stride.Actor, in stride.LandFileInput) (*stride.LandFile, error) {
	var out *stride.LandFile
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.getProject(ctx, tx, a, in.ProjectID); err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				return fieldError("project_id", "validate.not_exist", stride.Msg{Key: "object.project"})
			}
			return err
		}
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		received := in.ReceivedAt.In(db.zone)
		if err := stride.CheckEventTime("received_at", received, time.Time{}, db.now()); err != nil {
			return err
		}
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		var by *int64
		if a.UserID != 0 {
			by = &a.UserID
		}
		now := db.now().UTC()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO land_files (project_id, parcel, area_mu, land_use, unit_id, received_at, next_step, note,
			created_by, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'accepted', $7, $8, 1, $9, $9) RETURNING id`,
			in.ProjectID, in.Parcel, in.AreaMu, in.LandUse, in.UnitID, received.UTC(), in.Note, by, now).Scan(&id); err != nil {
			return translate(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO land_events (file_id, step, at, note, by_name, recorded_at) VALUES ($1, 'received', $2, $3, $4, $5)`,
			id, received.UTC(), in.Note, a.Name, now); err != nil {
			return err
		}
		if out, err = db.getLandFile(ctx, tx, a, id, false); err != nil {
			if stride.IsCode(err, stride.ENotFound) {
				return stride.Errorf(stride.EForbidden, "error.forbidden")
			}
			return err
		}
		env.finishLandFile(out)
		if err := db.afterLandStep(ctx, tx, out); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "land_file.create", "land_file", id, nil, out)
	})
	return out, err
}

// UpdateLandFile changes a file's particulars (parcel, area, use, unit, note); its steps
// change only by RecordLandStep.
func (db *DB) UpdateLandFile(ctx context.Context, a *stride.Actor, id int64, in stride.LandFileInput) (*stride.LandFile, error) {
	var out *stride.LandFile
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.landFileFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		env.finishLandFile(before)
		if err := claim(ctx, tx, "land_files", id, in.Version); err != nil {
			return err
		}
		if err := unitExists(ctx, tx, in.UnitID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE land_files SET parcel = $1, area_mu = $2, land_use = $3, unit_id = $4, note = $5,
			version = version + 1, updated_at = $6 WHERE id = $7`, in.Parcel, in.AreaMu, in.LandUse, in.UnitID, in.Note, db.now().UTC(), id); err != nil {
			return err
		}
		if out, err = db.getLandFile(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishLandFile(out)
		return db.audit(ctx, tx, a, "land_file.update", "land_file", id, before, out)
	})
	return out, err
}

// landFileFor loads a file for a change: not_found outside the actor's reach, forbidden
// when the actor sees it but its unit does not handle it.
func (db *DB) landFileFor(ctx context.Context, tx queryer, a *stride.Actor, id int64) (*stride.LandFile, error) {
	f, err := db.getLandFile(ctx, tx, a, id, false)
	if err != nil {
		return nil, err
	}
	if _, err := db.getLandFile(ctx, tx, a, id, true); err != nil {
		if stride.IsCode(err, stride.ENotFound) {
			return nil, stride.Errorf(stride.EForbidden, "land.not_assigned")
		}
		return nil, err
	}
	return f, nil
}

var landColumn = map[stride.LandStep]string{stride.LandAccepted: "accepted_at", stride.LandReviewed: "reviewed_at",
	stride.LandNotified: "notified_at", stride.LandSupplemented: "supplemented_at", stride.LandReported: "reported_at"}

// RecordLandStep records the step the file waits for, at in.At (now when empty): not in
// the future, not before the event it follows. The review says whether a supplement is
// needed. The unit's to-do moves on to the next first-time.
func (db *DB) RecordLandStep(ctx context.Context, a *stride.Actor, id int64, in stride.LandStepInput) (*stride.LandFile, error) {
	var out *stride.LandFile
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		before, err := db.landFileFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		env.finishLandFile(before)
		if err := claim(ctx, tx, "land_files", id, in.Version); err != nil {
			return err
		}
		if err := before.CheckStep(in.Step); err != nil {
			return err
		}
		at := db.eventTime(in.At)
		if err := stride.CheckEventTime("at", at, *before.At(before.Previous(in.Step)), db.now()); err != nil {
			return err
		}
		needs := before.NeedsSupplement
		if in.Step == stride.LandReviewed {
			needs = in.NeedsSupplement
		}
		if _, err := tx.ExecContext(ctx, `UPDATE land_files SET `+landColumn[in.Step]+` = $1, needs_supplement = $2, version = version + 1,
			updated_at = $3 WHERE id = $4`, at.UTC(), needs, db.now().UTC(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO land_events (file_id, step, at, note, by_name, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, string(in.Step), at.UTC(), in.Note, a.Name, db.now().UTC()); err != nil {
			return err
		}
		if out, err = db.getLandFile(ctx, tx, stride.SystemActor("read"), id, false); err != nil {
			return err
		}
		env.finishLandFile(out)
		if err := db.afterLandStep(ctx, tx, out); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "land_file.step", "land_file", id, before, out)
	})
	return out, err
}

// afterLandStep keeps the columns filters read and moves the unit's to-do on.
func (db *DB) afterLandStep(ctx context.Context, tx queryer, f *stride.LandFile) error {
	due := nextDue(f)
	if _, err := tx.ExecContext(ctx, `UPDATE land_files SET next_step = $1, next_due = $2 WHERE id = $3`, string(f.Next), due, f.ID); err != nil {
		return err
	}
	prefix := fmt.Sprintf("land:%d:", f.ID)
	if err := db.closeTodos(ctx, tx, prefix); err != nil {
		return err
	}
	if due.IsZero() {
		return nil
	}
	return db.PostUnitMessage(ctx, tx, f.UnitID, stride.Message{Kind: "todo",
		TitleMsg: stride.Msg{Key: "notify.land_step", Args: []any{f.ProjectName, f.Parcel, stride.Msg{Key: "land.step." + string(f.Next)}, due.String()}},
		Link:     fmt.Sprintf("/land/files/%d", f.ID)}, prefix+string(f.Next))
}

// LandCompliance computes the four first-times compliance of the files in the actor's
// reach (of one unit when unitID is not 0) whose first-times fall due from..to.
func (db *DB) LandCompliance(ctx context.Context, a *stride.Actor, from, to stride.Date, unitID int64) (*stride.Compliance, error) {
	env, err := db.clockEnv(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	w := &query{}
	db.landWhere(w, a, stride.LandFilter{UnitID: unitID})
	// A file received after the period cannot have a first-time due in it.
	w.add(` AND f.received_at < %s`, w.arg(time.Date(to.Year, to.Month, to.Day+1, 0, 0, 0, 0, db.zone).UTC()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+landColumns+landFrom+w.String()+` ORDER BY f.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var files []*stride.LandFile
	for rows.Next() {
		f, err := scanLandFile(rows)
		if err != nil {
			return nil, err
		}
		env.finishLandFile(f)
		files = append(files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c := stride.FirstTimesCompliance(files, from, to)
	return &c, nil
}

// FlagLandSteps puts a to-do on the handling unit's list for every file whose pending
// first-time is due today or overdue, once per step and day; it returns how many.
func (db *DB) FlagLandSteps(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		env, err := db.clockEnv(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+landColumns+landFrom+` WHERE f.next_due <= $1 ORDER BY f.id`, env.today)
		if err != nil {
			return err
		}
		var files []*stride.LandFile
		for rows.Next() {
			f, err := scanLandFile(rows)
			if err != nil {
				rows.Close()
				return err
			}
			env.finishLandFile(f)
			files = append(files, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range files {
			due := nextDue(f)
			if due.IsZero() {
				continue
			}
			key := "notify.land_step_due"
			if due.Before(env.today) {
				key = "notify.land_step_overdue"
			}
			if err := db.PostUnitMessage(ctx, tx, f.UnitID, stride.Message{Kind: "todo",
				TitleMsg: stride.Msg{Key: key, Args: []any{f.ProjectName, f.Parcel, stride.Msg{Key: "land.step." + string(f.Next)}, due.String()}},
				Link:     fmt.Sprintf("/land/files/%d", f.ID)},
				fmt.Sprintf("land:%d:%s:%s", f.ID, f.Next, env.today)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
