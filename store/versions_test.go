package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// versions reads the ledger and auth data versions.
func versions(t *testing.T, db *store.DB) (ledger, auth int64) {
	t.Helper()
	var err error
	if ledger, err = db.LedgerVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT version FROM data_versions WHERE name = 'auth'`).Scan(&auth); err != nil {
		t.Fatal(err)
	}
	return ledger, auth
}

// TestDataVersionsFollowWrites checks, write by write, which data versions move: the
// ledger's for every change a project list or page shows, the auth version for every
// change to what a signed-in actor is made of, and neither for what changes no cache
// (a sign-in, a session's last-seen time).
func TestDataVersionsFollowWrites(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		ent := mustUnit(t, db, dept, "甲公司", stride.UnitEnterprise)
		role := mustRole(t, db, "reader", stride.ScopeUnit)
		u := mustCreateUser(t, db, dept, "mona", false, role.ID)
		token, a := mustLogin(t, db, "mona", testPassword)
		p := mustProject(t, db, sys, "P", ent, dept)
		fresh := func(p *stride.Project) *stride.Project {
			got, err := db.GetProject(ctx, sys, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		var report *stride.MonthlyReport
		var extraUnit *stride.Unit

		tests := []struct {
			name         string
			ledger, auth bool // whether each version must move
			write        func(t *testing.T) error
		}{
			{"sign-in", false, false, func(t *testing.T) error {
				_, _, err := db.Login(ctx, store.LoginRequest{Username: "mona", Password: testPassword})
				return err
			}},
			{"failed sign-in", false, false, func(t *testing.T) error {
				db.Login(ctx, store.LoginRequest{Username: "mona", Password: "Wrong@2025"})
				return nil
			}},
			{"session last seen rewritten", false, false, func(t *testing.T) error {
				c.Add(2 * time.Minute)
				_, err := db.Session(ctx, token, "")
				return err
			}},
			{"project created", true, false, func(t *testing.T) error {
				_, err := db.CreateProject(ctx, sys, projectInput("Q", ent, dept))
				return err
			}},
			{"project updated", true, false, func(t *testing.T) error {
				in := inputOf(t, fresh(p))
				in.Name = "P2"
				_, err := db.UpdateProject(ctx, sys, p.ID, in)
				return err
			}},
			{"co-unit added", true, false, func(t *testing.T) error {
				in := inputOf(t, fresh(p))
				in.CoUnitIDs = []int64{hq.ID}
				_, err := db.UpdateProject(ctx, sys, p.ID, in)
				return err
			}},
			{"plan saved", true, false, func(t *testing.T) error {
				_, err := db.SavePlan(ctx, sys, p.ID, 2025, stride.PlanInput{Investment: 12 * 1_000_000})
				return err
			}},
			{"plan approved", true, false, func(t *testing.T) error {
				plan, err := db.GetPlan(ctx, sys, p.ID, 2025)
				if err != nil {
					return err
				}
				_, err = db.ApprovePlan(ctx, sys, p.ID, 2025, plan.Version)
				return err
			}},
			{"report submitted", true, false, func(t *testing.T) error {
				var err error
				report, err = db.SubmitReport(ctx, sys, p.ID, stride.ReportInput{Year: 2025, Month: 2, Investment: 1_000_000, Progress: "开工"})
				return err
			}},
			{"report approved", true, false, func(t *testing.T) error {
				_, err := db.ReviewReport(ctx, sys, report.ID, true, "", report.Version)
				return err
			}},
			{"lights recomputed, none changed", false, false, func(t *testing.T) error {
				_, err := db.RecomputeLights(ctx)
				return err
			}},
			{"lights recomputed, one changed", true, false, func(t *testing.T) error {
				// A stored light the project's facts no longer give is deleted by the recompute.
				if _, err := db.SQL().ExecContext(ctx, `INSERT INTO project_lights (project_id, dimension, color, reasons, computed_at)
					VALUES ($1, 'investment', 'red', '[]', $2)`, p.ID, c.Now().UTC()); err != nil {
					return err
				}
				_, err := db.RecomputeLights(ctx)
				return err
			}},
			{"unit created", true, true, func(t *testing.T) error {
				var err error
				extraUnit, err = db.CreateUnit(ctx, sys, stride.UnitInput{ParentID: &hq.ID, Name: "住建局", Kind: stride.UnitDepartment})
				return err
			}},
			{"unit renamed", true, true, func(t *testing.T) error {
				_, err := db.UpdateUnit(ctx, sys, extraUnit.ID, stride.UnitInput{ParentID: &hq.ID, Name: "住房和城乡建设局",
					Kind: stride.UnitDepartment, Version: extraUnit.Version})
				return err
			}},
			{"unit deleted", true, true, func(t *testing.T) error {
				return db.DeleteUnit(ctx, sys, extraUnit.ID)
			}},
			{"project deleted", true, false, func(t *testing.T) error {
				q := mustProject(t, db, sys, "R", ent, dept)
				return db.DeleteProject(ctx, sys, q.ID)
			}},
			{"ledger imported", true, true, func(t *testing.T) error { // the import creates units
				_, _, err := db.CommitImport(ctx, sys, 2025, ledgerRows())
				return err
			}},
			{"user profile updated", false, true, func(t *testing.T) error {
				cur, _ := db.GetUser(ctx, u.ID)
				_, err := db.UpdateUser(ctx, sys, u.ID, stride.UserInput{Name: "莫娜", UnitID: dept.ID, Version: cur.Version})
				return err
			}},
			{"roles granted", false, true, func(t *testing.T) error {
				cur, _ := db.GetUser(ctx, u.ID)
				_, err := db.GrantRoles(ctx, sys, u.ID, stride.GrantInput{RoleIDs: []int64{role.ID, roleID(t, db, stride.RoleDept)}, Version: cur.Version})
				return err
			}},
			{"role edited", false, true, func(t *testing.T) error {
				r, _ := db.GetRole(ctx, role.ID)
				_, err := db.UpdateRole(ctx, sys, role.ID, stride.RoleInput{Code: r.Code, Name: "读者", DataScope: r.DataScope,
					Permissions: r.Permissions, Version: r.Version})
				return err
			}},
			{"security policy changed", true, true, func(t *testing.T) error {
				pol, _ := db.SecurityPolicy(ctx)
				pol.IdleTimeoutMinutes = 20
				_, err := db.UpdateSecurityPolicy(ctx, sys, pol)
				return err
			}},
			{"account locked", false, false, func(t *testing.T) error {
				for range 5 {
					db.Login(ctx, store.LoginRequest{Username: "mona", Password: "Wrong@2025"})
				}
				return nil
			}},
			{"account unlocked", false, false, func(t *testing.T) error {
				_, err := db.UnlockUser(ctx, sys, u.ID)
				return err
			}},
			{"own password changed", false, true, func(t *testing.T) error {
				return db.ChangeOwnPassword(ctx, a, testPassword, "Better#2025x")
			}},
			{"expired sessions swept", false, true, func(t *testing.T) error {
				c.Add(25 * time.Minute)
				n, err := db.DeleteExpiredSessions(ctx)
				if err == nil && n == 0 {
					t.Fatal("no session to sweep")
				}
				return err
			}},
			{"logout", false, true, func(t *testing.T) error {
				_, b := mustLogin(t, db, "mona", "Better#2025x")
				return db.Logout(ctx, b, "")
			}},
			{"password reset", false, true, func(t *testing.T) error {
				return db.ResetPassword(ctx, sys, u.ID, "Reset#2025x")
			}},
			{"account disabled", false, true, func(t *testing.T) error {
				_, err := db.SetUserStatus(ctx, sys, u.ID, stride.UserDisabled)
				return err
			}},
		}
		for _, tt := range tests {
			ledger, auth := versions(t, db)
			if err := tt.write(t); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			ledger2, auth2 := versions(t, db)
			if (ledger2 != ledger) != tt.ledger || (auth2 != auth) != tt.auth {
				t.Errorf("%s: ledger %d → %d (want moved: %v), auth %d → %d (want moved: %v)",
					tt.name, ledger, ledger2, tt.ledger, auth, auth2, tt.auth)
			}
		}
	})
}
