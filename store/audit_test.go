package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// decode reads an audit entry's before or after image; null stays the zero T.
func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if raw == nil {
		t.Fatal("image is absent")
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

func TestAuditEveryWrite(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		ent := mustUnit(t, db, dept, "甲公司", stride.UnitEnterprise)
		sysadm := mustUser(t, db, hq, "sysadm", stride.RoleSysAdmin)
		secadm := mustUser(t, db, hq, "secadm", stride.RoleSecAdmin)
		hqUser := mustUser(t, db, hq, "hquser", stride.RoleHQ)
		owner := mustUser(t, db, ent, "owner", stride.RoleOwner)
		banker := mustUser(t, db, mustUnit(t, db, hq, "银行", stride.UnitBank), "banker", stride.RoleBank)

		var (
			olga    *stride.User
			olgaA   *stride.Actor
			role    *stride.Role
			project *stride.Project
		)
		type step struct {
			name   string
			actor  *stride.Actor
			run    func(a *stride.Actor) (objectID string, err error)
			code   string // error code for a refused write, which must leave no audit row
			action string
			object string // object type
			check  func(t *testing.T, e *stride.AuditEntry)
		}
		steps := []step{
			{name: "create user", actor: sysadm, action: "user.create", object: "user",
				run: func(a *stride.Actor) (string, error) {
					u, err := db.CreateUser(ctx, a, stride.UserInput{Username: "olga", Name: "Olga", UnitID: dept.ID, Phone: "13812345678", Password: testPassword}, true)
					if err == nil {
						olga = u
						return strconv.FormatInt(u.ID, 10), nil
					}
					return "", err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					if e.Before != nil {
						t.Fatalf("before %s", e.Before)
					}
					after := decode[stride.User](t, e.After)
					if after.Username != "olga" || after.UnitID != dept.ID || !after.MustChangePassword || after.Version != 1 || after.Phone != "138****5678" {
						t.Fatalf("after %+v", after)
					}
					if raw := string(e.After); strings.Contains(raw, "argon2") || strings.Contains(raw, "13812345678") {
						t.Fatalf("audit image leaks a secret: %s", raw)
					}
				}},
			{name: "duplicate username is refused", actor: sysadm, code: stride.EConflict,
				run: func(a *stride.Actor) (string, error) {
					_, err := db.CreateUser(ctx, a, stride.UserInput{Username: "OLGA", Name: "Olga 2", UnitID: dept.ID, Password: testPassword}, true)
					return "", err
				}},
			{name: "grant roles", actor: secadm, action: "user.grant", object: "user",
				run: func(a *stride.Actor) (string, error) {
					u, err := db.GrantRoles(ctx, a, olga.ID, stride.GrantInput{RoleIDs: []int64{roleID(t, db, stride.RoleDept)}, Version: olga.Version})
					if err == nil {
						olga = u
					}
					return strconv.FormatInt(olga.ID, 10), err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.User](t, e.Before), decode[stride.User](t, e.After)
					if len(before.Roles) != 0 || len(after.Roles) != 1 || after.Roles[0].Code != stride.RoleDept || before.Version != 1 || after.Version != 2 {
						t.Fatalf("before %+v after %+v", before.Roles, after.Roles)
					}
				}},
			{name: "stale grant is refused", actor: secadm, code: stride.EConflict,
				run: func(a *stride.Actor) (string, error) {
					_, err := db.GrantRoles(ctx, a, olga.ID, stride.GrantInput{RoleIDs: []int64{}, Version: 1})
					return "", err
				}},
			{name: "own grant is refused", actor: secadm, code: stride.EForbidden,
				run: func(a *stride.Actor) (string, error) {
					_, err := db.GrantRoles(ctx, a, a.UserID, stride.GrantInput{RoleIDs: []int64{}, Version: 2})
					return "", err
				}},
			{name: "failed logins write only the login log", code: stride.EUnauthorized,
				run: func(*stride.Actor) (string, error) {
					var err error
					for range 5 {
						_, _, err = db.Login(ctx, store.LoginRequest{Username: "olga", Password: "nope"})
					}
					return "", err
				}},
			{name: "unlock", actor: secadm, action: "user.unlock", object: "user",
				run: func(a *stride.Actor) (string, error) {
					u, err := db.UnlockUser(ctx, a, olga.ID)
					if err == nil {
						olga = u
					}
					return strconv.FormatInt(olga.ID, 10), err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.User](t, e.Before), decode[stride.User](t, e.After)
					if !before.Locked || before.LockedUntil == nil || after.Locked || after.LockedUntil != nil {
						t.Fatalf("before locked %v, after locked %v", before.Locked, after.Locked)
					}
				}},
			// olga acts herself; her actor exists only once she signs in.
			{name: "change own password", action: "user.change_password", object: "user",
				run: func(*stride.Actor) (string, error) {
					_, olgaA = mustLogin(t, db, "olga", testPassword)
					return strconv.FormatInt(olga.ID, 10), db.ChangeOwnPassword(ctx, olgaA, testPassword, "Fresh#2025x")
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					if e.Username != "olga" || e.UnitName != "经发局" || e.Before != nil || e.After != nil {
						t.Fatalf("entry %+v", e)
					}
				}},
			{name: "create role", actor: secadm, action: "role.create", object: "role",
				run: func(a *stride.Actor) (string, error) {
					r, err := db.CreateRole(ctx, a, stride.RoleInput{Code: "insp", Name: "督查", DataScope: stride.ScopeCustom,
						UnitIDs: []int64{ent.ID}, Permissions: []string{stride.PermProjectRead}})
					if err != nil {
						return "", err
					}
					role = r
					return strconv.FormatInt(r.ID, 10), nil
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					after := decode[stride.Role](t, e.After)
					if e.Before != nil || after.Code != "insp" || after.DataScope != stride.ScopeCustom || !slices.Equal(after.UnitIDs, []int64{ent.ID}) {
						t.Fatalf("before %s after %+v", e.Before, after)
					}
				}},
			{name: "update role", actor: secadm, action: "role.update", object: "role",
				run: func(a *stride.Actor) (string, error) {
					_, err := db.UpdateRole(ctx, a, role.ID, stride.RoleInput{Code: "insp", Name: "督查组", DataScope: stride.ScopeUnit,
						Permissions: []string{stride.PermProjectRead, stride.PermProjectUpdate}, Version: 1})
					return strconv.FormatInt(role.ID, 10), err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.Role](t, e.Before), decode[stride.Role](t, e.After)
					if before.Name != "督查" || after.Name != "督查组" || before.Version != 1 || after.Version != 2 ||
						len(before.Permissions) != 1 || len(after.Permissions) != 2 || len(after.UnitIDs) != 0 {
						t.Fatalf("before %+v after %+v", before, after)
					}
				}},
			{name: "update an admin role is refused", actor: secadm, code: stride.EForbidden,
				run: func(a *stride.Actor) (string, error) {
					_, err := db.UpdateRole(ctx, a, roleID(t, db, stride.RoleAuditor), stride.RoleInput{Name: "x", DataScope: stride.ScopeAll, Version: 1})
					return "", err
				}},
			{name: "delete role", actor: secadm, action: "role.delete", object: "role",
				run: func(a *stride.Actor) (string, error) {
					return strconv.FormatInt(role.ID, 10), db.DeleteRole(ctx, a, role.ID)
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					if before := decode[stride.Role](t, e.Before); before.Code != "insp" || before.Name != "督查组" || e.After != nil {
						t.Fatalf("before %+v after %s", before, e.After)
					}
				}},
			{name: "create project", actor: hqUser, action: "project.create", object: "project",
				run: func(a *stride.Actor) (string, error) {
					in := projectInput("审计项目", ent, dept)
					in.Code = "2025-320100-48-01-000009"
					in.TotalInvestment = 12_345_670_000 // 12345.67万元
					p, err := db.CreateProject(ctx, a, in)
					if err != nil {
						return "", err
					}
					project = p
					return strconv.FormatInt(p.ID, 10), nil
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					after := decode[stride.Project](t, e.After)
					if e.Before != nil || after.Name != "审计项目" || after.TotalInvestment != 12_345_670_000 || after.CreatedBy == nil ||
						*after.CreatedBy != hqUser.UserID || after.OwnerUnitName != "甲公司" {
						t.Fatalf("before %s after %+v", e.Before, after)
					}
				}},
			{name: "create with a taken code is refused", actor: hqUser, code: stride.EConflict,
				run: func(a *stride.Actor) (string, error) {
					in := projectInput("重号", ent, dept)
					in.Code = "2025-320100-48-01-000009"
					_, err := db.CreateProject(ctx, a, in)
					return "", err
				}},
			{name: "update project", actor: hqUser, action: "project.update", object: "project",
				run: func(a *stride.Actor) (string, error) {
					in := inputOf(t, project)
					in.Name = "审计项目（改）"
					in.Stage = stride.StageConstruction
					p, err := db.UpdateProject(ctx, a, project.ID, in)
					if err == nil {
						project = p
					}
					return strconv.FormatInt(project.ID, 10), err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.Project](t, e.Before), decode[stride.Project](t, e.After)
					if before.Name != "审计项目" || after.Name != "审计项目（改）" || before.Stage != stride.StagePlanning ||
						after.Stage != stride.StageConstruction || before.Version != 1 || after.Version != 2 {
						t.Fatalf("before %+v after %+v", before, after)
					}
				}},
			{name: "stale project update is refused", actor: hqUser, code: stride.EConflict,
				run: func(a *stride.Actor) (string, error) {
					in := inputOf(t, project)
					in.Version = 1
					_, err := db.UpdateProject(ctx, a, project.ID, in)
					return "", err
				}},
			{name: "project moved out of scope is refused", actor: owner, code: stride.EForbidden,
				run: func(a *stride.Actor) (string, error) {
					in := inputOf(t, project)
					in.OwnerUnitID = dept.ID
					_, err := db.UpdateProject(ctx, a, project.ID, in)
					return "", err
				}},
			{name: "delete out of scope is refused", actor: banker, code: stride.ENotFound,
				run: func(a *stride.Actor) (string, error) {
					return "", db.DeleteProject(ctx, a, project.ID)
				}},
			{name: "delete project", actor: hqUser, action: "project.delete", object: "project",
				run: func(a *stride.Actor) (string, error) {
					return strconv.FormatInt(project.ID, 10), db.DeleteProject(ctx, a, project.ID)
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					if before := decode[stride.Project](t, e.Before); before.ID != project.ID || before.Version != 2 || e.After != nil {
						t.Fatalf("before %+v after %s", before, e.After)
					}
				}},
			{name: "update settings", actor: sysadm, action: "setting.update", object: "setting",
				run: func(a *stride.Actor) (string, error) {
					s := stride.DefaultSettings()
					s.PlatformName = "提速平台"
					_, err := db.UpdateSettings(ctx, a, s)
					return "system", err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.Settings](t, e.Before), decode[stride.Settings](t, e.After)
					if before != stride.DefaultSettings() || after.PlatformName != "提速平台" || after.ZoneName != "开发区" {
						t.Fatalf("before %+v after %+v", before, after)
					}
				}},
			{name: "stale settings are refused", actor: sysadm, code: stride.EConflict,
				run: func(a *stride.Actor) (string, error) {
					_, err := db.UpdateSettings(ctx, a, stride.DefaultSettings())
					return "", err
				}},
			{name: "update security policy", actor: secadm, action: "setting.update", object: "setting",
				run: func(a *stride.Actor) (string, error) {
					p := stride.DefaultSecurityPolicy()
					p.LockoutThreshold = 6
					_, err := db.UpdateSecurityPolicy(ctx, a, p)
					return "security", err
				},
				check: func(t *testing.T, e *stride.AuditEntry) {
					before, after := decode[stride.SecurityPolicy](t, e.Before), decode[stride.SecurityPolicy](t, e.After)
					if before != stride.DefaultSecurityPolicy() || after.LockoutThreshold != 6 {
						t.Fatalf("before %+v after %+v", before, after)
					}
				}},
		}

		times := map[string]time.Time{}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				c.Add(time.Minute)
				mark := auditMark(t, db)
				id, err := s.run(s.actor)
				entries := auditSince(t, db, mark)
				if s.code != "" {
					wantErr(t, err, s.code)
					if len(entries) != 0 {
						t.Fatalf("refused write left %d audit rows: %+v", len(entries), entries[0])
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(entries) != 1 {
					t.Fatalf("%d audit rows, want 1: %+v", len(entries), entries)
				}
				e := entries[0]
				a := s.actor
				if a == nil {
					a = olgaA
				}
				if e.Action != s.action || e.ObjectType != s.object || e.ObjectID != id || e.Outcome != stride.OutcomeSuccess ||
					!e.At.Equal(c.Now()) || e.Username != a.Username || e.UnitName != a.UnitName || e.IP != "127.0.0.1" ||
					e.UserID == nil || *e.UserID != a.UserID {
					t.Fatalf("entry %+v, want %s on %s %s by %s", e, s.action, s.object, id, a.Username)
				}
				s.check(t, e)
				times[s.name] = c.Now()
			})
		}

		// The filters select what they say.
		filters := []struct {
			name    string
			filter  stride.AuditFilter
			actions []string // newest first
		}{
			{"object type", stride.AuditFilter{ObjectType: "project"}, []string{"project.delete", "project.update", "project.create"}},
			{"username", stride.AuditFilter{Username: "SECADM"}, []string{"setting.update", "role.delete", "role.update", "role.create", "user.unlock", "user.grant"}},
			{"action", stride.AuditFilter{Action: "role.", ObjectType: "role", Username: "secadm"}, []string{"role.delete", "role.update", "role.create"}},
			{"action and user", stride.AuditFilter{Action: "user.grant", Username: "secadm"}, []string{"user.grant"}},
			{"time window", stride.AuditFilter{From: times["update role"], To: times["delete role"]}, []string{"role.update"}},
			{"from", stride.AuditFilter{From: times["update settings"]}, []string{"setting.update", "setting.update"}},
			{"outcome", stride.AuditFilter{Outcome: stride.OutcomeDenied}, []string{}},
		}
		for _, f := range filters {
			t.Run("filter "+f.name, func(t *testing.T) {
				f.filter.Page = all
				list, err := db.ListAudit(ctx, f.filter)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, e := range list.Items {
					got = append(got, e.Action)
				}
				if !slices.Equal(got, f.actions) || list.Total != len(f.actions) {
					t.Fatalf("actions %v total %d, want %v", got, list.Total, f.actions)
				}
			})
		}
		// A page whose listing was counted already answers that count and the same rows.
		t.Run("known total", func(t *testing.T) {
			f := stride.AuditFilter{Username: "secadm", Page: stride.Page{Number: 2, Size: 2}}
			counted, err := db.ListAudit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			f.Page.KnownTotal = 1000
			known, err := db.ListAudit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if known.Total != 1000 || len(known.Items) != 2 || known.Items[0].ID != counted.Items[0].ID || known.Items[1].ID != counted.Items[1].ID {
				t.Fatalf("with a known total: %d rows, total %d; counted: %d rows", len(known.Items), known.Total, len(counted.Items))
			}
		})
		// RecordDenied writes a denied row.
		if err := db.RecordDenied(ctx, owner, "project.delete", "project", "42"); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListAudit(ctx, stride.AuditFilter{Outcome: stride.OutcomeDenied, Page: all})
		if err != nil || list.Total != 1 || list.Items[0].Username != "owner" || list.Items[0].ObjectID != "42" {
			t.Fatalf("denied rows %+v (%v)", list, err)
		}
	})
}

