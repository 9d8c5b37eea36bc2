package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

const keyBulletins = "bulletins"

// BulletinSettings returns the bulletin schedule and layout settings.
func (db *DB) BulletinSettings(ctx context.Context) (stride.BulletinSettings, error) {
	s := stride.DefaultBulletinSettings()
	v, err := db.readSetting(ctx, db.sql, keyBulletins, &s)
	s.Version = v
	return s, err
}

// UpdateBulletinSettings stores s; conflict when s.Version is stale.
func (db *DB) UpdateBulletinSettings(ctx context.Context, a *stride.Actor, s stride.BulletinSettings) (stride.BulletinSettings, error) {
	before, err := db.BulletinSettings(ctx)
	if err != nil {
		return s, err
	}
	if before.Version != s.Version {
		return s, stride.StaleVersion()
	}
	if err := db.writeSetting(ctx, a, keyBulletins, s.Version, before, s); err != nil {
		return s, err
	}
	return db.BulletinSettings(ctx)
}

// bulletinScopeUnit is the unit whose projects a bulletin drafted by a covers: nil for the
// whole zone.
func bulletinScopeUnit(a *stride.Actor) *int64 {
	if a.SeesAll() {
		return nil
	}
	id := a.UnitID
	return &id
}

// bulletinVisible is the condition that the actor may see a bulletin: published ones (and
// drafts for editors) issued for the whole zone or for a unit above the actor's.
func bulletinVisible(q *query, a *stride.Actor) string {
	cond := "TRUE"
	if !a.Can(stride.PermBulletinEdit) {
		cond = "b.status = 'published'"
	}
	if a.SeesAll() {
		return cond
	}
	return cond + " AND (b.scope_unit_id IS NULL OR EXISTS (SELECT 1 FROM units su WHERE su.id = b.scope_unit_id AND " +
		q.arg(a.UnitPath) + " LIKE su.path || '%'))"
}

const bulletinColumns = `b.id, b.year, b.week, b.number, b.revision, b.corrects_id, b.correction_reason, b.period_from, b.period_to, b.as_of,
	b.status, b.title, b.issuer, b.issued_on, b.requirements, b.commendations, b.scope_unit_id, b.created_by, b.created_at, b.updated_at,
	b.published_at, b.published_by, b.version,
	(SELECT MIN(c.id) FROM bulletins c WHERE c.corrects_id = b.id AND c.status = 'published'),
	(SELECT COALESCE(MAX(n.number), 0) + 1 FROM bulletins n WHERE n.year = b.year AND n.status = 'published'
		AND COALESCE(n.scope_unit_id, 0) = COALESCE(b.scope_unit_id, 0))`

// scanBulletin reads a bulletin row; content is read separately where it is wanted.
func scanBulletin(row interface{ Scan(...any) error }, extra ...any) (*stride.Bulletin, error) {
	var b stride.Bulletin
	var number, corrects, scope, superseded sql.NullInt64
	var published sql.NullTime
	var next int
	dest := []any{&b.ID, &b.Year, &b.Week, &number, &b.Revision, &corrects, &b.CorrectionReason, &b.From, &b.To, &b.AsOf,
		&b.Status, &b.Title, &b.Issuer, &b.IssuedOn, &b.Requirements, &b.Commendations, &scope, &b.CreatedBy, &b.CreatedAt, &b.UpdatedAt,
		&published, &b.PublishedBy, &b.Version, &superseded, &next}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	b.Number = next
	if number.Valid {
		b.Number = int(number.Int64)
	}
	if corrects.Valid {
		b.CorrectsID = &corrects.Int64
	}
	if scope.Valid {
		b.ScopeUnitID = &scope.Int64
	}
	if superseded.Valid {
		b.SupersededBy = &superseded.Int64
	}
	b.PublishedAt = nullTime(published)
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return &b, nil
}

// ListBulletins returns the bulletins the actor may see, newest first, without their
// content.
func (db *DB) ListBulletins(ctx context.Context, a *stride.Actor, f stride.BulletinFilter) (stride.List[*stride.Bulletin], error) {
	w := &query{}
	w.add(` WHERE %s`, bulletinVisible(w, a))
	if f.Year != 0 {
		w.add(` AND b.year = %s`, w.arg(f.Year))
	}
	if f.Status != "" {
		w.add(` AND b.status = %s`, w.arg(f.Status))
	}
	out := stride.List[*stride.Bulletin]{Items: []*stride.Bulletin{}}
	if err := db.countList(ctx, f.Page, &out.Total, `SELECT COUNT(*) FROM bulletins b`+w.String(), w.args...); err != nil {
		return out, fmt.Errorf("store: count bulletins: %w", err)
	}
	w.add(` ORDER BY b.week DESC, b.revision DESC, b.id DESC LIMIT %s OFFSET %s`, w.arg(f.Page.Size), w.arg(f.Page.Offset()))
	rows, err := db.sql.QueryContext(ctx, `SELECT `+bulletinColumns+` FROM bulletins b`+w.String(), w.args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		b, err := scanBulletin(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, b)
	}
	return out, rows.Err()
}

