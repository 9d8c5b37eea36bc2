package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

func roleCodes(u *stride.User) []string {
	out := []string{}
	for _, r := range u.Roles {
		out = append(out, r.Code)
	}
	slices.Sort(out)
	return out
}

func TestGrantRoles(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		sec := mustUser(t, db, hq, "sec", stride.RoleSecAdmin)
		target := mustCreateUser(t, db, hq, "lena", false)
		id := func(code string) int64 { return roleID(t, db, code) }

		tests := []struct {
			name    string
			roles   []int64
			stale   bool
			code    string // "" for success
			want    []string
			wantKey string // field message key for invalid
		}{
			{name: "two business roles", roles: []int64{id(stride.RoleDept), id(stride.RoleOwner)}, want: []string{"dept", "owner"}},
			{name: "sysadmin with a business role", roles: []int64{id(stride.RoleSysAdmin), id(stride.RoleHQ)}, code: stride.EInvalid, wantKey: "user.admin_separate"},
			{name: "business role with secadmin", roles: []int64{id(stride.RoleLeader), id(stride.RoleSecAdmin)}, code: stride.EInvalid, wantKey: "user.admin_separate"},
			{name: "auditor with a business role", roles: []int64{id(stride.RoleAuditor), id(stride.RoleDept)}, code: stride.EInvalid, wantKey: "user.admin_separate"},
			{name: "two admin roles", roles: []int64{id(stride.RoleSysAdmin), id(stride.RoleAuditor)}, code: stride.EInvalid, wantKey: "user.admin_separate"},
			{name: "unknown role", roles: []int64{id(stride.RoleHQ), 99999}, code: stride.EInvalid, wantKey: "user.role_unknown"},
			{name: "stale version", roles: []int64{id(stride.RoleHQ)}, stale: true, code: stride.EConflict},
			{name: "an admin role alone", roles: []int64{id(stride.RoleAuditor)}, want: []string{"auditor"}},
			{name: "the same admin role twice is still alone", roles: []int64{id(stride.RoleSecAdmin), id(stride.RoleSecAdmin)}, want: []string{"secadmin"}},
			{name: "back to a business role", roles: []int64{id(stride.RoleHQ)}, want: []string{"hq"}},
			{name: "no roles", roles: []int64{}, want: []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, err := db.GetUser(ctx, target.ID)
				if err != nil {
					t.Fatal(err)
				}
				version := before.Version
				if tt.stale {
					version--
				}
				mark := auditMark(t, db)
				got, err := db.GrantRoles(ctx, sec, target.ID, stride.GrantInput{RoleIDs: tt.roles, Version: version})
				if tt.code != "" {
					e := wantErr(t, err, tt.code)
					if tt.code == stride.EInvalid {
						wantFields(t, e, map[string]string{"role_ids": tt.wantKey})
					}
					after, _ := db.GetUser(ctx, target.ID)
					if after.Version != before.Version || !slices.Equal(roleCodes(after), roleCodes(before)) {
						t.Fatalf("refused grant changed the user: %v v%d → %v v%d", roleCodes(before), before.Version, roleCodes(after), after.Version)
					}
					if n := len(auditSince(t, db, mark)); n != 0 {
						t.Fatalf("refused grant wrote %d audit rows", n)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(roleCodes(got), tt.want) || got.Version != before.Version+1 {
					t.Fatalf("roles %v version %d, want %v version %d", roleCodes(got), got.Version, tt.want, before.Version+1)
				}
				stored, _ := db.GetUser(ctx, target.ID)
				if !slices.Equal(roleCodes(stored), tt.want) {
					t.Fatalf("stored roles %v, want %v", roleCodes(stored), tt.want)
				}
				entries := auditSince(t, db, mark)
				if len(entries) != 1 || entries[0].Action != "user.grant" || entries[0].Username != "sec" {
					t.Fatalf("audit: %+v", entries)
				}
			})
		}

		// Nobody changes their own roles, not even the security administrator.
		self, _ := db.GetUser(ctx, sec.UserID)
		_, err := db.GrantRoles(ctx, sec, sec.UserID, stride.GrantInput{RoleIDs: []int64{id(stride.RoleSecAdmin)}, Version: self.Version})
		if e := wantErr(t, err, stride.EForbidden); e.Msg.Key != "user.self_grant" {
			t.Fatalf("self grant: %v", err)
		}
		if _, err := db.GrantRoles(ctx, sec, 99999, stride.GrantInput{Version: 1}); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("grant to unknown user: %v", err)
		}
	})
}