func TestLogsAppendOnly(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustUser(t, db, hq, "pam", "")
		db.Login(ctx, store.LoginRequest{Username: "pam", Password: "nope"})

		dump := func(table string) []string {
			rows, err := db.SQL().QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			var out []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprint(vals...))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			return out
		}
		type stmt struct{ table, sql string }
		stmts := []stmt{
			{"audit_log", `UPDATE audit_log SET action = 'x'`},
			{"audit_log", `UPDATE audit_log SET before_json = NULL, after_json = NULL WHERE id = (SELECT MAX(id) FROM audit_log)`},
			{"audit_log", `DELETE FROM audit_log`},
			{"audit_log", `DELETE FROM audit_log WHERE id = (SELECT MIN(id) FROM audit_log)`},
			{"audit_log", `INSERT INTO audit_log (id, at, action, outcome) SELECT id, at, 'x', outcome FROM audit_log WHERE id = 1
				ON CONFLICT (id) DO UPDATE SET action = 'x'`},
			{"login_log", `UPDATE login_log SET outcome = 'x'`},
			{"login_log", `UPDATE login_log SET username = 'someone' WHERE id = (SELECT MAX(id) FROM login_log)`},
			{"login_log", `DELETE FROM login_log`},
			{"login_log", `INSERT INTO login_log (id, at, username, outcome) SELECT id, at, 'someone', 'x' FROM login_log WHERE id = 1
				ON CONFLICT (id) DO UPDATE SET outcome = 'x'`},
		}
		switch db.Dialect() {
		case store.Postgres:
			stmts = append(stmts, stmt{"audit_log", `TRUNCATE audit_log`}, stmt{"login_log", `TRUNCATE login_log`})
		case store.SQLite:
			// REPLACE deletes the old row without firing delete triggers (SQLite fires them
			// only with recursive_triggers on): an insert trigger has to refuse it.
			stmts = append(stmts,
				stmt{"audit_log", `INSERT OR REPLACE INTO audit_log (id, at, action, outcome) SELECT id, at, 'x', outcome FROM audit_log WHERE id = 1`},
				stmt{"audit_log", `REPLACE INTO audit_log (id, at, action, outcome) SELECT id, at, 'x', outcome FROM audit_log WHERE id = 2`},
				stmt{"login_log", `INSERT OR REPLACE INTO login_log (id, at, username, outcome) SELECT id, at, 'someone', 'x' FROM login_log WHERE id = 1`})
		}
		for _, s := range stmts {
			t.Run(s.sql, func(t *testing.T) {
				before := dump(s.table)
				if len(before) == 0 {
					t.Fatalf("%s is empty; the statement would prove nothing", s.table)
				}
				if _, err := db.SQL().ExecContext(ctx, s.sql); err == nil {
					t.Fatalf("%s succeeded", s.sql)
				}
				if after := dump(s.table); !slices.Equal(after, before) {
					t.Fatalf("%s changed:\n%v\n→\n%v", s.table, before, after)
				}
			})
		}
		// Appending still works.
		mustLogin(t, db, "pam", testPassword)
		if got := outcomes(loginLog(t, db, "pam")); !slices.Equal(got, []string{stride.LoginSuccess, stride.LoginBadPassword, stride.LoginSuccess}) {
			t.Fatalf("login log %v", got)
		}
	})
}