func (db *DB) getBulletin(ctx context.Context, q queryer, a *stride.Actor, id int64) (*stride.Bulletin, error) {
	qq := &query{}
	qq.add(`SELECT `+bulletinColumns+`, b.content FROM bulletins b WHERE b.id = %s AND %s`, qq.arg(id), bulletinVisible(qq, a))
	var content string
	b, err := scanBulletin(q.QueryRowContext(ctx, qq.String(), qq.args...), &content)
	if err != nil {
		return nil, notFoundOr(err, "bulletin")
	}
	b.Content = &stride.BulletinContent{}
	if err := json.Unmarshal([]byte(content), b.Content); err != nil {
		return nil, fmt.Errorf("bulletin %d content: %w", id, err)
	}
	return b, nil
}

// GetBulletin returns a bulletin with its content; not_found when the actor may not see it
// (a draft, for a reader who cannot edit).
func (db *DB) GetBulletin(ctx context.Context, a *stride.Actor, id int64) (*stride.Bulletin, error) {
	return db.getBulletin(ctx, db.sql, a, id)
}

// BulletinDetail returns the frozen ledger rows and figure sets of a bulletin the actor
// may see.
func (db *DB) BulletinDetail(ctx context.Context, a *stride.Actor, id int64) (*stride.Bulletin, *stride.BulletinDetail, error) {
	b, d, err := db.bulletinDetail(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	return b, d.public(), nil
}

func (db *DB) bulletinDetail(ctx context.Context, a *stride.Actor, id int64) (*stride.Bulletin, *frozenDetail, error) {
	b, err := db.getBulletin(ctx, db.sql, a, id)
	if err != nil {
		return nil, nil, err
	}
	var blob []byte
	if err := db.sql.QueryRowContext(ctx, `SELECT detail FROM bulletins WHERE id = $1`, id).Scan(&blob); err != nil {
		return nil, nil, err
	}
	d, err := decodeDetail(blob)
	if err != nil {
		return nil, nil, fmt.Errorf("bulletin %d detail: %w", id, err)
	}
	return b, d, nil
}

// BulletinFigure lists the projects behind one figure of a bulletin, as the bulletin saw
// them, limited to the projects in the reader's scope.
func (db *DB) BulletinFigure(ctx context.Context, a *stride.Actor, id int64, figure string, page stride.Page) (stride.List[*stride.FigureRow], error) {
	out := stride.List[*stride.FigureRow]{Items: []*stride.FigureRow{}}
	_, d, err := db.bulletinDetail(ctx, a, id)
	if err != nil {
		return out, err
	}
	ids, ok := d.figures[figure]
	if !ok {
		return out, fieldError("figure", "bulletin.figure_unknown")
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	if !a.SeesAll() {
		q := &query{}
		q.add(`SELECT p.id FROM projects p WHERE %s`, projectScope(q, a))
		rows, err := db.sql.QueryContext(ctx, q.String(), q.args...)
		if err != nil {
			return out, err
		}
		mine := map[int64]bool{}
		for rows.Next() {
			var pid int64
			if err := rows.Scan(&pid); err != nil {
				rows.Close()
				return out, err
			}
			mine[pid] = true
		}
		rows.Close()
		for id := range want {
			if !mine[id] {
				delete(want, id)
			}
		}
	}
	var rows []*frozenRow
	for i := range d.rows {
		if want[d.rows[i].ID] {
			rows = append(rows, &d.rows[i])
		}
	}
	out.Total = len(rows)
	from := min(page.Offset(), len(rows))
	to := min(from+page.Size, len(rows))
	for _, r := range rows[from:to] {
		fr := &stride.FigureRow{BulletinRow: r.BulletinRow, Rate: r.Rate(), Pace: r.Pace(), Reasons: []string{}}
		fr.Why = r.phrases()
		fr.Gap = stride.PointsGap(fr.Rate, fr.Pace)
		for _, w := range fr.Why {
			fr.Reasons = append(fr.Reasons, w.Msg().In(stride.LangZH))
		}
		out.Items = append(out.Items, fr)
	}
	return out, nil
}

// DraftBulletin drafts the bulletin of week from the data as they stand: a new draft, or
// the week's existing draft regenerated (its edited sections kept). It returns the draft
// and whether it is new. Invalid for a week that has not begun; conflict when the week's
// bulletin is published (a correction is the way to change it).
func (db *DB) DraftBulletin(ctx context.Context, a *stride.Actor, w stride.Week) (*stride.Bulletin, bool, error) {
	settings, err := db.BulletinSettings(ctx)
	if err != nil {
		return nil, false, err
	}
	from, to := w.Period(settings.CutoffWeekday)
	today := db.today()
	if from.After(today) {
		return nil, false, fieldError("week", "bulletin.future_week", w.String())
	}
	scope := bulletinScopeUnit(a)
	existing, err := db.weekBulletin(ctx, db.sql, w, scope)
	if err != nil {
		return nil, false, err
	}
	if existing != nil && existing.Status == stride.BulletinPublished {
		return nil, false, stride.Errorf(stride.EConflict, "bulletin.published_exists", w.String())
	}
	content, blob, snapshot, err := db.generateBulletin(ctx, a, w, from, to, settings)
	if err != nil {
		return nil, false, err
	}
	contentJSON, err := json.Marshal(content)
	if err != nil {
		return nil, false, err
	}
	snapJSON, _ := json.Marshal(snapshot)
	sys, err := db.Settings(ctx)
	if err != nil {
		return nil, false, err
	}
	var out *stride.Bulletin
	created := false
	err = db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UTC()
		// Look again inside the transaction: a draft made meanwhile is regenerated instead.
		cur, err := db.weekBulletin(ctx, tx, w, scope)
		if err != nil {
			return err
		}
		var id int64
		var before any
		switch {
		case cur != nil && cur.Status == stride.BulletinPublished:
			return stride.Errorf(stride.EConflict, "bulletin.published_exists", w.String())
		case cur != nil:
			id, before = cur.ID, slim(cur)
			res, err := tx.ExecContext(ctx, `UPDATE bulletins SET period_from = $1, period_to = $2, as_of = $3, content = $4, snapshot = $5,
				detail = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND status = 'draft'`,
				from, to, content.AsOf, string(contentJSON), string(snapJSON), blob, now, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return stride.StaleVersion()
			}
		default:
			created = true
			title := settings.Title
			err := tx.QueryRowContext(ctx, `INSERT INTO bulletins (year, week, revision, period_from, period_to, as_of, status, title, issuer,
				issued_on, requirements, commendations, content, snapshot, detail, scope_unit_id, created_by, created_at, updated_at, version)
				VALUES ($1, $2, 1, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 1) RETURNING id`,
				w.Year, w.String(), from, to, content.AsOf, title, sys.HQName, today, defaultRequirements(content),
				defaultCommendations(content), string(contentJSON), string(snapJSON), blob, scope, a.Username, now).Scan(&id)
			if err != nil {
				if stride.IsCode(translate(err), stride.EConflict) {
					return stride.Errorf(stride.EConflict, "bulletin.draft_exists", w.String())
				}
				return err
			}
		}
		if out, err = db.getBulletin(ctx, tx, stride.SystemActor(a.Username), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "bulletin.draft", "bulletin", id, before, slim(out))
	})
	return out, created, err
}