func TestAdminRolesLocked(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		for _, code := range []string{stride.RoleSysAdmin, stride.RoleSecAdmin, stride.RoleAuditor} {
			t.Run(code, func(t *testing.T) {
				before, err := db.GetRole(ctx, roleID(t, db, code))
				if err != nil {
					t.Fatal(err)
				}
				in := stride.RoleInput{Code: code, Name: "改名", Permissions: []string{stride.PermProjectRead}, DataScope: stride.ScopeSelf, Version: before.Version}
				if _, err := db.UpdateRole(ctx, sys, before.ID, in); wantErr(t, err, stride.EForbidden).Msg.Key != "role.admin_locked" {
					t.Fatalf("update: %v", err)
				}
				if err := db.DeleteRole(ctx, sys, before.ID); wantErr(t, err, stride.EForbidden).Msg.Key != "role.admin_locked" {
					t.Fatalf("delete: %v", err)
				}
				after, err := db.GetRole(ctx, before.ID)
				if err != nil {
					t.Fatal(err)
				}
				if after.Name != before.Name || after.Version != before.Version || after.DataScope != stride.ScopeAll ||
					!slices.Equal(after.Permissions, before.Permissions) {
					t.Fatalf("admin role changed: %+v → %+v", before, after)
				}
			})
		}
	})
}

func TestDeleteRole(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		held := mustRole(t, db, "held", stride.ScopeUnit)
		free := mustRole(t, db, "free", stride.ScopeSelf)
		holder := mustCreateUser(t, db, hq, "mike", false, held.ID)

		tests := []struct {
			name string
			id   int64
			code string
			key  string
		}{
			{"built-in hq", roleID(t, db, stride.RoleHQ), stride.EConflict, "role.builtin_delete"},
			{"built-in dept", roleID(t, db, stride.RoleDept), stride.EConflict, "role.builtin_delete"},
			{"built-in owner", roleID(t, db, stride.RoleOwner), stride.EConflict, "role.builtin_delete"},
			{"built-in bank", roleID(t, db, stride.RoleBank), stride.EConflict, "role.builtin_delete"},
			{"built-in leader", roleID(t, db, stride.RoleLeader), stride.EConflict, "role.builtin_delete"},
			{"built-in agent", roleID(t, db, stride.RoleAgent), stride.EConflict, "role.builtin_delete"},
			{"custom role held by a user", held.ID, stride.EConflict, "role.in_use"},
			{"unknown role", 99999, stride.ENotFound, "error.not_found"},
			{"custom role nobody holds", free.ID, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				mark := auditMark(t, db)
				err := db.DeleteRole(ctx, sys, tt.id)
				if tt.code == "" {
					if err != nil {
						t.Fatal(err)
					}
					if _, err := db.GetRole(ctx, tt.id); !stride.IsCode(err, stride.ENotFound) {
						t.Fatalf("deleted role: %v", err)
					}
					if e := auditSince(t, db, mark); len(e) != 1 || e[0].Action != "role.delete" {
						t.Fatalf("audit: %+v", e)
					}
					return
				}
				if e := wantErr(t, err, tt.code); e.Msg.Key != tt.key {
					t.Fatalf("message key %s, want %s", e.Msg.Key, tt.key)
				}
				if tt.code == stride.EConflict {
					if _, err := db.GetRole(ctx, tt.id); err != nil {
						t.Fatalf("refused delete removed the role: %v", err)
					}
				}
				if n := len(auditSince(t, db, mark)); n != 0 {
					t.Fatalf("refused delete wrote %d audit rows", n)
				}
			})
		}

		// Once nobody holds it, the custom role can go.
		if _, err := db.GrantRoles(ctx, sys, holder.ID, stride.GrantInput{RoleIDs: nil, Version: holder.Version}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteRole(ctx, sys, held.ID); err != nil {
			t.Fatalf("delete after revoking: %v", err)
		}
	})
}

