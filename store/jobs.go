package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stride-hq/stride"
)

// ClaimJob records that this process runs job name for key (a day, a month) and reports
// whether it won the claim: of several processes on one database, exactly one does.
func (db *DB) ClaimJob(ctx context.Context, name, key string) (bool, error) {
	res, err := db.sql.ExecContext(ctx, `INSERT INTO job_runs (name, run_key, started_at) VALUES ($1, $2, $3)
		ON CONFLICT (name, run_key) DO NOTHING`, name, key, db.now().UTC())
	if err != nil {
		return false, fmt.Errorf("store: claim job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishJob records how a claimed run ended.
func (db *DB) FinishJob(ctx context.Context, name, key, outcome string) error {
	_, err := db.sql.ExecContext(ctx, `UPDATE job_runs SET finished_at = $1, outcome = $2 WHERE name = $3 AND run_key = $4`,
		db.now().UTC(), outcome, name, key)
	return err
}

// SnapshotLights keeps every project's current lights as the month's history entry
// (month "2006-01"), replacing an earlier snapshot of the same month.
func (db *DB) SnapshotLights(ctx context.Context, month string) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.light, pl.dimension, pl.color, pl.reasons FROM projects p
			LEFT JOIN project_lights pl ON pl.project_id = p.id ORDER BY p.id, pl.dimension`)
		if err != nil {
			return err
		}
		type snap struct {
			id     int64
			color  string
			lights []json.RawMessage
		}
		var snaps []*snap
		for rows.Next() {
			var id int64
			var light string
			var dim, color, reasons sql.NullString
			if err := rows.Scan(&id, &light, &dim, &color, &reasons); err != nil {
				rows.Close()
				return err
			}
			if len(snaps) == 0 || snaps[len(snaps)-1].id != id {
				snaps = append(snaps, &snap{id: id, color: light, lights: []json.RawMessage{}})
			}
			if dim.Valid {
				b, _ := json.Marshal(map[string]any{"dimension": dim.String, "color": color.String, "reasons": json.RawMessage(reasons.String)})
				snaps[len(snaps)-1].lights = append(snaps[len(snaps)-1].lights, b)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM light_snapshots WHERE month = $1`, month); err != nil {
			return err
		}
		now := db.now().UTC()
		values := make([][]any, len(snaps))
		for i, s := range snaps {
			b, _ := json.Marshal(s.lights)
			values[i] = []any{s.id, month, s.color, string(b), now}
		}
		n = len(values)
		return insertRows(ctx, tx, "light_snapshots", []string{"project_id", "month", "color", "lights", "taken_at"}, values, "")
	})
	return n, err
}

// FlagMissingReports puts a to-do on the owner's and the lead unit's lists for every
// project whose report for the due month is missing on asOf; each to-do is posted once.
func (db *DB) FlagMissingReports(ctx context.Context, asOf stride.Date) (int, error) {
	settings, err := db.LightSettings(ctx)
	if err != nil {
		return 0, err
	}
	period := settings.DuePeriod(asOf.Year, asOf)
	if period == 0 {
		return 0, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT p.id, p.name, p.owner_unit_id, p.lead_unit_id FROM projects p
		JOIN annual_plans ap ON ap.project_id = p.id AND ap.year = $1 AND ap.investment > 0
		WHERE p.stage NOT IN ('planning', 'reserve', 'terminated')
		AND COALESCE(p.start_actual, p.start_planned, $3) <= $3 -- as stride.FirstReportMonth
		AND NOT EXISTS (SELECT 1 FROM project_months pm WHERE pm.project_id = p.id AND pm.year = $1 AND pm.month = $2 AND pm.reported)`,
		asOf.Year, period, stride.NewDate(asOf.Year, time.Month(period+1), 0))
	if err != nil {
		return 0, err
	}
	type missing struct {
		id, owner, lead int64
		name            string
	}
	var list []missing
	for rows.Next() {
		var m missing
		if err := rows.Scan(&m.id, &m.name, &m.owner, &m.lead); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	err = db.tx(ctx, func(tx *sql.Tx) error {
		for _, m := range list {
			link := fmt.Sprintf("/projects/%d?tab=reports", m.id)
			msg := stride.Message{Kind: "todo", Link: link,
				TitleMsg: stride.Msg{Key: "notify.report_missing", Args: []any{m.name, asOf.Year, period}},
				BodyMsg:  stride.Msg{Key: "notify.report_missing_body", Args: []any{settings.ReportDeadlineDay}}}
			for _, unit := range []int64{m.owner, m.lead} {
				key := fmt.Sprintf("report-missing:%d:%d-%02d:%d", m.id, asOf.Year, period, unit)
				if err := db.PostUnitMessage(ctx, tx, unit, msg, key); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}