// slim is a bulletin without its content, for the audit log.
func slim(b *stride.Bulletin) *stride.Bulletin {
	c := *b
	c.Content = nil
	return &c
}

// weekBulletin returns the week's current bulletin in scope: its draft if it has one, else
// its latest published revision, else nil.
func (db *DB) weekBulletin(ctx context.Context, q queryer, w stride.Week, scope *int64) (*stride.Bulletin, error) {
	var sid int64
	if scope != nil {
		sid = *scope
	}
	b, err := scanBulletin(q.QueryRowContext(ctx, `SELECT `+bulletinColumns+` FROM bulletins b WHERE b.week = $1 AND COALESCE(b.scope_unit_id, 0) = $2
		ORDER BY CASE WHEN b.status = 'draft' THEN 0 ELSE 1 END, b.revision DESC LIMIT 1`, w.String(), sid))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}

// UpdateBulletin changes the editable parts of a draft; conflict for a published one.
func (db *DB) UpdateBulletin(ctx context.Context, a *stride.Actor, id int64, in stride.BulletinInput) (*stride.Bulletin, error) {
	var out *stride.Bulletin
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getBulletin(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if before.Status != stride.BulletinDraft {
			return stride.Errorf(stride.EConflict, "bulletin.published_locked")
		}
		res, err := tx.ExecContext(ctx, `UPDATE bulletins SET title = $1, issuer = $2, issued_on = $3, requirements = $4, commendations = $5,
			version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8 AND status = 'draft'`,
			in.Title, in.Issuer, in.IssuedOn, in.Requirements, in.Commendations, db.now().UTC(), id, in.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return stride.StaleVersion()
		}
		if out, err = db.getBulletin(ctx, tx, a, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "bulletin.update", "bulletin", id, slim(before), slim(out))
	})
	return out, err
}

// PublishBulletin publishes a draft under the next number of its year (a correction keeps
// the number it corrects); from then on it never changes.
func (db *DB) PublishBulletin(ctx context.Context, a *stride.Actor, id int64, version int) (*stride.Bulletin, error) {
	var out *stride.Bulletin
	var err error
	for try := 0; try < 3; try++ {
		out, err = db.publishBulletin(ctx, a, id, version)
		if !stride.IsCode(err, stride.EConflict) || !strings.Contains(err.Error(), "number") {
			break
		}
	}
	return out, err
}