func TestCustomRole(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		a := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		b := mustUnit(t, db, hq, "住建局", stride.UnitDepartment)

		in := stride.RoleInput{Code: "inspector", Name: "督查员", Description: "督查两个局",
			Permissions: []string{stride.PermProjectUpdate, stride.PermProjectRead, stride.PermProjectRead},
			DataScope:   stride.ScopeCustom, UnitIDs: []int64{b.ID, a.ID, b.ID}}
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
		created, err := db.CreateRole(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetRole(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*stride.Role{created, got} {
			if r.Code != "inspector" || r.Name != "督查员" || r.Description != "督查两个局" || r.Builtin || r.Admin != stride.AdminNone ||
				r.DataScope != stride.ScopeCustom || r.Version != 1 || r.UserCount != 0 || !r.CreatedAt.Equal(c.Now()) ||
				!slices.Equal(r.UnitIDs, []int64{a.ID, b.ID}) ||
				!slices.Equal(r.Permissions, []string{stride.PermProjectRead, stride.PermProjectUpdate}) {
				t.Fatalf("role %+v", r)
			}
		}

		// A user holding it has exactly that scope.
		mustCreateUser(t, db, hq, "nina", false, created.ID)
		_, actor := mustLogin(t, db, "nina", testPassword)
		if len(actor.Scopes) != 1 || actor.Scopes[0].Scope != stride.ScopeCustom || !slices.Equal(slices.Sorted(slices.Values(actor.Scopes[0].UnitIDs)), []int64{a.ID, b.ID}) {
			t.Fatalf("actor scopes %+v", actor.Scopes)
		}
		if !actor.Can(stride.PermProjectUpdate) || actor.Can(stride.PermProjectDelete) {
			t.Fatalf("actor perms %v", actor.PermissionList())
		}

		dup := in
		dup.Name = "重复"
		if _, err := db.CreateRole(ctx, sys, dup); err == nil {
			t.Fatal("duplicate code accepted")
		} else {
			wantFields(t, wantErr(t, err, stride.EConflict), map[string]string{"code": "validate.duplicate"})
		}
		builtinCode := stride.RoleInput{Code: stride.RoleHQ, Name: "假指挥部", DataScope: stride.ScopeAll}
		if _, err := db.CreateRole(ctx, sys, builtinCode); !stride.IsCode(err, stride.EConflict) {
			t.Fatalf("custom role with a built-in code: %v", err)
		}
		missing := stride.RoleInput{Code: "ghost", Name: "幽灵", DataScope: stride.ScopeCustom, UnitIDs: []int64{99999}}
		if _, err := db.CreateRole(ctx, sys, missing); err == nil {
			t.Fatal("unknown unit accepted")
		} else {
			wantFields(t, wantErr(t, err, stride.EInvalid), map[string]string{"unit_ids": "validate.not_exist"})
		}
		if _, err := db.GetRole(ctx, 0); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("get role 0: %v", err)
		}

		// Update: a new scope drops the units; a stale version is refused.
		up := stride.RoleInput{Code: "inspector2", Name: "督查员二", DataScope: stride.ScopeUnitAndDown,
			Permissions: []string{stride.PermProjectRead}, Version: 1}
		if err := up.Validate(); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Minute)
		updated, err := db.UpdateRole(ctx, sys, created.ID, up)
		if err != nil {
			t.Fatal(err)
		}
		if updated.Code != "inspector2" || updated.DataScope != stride.ScopeUnitAndDown || len(updated.UnitIDs) != 0 ||
			!slices.Equal(updated.Permissions, []string{stride.PermProjectRead}) || updated.Version != 2 || updated.UserCount != 1 ||
			!updated.UpdatedAt.Equal(c.Now()) || !updated.CreatedAt.Equal(created.CreatedAt) {
			t.Fatalf("updated role %+v", updated)
		}
		if _, err := db.UpdateRole(ctx, sys, created.ID, up); !stride.IsCode(err, stride.EConflict) {
			t.Fatalf("stale update: %v", err)
		}
		other := mustRole(t, db, "other", stride.ScopeSelf)
		clash := stride.RoleInput{Code: "inspector2", Name: "撞码", DataScope: stride.ScopeSelf, Version: other.Version}
		if _, err := db.UpdateRole(ctx, sys, other.ID, clash); err == nil {
			t.Fatal("update to a taken code accepted")
		} else {
			wantFields(t, wantErr(t, err, stride.EConflict), map[string]string{"code": "validate.duplicate"})
		}
		if got, _ := db.GetRole(ctx, other.ID); got.Code != "other" || got.Version != other.Version {
			t.Fatalf("refused update changed the role: %+v", got)
		}
		if _, err := db.UpdateRole(ctx, sys, 99999, up); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("update unknown role: %v", err)
		}

		// A built-in business role can be edited but keeps its code.
		hqRole, _ := db.GetRole(ctx, roleID(t, db, stride.RoleHQ))
		edit := stride.RoleInput{Code: "renamed", Name: "指挥部（改）", DataScope: stride.ScopeAll,
			Permissions: []string{stride.PermProjectRead}, Version: hqRole.Version}
		edited, err := db.UpdateRole(ctx, sys, hqRole.ID, edit)
		if err != nil {
			t.Fatal(err)
		}
		if edited.Code != stride.RoleHQ || !edited.Builtin || edited.Name != "指挥部（改）" || !slices.Equal(edited.Permissions, []string{stride.PermProjectRead}) {
			t.Fatalf("edited built-in role %+v", edited)
		}
	})
}