func (db *DB) publishBulletin(ctx context.Context, a *stride.Actor, id int64, version int) (*stride.Bulletin, error) {
	var out *stride.Bulletin
	err := db.tx(ctx, func(tx *sql.Tx) error {
		before, err := db.getBulletin(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if before.Status != stride.BulletinDraft {
			return stride.Errorf(stride.EConflict, "bulletin.published_locked")
		}
		if err := claim(ctx, tx, "bulletins", id, version); err != nil {
			return err
		}
		now := db.now().UTC()
		// A correction already holds its number; a first edition takes the next free one.
		if _, err := tx.ExecContext(ctx, `UPDATE bulletins SET status = 'published', published_at = $1, published_by = $2,
			number = COALESCE(number, (SELECT COALESCE(MAX(n.number), 0) + 1 FROM bulletins n WHERE n.year = bulletins.year
				AND n.status = 'published' AND COALESCE(n.scope_unit_id, 0) = COALESCE(bulletins.scope_unit_id, 0))),
			version = version + 1, updated_at = $1 WHERE id = $3 AND status = 'draft'`, now, a.Name, id); err != nil {
			return translate(err)
		}
		if out, err = db.getBulletin(ctx, tx, a, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "bulletin.publish", "bulletin", id, slim(before), slim(out))
	})
	return out, err
}

// CorrectBulletin starts a correction of a published bulletin: a new draft with the same
// number and the next revision, a copy of the original to edit (or to regenerate from the
// data with DraftBulletin), published in its turn. The original stays as it was.
func (db *DB) CorrectBulletin(ctx context.Context, a *stride.Actor, id int64, reason string) (*stride.Bulletin, error) {
	var out *stride.Bulletin
	err := db.tx(ctx, func(tx *sql.Tx) error {
		orig, err := db.getBulletin(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if orig.Status != stride.BulletinPublished {
			return stride.Errorf(stride.EConflict, "bulletin.correct_draft")
		}
		if orig.SupersededBy != nil {
			return stride.Errorf(stride.EConflict, "bulletin.superseded")
		}
		var newID int64
		now := db.now().UTC()
		err = tx.QueryRowContext(ctx, `INSERT INTO bulletins (year, week, number, revision, corrects_id, correction_reason, period_from, period_to,
			as_of, status, title, issuer, issued_on, requirements, commendations, content, snapshot, detail, scope_unit_id, created_by,
			created_at, updated_at, version)
			SELECT year, week, number, revision + 1, id, $1, period_from, period_to, as_of, 'draft', title, issuer, $2, requirements,
			commendations, content, snapshot, detail, scope_unit_id, $3, $4, $4, 1 FROM bulletins WHERE id = $5 RETURNING id`,
			reason, db.today(), a.Username, now, id).Scan(&newID)
		if err != nil {
			if stride.IsCode(translate(err), stride.EConflict) {
				return stride.Errorf(stride.EConflict, "bulletin.draft_exists", orig.Week)
			}
			return err
		}
		if out, err = db.getBulletin(ctx, tx, a, newID); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, "bulletin.correct", "bulletin", newID, nil, slim(out))
	})
	return out, err
}

// LatestBulletin returns the newest published bulletin the actor may see, or nil.
func (db *DB) latestBulletin(ctx context.Context, a *stride.Actor) (*stride.BulletinRef, error) {
	q := &query{}
	q.add(`SELECT b.id, b.year, b.number, b.revision, b.title, b.week, b.issued_on FROM bulletins b WHERE b.status = 'published' AND %s
		ORDER BY b.published_at DESC, b.id DESC LIMIT 1`, bulletinVisible(q, a))
	var r stride.BulletinRef
	err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&r.ID, &r.Year, &r.Number, &r.Revision, &r.Title, &r.Week, &r.IssuedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &r, err
}

// Generation.

// snapshot is what the next bulletin compares with: the red and yellow projects.
type snapshot struct {
	Red    []int64 `json:"red"`
	Yellow []int64 `json:"yellow"`
}

// generateBulletin reads the data of a bulletin and returns its content, its detail
// encoded for storage, and the snapshot the next week compares with: the dashboard's
// figures for the year, the frozen ledger rows with the projects behind every figure, the
// changes since the last bulletin, the period's inspections, the overdue approvals and
// blockages, and the running campaigns. (Reading the dashboard and the rows at once, on
// two connections, measured no faster on two cores than one after the other.)
//
// The ledger's rows stream through once, in id order, straight into the detail's
// encoder: what stays in memory is the ids behind each figure and the few projects each
// list names, never the rows, so a draft's memory is the same at 100,000 projects as at
// 1,000 but for those ids and the compressed detail.
func (db *DB) generateBulletin(ctx context.Context, a *stride.Actor, w stride.Week, from, to stride.Date, s stride.BulletinSettings) (*stride.BulletinContent, []byte, snapshot, error) {
	today := db.today()
	asOf := today
	if to.Before(today) {
		asOf = to
	}
	year := asOf.Year
	d, err := db.Dashboard(ctx, a, year)
	if err != nil {
		return nil, nil, snapshot{}, err
	}
	period := d.Period // the rows in the dashboard's terms, whatever the clock says now
	since, prev, err := db.previousSnapshot(ctx, a, w, from)
	if err != nil {
		return nil, nil, snapshot{}, err
	}
	slices.Sort(prev.Red)
	slices.Sort(prev.Yellow)
	in := func(ids []int64, id int64) bool { _, ok := slices.BinarySearch(ids, id); return ok }

	// The ids behind each figure, every figure with its line (an empty one too).
	figures := map[string]*figureIDs{}
	fig := func(key string) *figureIDs {
		l := &figureIDs{}
		figures[key] = l
		return l
	}
	ledger, started, completions, newProjects := fig(stride.FigLedger), fig(stride.FigStarted), fig(stride.FigCompletions), fig(stride.FigNewProjects)
	red, yellow, green := fig(stride.FigRed), fig(stride.FigYellow), fig(stride.FigGreen)
	newRed, turned, startedWeek, completedWeek := fig(stride.FigNewRed), fig(stride.FigTurnedGreen), fig(stride.FigStartedWeek), fig(stride.FigCompletedWeek)
	byUnit := map[int64]*figureIDs{}
	// The projects the lists name: the worst first of the lit ones, the first by id of
	// the others.
	redList, yellowList, newRedList := newShortList(s.ListLimit, true), newShortList(s.ListLimit, true), newShortList(s.ListLimit, true)
	turnedList, startedList, completedList := newShortList(s.ListLimit, false), newShortList(s.ListLimit, false), newShortList(s.ListLimit, false)
	inYear := func(dt stride.Date) bool { return dt.Year == year }
	inPeriod := func(dt stride.Date) bool { return !dt.IsZero() && !dt.Before(from) && !dt.After(to) }
	enc := newDetailEncoder()
	err = db.bulletinRows(ctx, a, year, period, func(r *frozenRow) error {
		enc.row(r)
		id := r.ID
		ledger.add(id)
		if inYear(r.Started) {
			started.add(id)
		}
		if inYear(r.Ended) {
			completions.add(id)
		}
		if r.New {
			newProjects.add(id)
		}
		switch r.Light {
		case stride.ColorRed:
			red.add(id)
			redList.offer(r)
			if since != "" && !in(prev.Red, id) {
				newRed.add(id)
				newRedList.offer(r)
			}
		case stride.ColorYellow:
			yellow.add(id)
			yellowList.offer(r)
		case stride.ColorGreen:
			green.add(id)
			if in(prev.Red, id) || in(prev.Yellow, id) {
				turned.add(id)
				turnedList.offer(r)
			}
		}
		unit := byUnit[r.LeadUnitID]
		if unit == nil {
			unit = fig(stride.UnitFigure(r.LeadUnitID))
			byUnit[r.LeadUnitID] = unit
		}
		unit.add(id)
		if inPeriod(r.Started) {
			startedWeek.add(id)
			startedList.offer(r)
		}
		if inPeriod(r.Ended) {
			completedWeek.add(id)
			completedList.offer(r)
		}
		return nil
	})
	if err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin rows: %w", err)
	}
	enc.figures(figures)
	blob, err := enc.finish()
	if err != nil {
		return nil, nil, snapshot{}, err
	}
	snap := snapshot{Red: red.ids(), Yellow: yellow.ids()}

	c := &stride.BulletinContent{Year: year, Period: period, AsOf: today, Campaigns: []stride.BulletinCampaign{}}
	c.Figures = map[string]string{"projects": stride.FigLedger, "total_investment": stride.FigLedger, "plan": stride.FigLedger,
		"completed": stride.FigLedger, "rate": stride.FigLedger, "pace": stride.FigLedger, "started": stride.FigStarted,
		"completions": stride.FigCompletions, "start_rate": stride.FigNewProjects, "new_projects": stride.FigNewProjects,
		"red": stride.FigRed, "yellow": stride.FigYellow, "green": stride.FigGreen}
	c.Red = redList.list(stride.FigRed, red.n, true)
	c.Yellow = yellowList.list(stride.FigYellow, yellow.n, true)
	c.Changes.Since = since
	c.Changes.NewRed = newRedList.list(stride.FigNewRed, newRed.n, true)
	c.Changes.TurnedGreen = turnedList.list(stride.FigTurnedGreen, turned.n, false)
	c.Changes.Started = startedList.list(stride.FigStartedWeek, startedWeek.n, false)
	c.Changes.Completed = completedList.list(stride.FigCompletedWeek, completedWeek.n, false)
	if c.Inspections, err = db.bulletinInspections(ctx, a, from, to, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin inspections: %w", err)
	}
	if c.Approvals, err = db.overdueApprovals(ctx, a, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin approvals: %w", err)
	}
	if c.Blockages, err = db.overdueBlockages(ctx, a, s.ListLimit); err != nil {
		return nil, nil, snapshot{}, fmt.Errorf("bulletin blockages: %w", err)
	}
	c.Overall, c.Units, c.Lights, c.Trend = stride.OverallOf(d), d.Units, d.ByLight, d.Trend
	if c.Units == nil {
		c.Units = []stride.UnitRank{}
	}
	n := min(3, len(c.Units))
	c.Bottom = slices.Clone(c.Units[:n])
	c.Top = []stride.UnitRank{}
	for i := len(c.Units) - 1; i >= len(c.Units)-n; i-- {
		c.Top = append(c.Top, c.Units[i])
	}
	for _, cp := range d.Campaigns {
		bc := stride.BulletinCampaign{ID: cp.ID, Name: cp.Name, StartsOn: cp.StartsOn, EndsOn: cp.EndsOn}
		if cp.Tally != nil {
			bc.DaysLeft, bc.Projects, bc.Results = cp.Tally.DaysLeft, cp.Tally.Projects, cp.Tally.Results
		}
		c.Campaigns = append(c.Campaigns, bc)
	}
	return c, blob, snap, nil
}

// shortList keeps the projects a bulletin's list names while the rows stream by: the
// first limit in the list's order, which is the rows' (id) order, or, for lit projects,
// worst first: by their number of dimensions of their colour, then by how far behind pace
// they are, then by id.
type shortList struct {
	limit int
	worst bool
	items []listed
}

// listed is what a list keeps of a project.
type listed struct {
	id             int64
	name, leadUnit string
	light          stride.Color
	why            string
	dims           int
	gap            float64 // rate − pace
}

func newShortList(limit int, worst bool) *shortList {
	return &shortList{limit: limit, worst: worst}
}

// before tells whether x comes before y worst first.
func (x *listed) before(y *listed) bool {
	if x.dims != y.dims {
		return x.dims > y.dims
	}
	if x.gap != y.gap {
		return x.gap < y.gap
	}
	return x.id < y.id
}

// offer considers a row for the list.
func (l *shortList) offer(r *frozenRow) {
	if !l.worst && len(l.items) >= l.limit {
		return
	}
	e := listed{id: r.ID, name: r.Name, leadUnit: r.LeadUnit, light: r.Light, why: r.why, dims: r.dims, gap: r.Rate() - r.Pace()}
	i := len(l.items)
	if l.worst {
		i = sort.Search(len(l.items), func(i int) bool { return e.before(&l.items[i]) })
	}
	if i >= l.limit {
		return
	}
	l.items = slices.Insert(l.items, i, e)
	l.items = l.items[:min(len(l.items), l.limit)]
}