func TestEnsureBuiltinRoles(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		first, err := db.ListRoles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if first.Total != len(stride.BuiltinRoles) {
			t.Fatalf("%d roles on a fresh database, want %d", first.Total, len(stride.BuiltinRoles))
		}
		for _, r := range first.Items {
			br, ok := stride.BuiltinRoleByCode(r.Code)
			if !ok || !r.Builtin || r.Admin != br.Admin || r.DataScope != br.Scope || r.Name != br.Name.In(stride.LangZH) ||
				!slices.Equal(slices.Sorted(slices.Values(r.Permissions)), slices.Sorted(slices.Values(br.Perms))) {
				t.Fatalf("built-in role %+v does not match %+v", r, br)
			}
		}

		// Edit a business role the supported way, and tamper with two admin roles directly.
		hq, _ := db.GetRole(ctx, roleID(t, db, stride.RoleHQ))
		edit := stride.RoleInput{Name: "指挥部（改）", DataScope: stride.ScopeUnit, Version: hq.Version,
			Permissions: []string{stride.PermProjectRead, stride.PermProjectUpdate}}
		if _, err := db.UpdateRole(ctx, sys, hq.ID, edit); err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)`, []any{roleID(t, db, stride.RoleSysAdmin), stride.PermProjectDelete}},
			{`DELETE FROM role_permissions WHERE role_id = $1 AND permission = $2`, []any{roleID(t, db, stride.RoleAuditor), stride.PermAuditRead}},
		} {
			if _, err := db.SQL().ExecContext(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}

		mark := auditMark(t, db)
		for range 2 {
			if err := db.EnsureBuiltinRoles(ctx); err != nil {
				t.Fatal(err)
			}
		}
		second, err := db.ListRoles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if second.Total != first.Total {
			t.Fatalf("%d roles after re-running, want %d", second.Total, first.Total)
		}
		for i, r := range second.Items {
			if r.ID != first.Items[i].ID || r.Code != first.Items[i].Code {
				t.Fatalf("role %d is %d/%s, was %d/%s", i, r.ID, r.Code, first.Items[i].ID, first.Items[i].Code)
			}
			br, _ := stride.BuiltinRoleByCode(r.Code)
			switch {
			case r.Code == stride.RoleHQ:
				if r.Name != "指挥部（改）" || r.DataScope != stride.ScopeUnit ||
					!slices.Equal(r.Permissions, []string{stride.PermProjectRead, stride.PermProjectUpdate}) {
					t.Fatalf("edit to hq lost: %+v", r)
				}
			case br.Admin != stride.AdminNone:
				if !slices.Equal(slices.Sorted(slices.Values(r.Permissions)), slices.Sorted(slices.Values(br.Perms))) {
					t.Fatalf("admin role %s has %v, want %v", r.Code, r.Permissions, br.Perms)
				}
			default:
				if !slices.Equal(r.Permissions, first.Items[i].Permissions) {
					t.Fatalf("business role %s changed: %v → %v", r.Code, first.Items[i].Permissions, r.Permissions)
				}
			}
		}
		for _, e := range auditSince(t, db, mark) {
			if e.Action == "role.create" {
				t.Fatalf("re-running created a role: %+v", e)
			}
		}
		// A default a later release adds reaches an existing role once; a default the
		// administrator revoked stays revoked; a role with no record of what it was offered
		// (it predates the record) gets its defaults recorded, not granted.
		dept, _ := db.GetRole(ctx, roleID(t, db, stride.RoleDept))
		brDept, _ := stride.BuiltinRoleByCode(stride.RoleDept)
		added, revoked := brDept.Perms[0], brDept.Perms[1]
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM builtin_role_defaults WHERE role_code = $1 AND permission = $2`, []any{stride.RoleDept, added}},
			{`DELETE FROM role_permissions WHERE role_id = $1 AND permission IN ($2, $3)`, []any{dept.ID, added, revoked}},
			{`DELETE FROM builtin_role_defaults WHERE role_code = $1`, []any{stride.RoleLeader}},
			{`DELETE FROM role_permissions WHERE role_id = $1`, []any{roleID(t, db, stride.RoleLeader)}},
		} {
			if _, err := db.SQL().ExecContext(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		mark = auditMark(t, db)
		for range 2 {
			if err := db.EnsureBuiltinRoles(ctx); err != nil {
				t.Fatal(err)
			}
		}
		dept, _ = db.GetRole(ctx, dept.ID)
		if !slices.Contains(dept.Permissions, added) || slices.Contains(dept.Permissions, revoked) {
			t.Fatalf("dept after a new default %s and a revoked %s: %v", added, revoked, dept.Permissions)
		}
		if updates := auditSince(t, db, mark); len(updates) != 1 || updates[0].Action != "role.update" || updates[0].ObjectID != strconv.FormatInt(dept.ID, 10) {
			t.Fatalf("granting a new default audited as %+v", updates)
		}
		if leader, _ := db.GetRole(ctx, roleID(t, db, stride.RoleLeader)); len(leader.Permissions) != 0 {
			t.Fatalf("a role with no record was granted %v", leader.Permissions)
		}
		var recorded int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM builtin_role_defaults WHERE role_code = $1`, stride.RoleLeader).Scan(&recorded); err != nil || recorded == 0 {
			t.Fatalf("leader's defaults recorded %d times (%v)", recorded, err)
		}

		// A built-in role someone deleted behind the store's back comes back.
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM roles WHERE code = $1`, stride.RoleAgent); err != nil {
			t.Fatal(err)
		}
		if err := db.EnsureBuiltinRoles(ctx); err != nil {
			t.Fatal(err)
		}
		agent, err := db.GetRole(ctx, roleID(t, db, stride.RoleAgent))
		br, _ := stride.BuiltinRoleByCode(stride.RoleAgent)
		if err != nil || !agent.Builtin || !slices.Equal(slices.Sorted(slices.Values(agent.Permissions)), slices.Sorted(slices.Values(br.Perms))) {
			t.Fatalf("agent role recreated as %+v (%v)", agent, err)
		}
	})
}