// list is the list of figure, total projects in all, with their reasons when asked.
func (l *shortList) list(figure string, total int, reasons bool) stride.BulletinList {
	out := stride.BulletinList{Figure: figure, Total: total, Items: []stride.BulletinProject{}}
	for _, e := range l.items {
		p := stride.BulletinProject{ID: e.id, Name: e.name, LeadUnit: e.leadUnit, Color: e.light}
		if reasons {
			p.Why = phrases(e.why)
		}
		out.Items = append(out.Items, p)
	}
	return out
}

// previousSnapshot is what this week's changes compare with: the last bulletin before the
// week in the same scope (a published one before a draft), or, for the first bulletin, the
// last monthly light snapshot before the period. since names it; "" when there is none.
func (db *DB) previousSnapshot(ctx context.Context, a *stride.Actor, w stride.Week, from stride.Date) (string, snapshot, error) {
	var sid int64
	if s := bulletinScopeUnit(a); s != nil {
		sid = *s
	}
	var week, raw string
	err := db.sql.QueryRowContext(ctx, `SELECT week, snapshot FROM bulletins WHERE week < $1 AND COALESCE(scope_unit_id, 0) = $2
		ORDER BY week DESC, CASE WHEN status = 'published' THEN 0 ELSE 1 END, revision DESC LIMIT 1`, w.String(), sid).Scan(&week, &raw)
	switch {
	case err == nil:
		var s snapshot
		if err := json.Unmarshal([]byte(raw), &s); err != nil {
			return "", snapshot{}, err
		}
		return week, s, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", snapshot{}, err
	}
	var month sql.NullString
	if err := db.sql.QueryRowContext(ctx, `SELECT MAX(month) FROM light_snapshots WHERE month < $1`,
		fmt.Sprintf("%04d-%02d", from.Year, int(from.Month))).Scan(&month); err != nil {
		return "", snapshot{}, err
	}
	if !month.Valid {
		return "", snapshot{}, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT project_id, color FROM light_snapshots WHERE month = $1 AND color IN ('red', 'yellow') ORDER BY project_id`, month.String)
	if err != nil {
		return "", snapshot{}, err
	}
	defer rows.Close()
	var s snapshot
	for rows.Next() {
		var id int64
		var color string
		if err := rows.Scan(&id, &color); err != nil {
			return "", snapshot{}, err
		}
		if color == string(stride.ColorRed) {
			s.Red = append(s.Red, id)
		} else {
			s.Yellow = append(s.Yellow, id)
		}
	}
	return month.String, s, rows.Err()
}

// zoneDay is the UTC instant a civil day of the zone begins.
func (db *DB) zoneDay(d stride.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, db.zone).UTC()
}

// bulletinInspections summarises the period's inspections in the actor's scope: its visits,
// findings and orders, then the orders of earlier weeks still open.
func (db *DB) bulletinInspections(ctx context.Context, a *stride.Actor, from, to stride.Date, limit int) (stride.BulletinInspections, error) {
	out := stride.BulletinInspections{Items: []stride.BulletinFinding{}}
	q := &query{}
	q.add(`SELECT COUNT(*), COALESCE(SUM(v.problems), 0) FROM inspection_visits v JOIN projects p ON p.id = v.project_id
		WHERE v.visited_on >= %s AND v.visited_on <= %s AND %s`, q.arg(from), q.arg(to), projectScope(q, a))
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&out.Visits, &out.Problems); err != nil {
		return out, err
	}
	today := db.today()
	q = &query{}
	t0, t1 := q.arg(db.zoneDay(from)), q.arg(db.zoneDay(to.AddDays(1)))
	f0, f1, td := q.arg(from), q.arg(to), q.arg(today)
	q.add(`SELECT COALESCE(SUM(CASE WHEN o.issued_on >= %s AND o.issued_on <= %s THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.status <> 'closed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.status <> 'closed' AND o.due_on < %s THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.closed_at >= %s AND o.closed_at < %s THEN 1 ELSE 0 END), 0)`+orderFrom+` WHERE %s`,
		f0, f1, td, t0, t1, orderScope(q, a))
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&out.Orders, &out.Open, &out.Overdue, &out.Closed); err != nil {
		return out, err
	}
	// The period's findings, with or without orders.
	w := &query{}
	w.add(` WHERE EXISTS (SELECT 1 FROM inspection_visits v JOIN projects p ON p.id = v.project_id WHERE v.id = f.visit_id
		AND v.visited_on >= %s AND v.visited_on <= %s AND %s) ORDER BY f.id`, w.arg(from), w.arg(to), projectScope(w, a))
	fs, err := db.findings(ctx, db.sql, w)
	if err != nil {
		return out, err
	}
	visited := map[int64]stride.Date{}
	if len(fs) > 0 {
		ids := make([]int64, len(fs))
		for i, f := range fs {
			ids[i] = f.VisitID
		}
		vq := &query{}
		vq.raw(`SELECT id, visited_on FROM inspection_visits WHERE id IN (` + idList(vq, ids) + `)`)
		rows, err := db.sql.QueryContext(ctx, vq.String(), vq.args...)
		if err != nil {
			return out, err
		}
		for rows.Next() {
			var id int64
			var d stride.Date
			if err := rows.Scan(&id, &d); err != nil {
				rows.Close()
				return out, err
			}
			visited[id] = d
		}
		rows.Close()
	}
	out.Findings = len(fs)
	seen := map[int64]bool{}
	for _, f := range fs {
		out.Items = append(out.Items, findingLine(f, f.Order, visited[f.VisitID]))
		if f.Order != nil {
			seen[f.Order.ID] = true
		}
	}
	// Orders of earlier weeks still open, the overdue ones first.
	ow := &query{}
	ow.add(` WHERE o.status <> 'closed' AND %s ORDER BY o.due_on, o.id`, orderScope(ow, a))
	open, err := db.orders(ctx, db.sql, ow)
	if err != nil {
		return out, err
	}
	for _, o := range open {
		if !seen[o.ID] {
			out.Items = append(out.Items, findingLine(&stride.InspectionFinding{ID: o.FindingID, ProjectID: o.ProjectID, ProjectName: o.ProjectName,
				Matter: o.Matter}, o, stride.Date{}))
		}
	}
	out.Total = len(out.Items)
	out.Items = out.Items[:min(limit, len(out.Items))]
	return out, nil
}

func findingLine(f *stride.InspectionFinding, o *stride.Order, visited stride.Date) stride.BulletinFinding {
	l := stride.BulletinFinding{FindingID: f.ID, ProjectID: f.ProjectID, ProjectName: f.ProjectName, Matter: f.Matter, VisitedOn: visited}
	if o != nil {
		id := o.ID
		l.OrderID, l.OrderCode, l.TargetUnit, l.DueOn, l.Status, l.Result, l.Overdue = &id, o.Code, o.TargetUnit, o.DueOn, o.Status, o.Result, o.Overdue
		l.Matter = o.Matter
	}
	return l
}

// overdueApprovals lists the approval items in the actor's reach past their promised
// time, through the approvals ledger.
func (db *DB) overdueApprovals(ctx context.Context, a *stride.Actor, limit int) (stride.BulletinOverdue, error) {
	out := stride.BulletinOverdue{Available: true, Items: []stride.BulletinOverdueItem{}}
	list, err := db.ListApprovalItems(ctx, a, stride.ApprovalFilter{Open: true, Clock: stride.ClockOverdue,
		Page: stride.Page{Number: 1, Size: limit, Sort: "due_date"}})
	if err != nil {
		return out, err
	}
	out.Total = list.Total
	for _, it := range list.Items {
		out.Items = append(out.Items, stride.BulletinOverdueItem{ID: it.ID, ProjectID: it.ProjectID, ProjectName: it.ProjectName,
			Title: it.Name, Unit: it.UnitName, DueOn: it.Clock.Due, Overdue: max(0, -it.Clock.Remaining)})
	}
	return out, nil
}

// overdueBlockages lists the blockages in the actor's reach past their response or
// resolution time, through the blockage ledger.
func (db *DB) overdueBlockages(ctx context.Context, a *stride.Actor, limit int) (stride.BulletinOverdue, error) {
	out := stride.BulletinOverdue{Available: true, Items: []stride.BulletinOverdueItem{}}
	list, err := db.ListBlockages(ctx, a, stride.BlockageFilter{Overdue: true, Page: stride.Page{Number: 1, Size: limit}})
	if err != nil {
		return out, err
	}
	out.Total = list.Total
	for _, b := range list.Items {
		due := b.Resolve.Due
		if b.Status == stride.BlockRaised {
			due = b.Response.Due
		}
		out.Items = append(out.Items, stride.BulletinOverdueItem{ID: b.ID, ProjectID: b.ProjectID, ProjectName: b.ProjectName,
			Title: b.Title, Unit: b.OwnerUnitName, DueOn: due, Overdue: b.OverdueDays})
	}
	return out, nil
}

// defaultRequirements drafts the next-step requirements from the data, for the editor to
// change.
func defaultRequirements(c *stride.BulletinContent) string {
	var b strings.Builder
	l := stride.LangZH
	b.WriteString(stride.T(l, "bulletin.req.pace"))
	if c.Red.Total > 0 {
		b.WriteString("\n" + stride.T(l, "bulletin.req.red", c.Red.Total))
	}
	if c.Inspections.Open > 0 {
		b.WriteString("\n" + stride.T(l, "bulletin.req.orders", c.Inspections.Open))
	}
	b.WriteString("\n" + stride.T(l, "bulletin.req.reports"))
	return b.String()
}

// defaultCommendations names the top and bottom units as a starting point.
func defaultCommendations(c *stride.BulletinContent) string {
	l := stride.LangZH
	names := func(us []stride.UnitRank, keep func(stride.UnitRank) bool) string {
		var out []string
		for _, u := range us {
			if keep(u) {
				out = append(out, u.UnitName)
			}
		}
		return strings.Join(out, "、")
	}
	var b strings.Builder
	if s := names(c.Top, func(u stride.UnitRank) bool { return u.Gap >= 0 }); s != "" {
		b.WriteString(stride.T(l, "bulletin.praise", s))
	}
	if s := names(c.Bottom, func(u stride.UnitRank) bool { return u.Gap < 0 }); s != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(stride.T(l, "bulletin.criticism", s))
	}
	return b.String()
}

// Cockpit assembles the leaders' big screen from the dashboard's roll-ups, the orders and
// the week's inspections, within the actor's scope.
func (db *DB) Cockpit(ctx context.Context, a *stride.Actor) (*stride.Cockpit, error) {
	today := db.today()
	d, err := db.Dashboard(ctx, a, today.Year)
	if err != nil {
		return nil, err
	}
	w := stride.WeekOf(today)
	c := &stride.Cockpit{Year: today.Year, AsOf: today, Week: w.String(), Period: d.Period, Headline: stride.OverallOf(d), Trend: d.Trend,
		Units: d.Units, Lights: d.ByLight, Red: d.Red, Campaigns: []stride.BulletinCampaign{}, Findings: []stride.BulletinFinding{}}
	for _, cp := range d.Campaigns {
		bc := stride.BulletinCampaign{ID: cp.ID, Name: cp.Name, StartsOn: cp.StartsOn, EndsOn: cp.EndsOn}
		if cp.Tally != nil {
			bc.DaysLeft, bc.Projects, bc.Results = cp.Tally.DaysLeft, cp.Tally.Projects, cp.Tally.Results
		}
		c.Campaigns = append(c.Campaigns, bc)
	}
	from, to := w.Period(7)
	insp, err := db.bulletinInspections(ctx, a, from, to, 20)
	if err != nil {
		return nil, err
	}
	for _, f := range insp.Items {
		if !f.VisitedOn.IsZero() {
			c.Findings = append(c.Findings, f)
		}
	}
	q := &query{}
	q.add(`SELECT COALESCE(SUM(CASE WHEN o.status = 'open' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.status = 'answered' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.status <> 'closed' AND o.due_on < %s THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.status = 'closed' THEN 1 ELSE 0 END), 0)`+
		orderFrom+` WHERE %s`, q.arg(today), orderScope(q, a))
	if err := db.sql.QueryRowContext(ctx, q.String(), q.args...).Scan(&c.Orders.Open, &c.Orders.Answered, &c.Orders.Overdue, &c.Orders.Closed); err != nil {
		return nil, err
	}
	if c.Bulletin, err = db.latestBulletin(ctx, a); err != nil {
		return nil, err
	}
	return c, nil
}
