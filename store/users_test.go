package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

func userNames(us []*stride.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Username)
	}
	return out
}

func TestListUsers(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		dID := roleID(t, db, stride.RoleDept)
		mustCreateUser(t, db, hq, "rita", false, roleID(t, db, stride.RoleHQ))
		mustCreateUser(t, db, dept, "sam", false, dID)
		tom := mustCreateUser(t, db, dept, "tom_x", false, dID)
		mustCreateUser(t, db, hq, "tomas", false)
		if _, err := db.SetUserStatus(ctx, sys, tom.ID, stride.UserDisabled); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			filter stride.UserFilter
			want   []string
		}{
			{"all by id", stride.UserFilter{}, []string{"rita", "sam", "tom_x", "tomas"}},
			{"username descending", stride.UserFilter{Page: stride.Page{Sort: "-username"}}, []string{"tomas", "tom_x", "sam", "rita"}},
			{"query", stride.UserFilter{Query: "TOM"}, []string{"tom_x", "tomas"}},
			{"query underscore is literal", stride.UserFilter{Query: "m_"}, []string{"tom_x"}},
			{"unit", stride.UserFilter{UnitID: dept.ID}, []string{"sam", "tom_x"}},
			{"status", stride.UserFilter{Status: stride.UserDisabled}, []string{"tom_x"}},
			{"role", stride.UserFilter{RoleID: dID, Status: stride.UserActive}, []string{"sam"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.filter
				f.Page.Number, f.Page.Size = 1, 50
				list, err := db.ListUsers(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if got := userNames(list.Items); !slices.Equal(got, tt.want) || list.Total != len(tt.want) {
					t.Fatalf("users %v total %d, want %v", got, list.Total, tt.want)
				}
			})
		}
		list, _ := db.ListUsers(ctx, stride.UserFilter{UnitID: dept.ID, Page: all})
		if r := list.Items[0].Roles; len(r) != 1 || r[0].Code != stride.RoleDept || list.Items[0].UnitName != "经发局" {
			t.Fatalf("sam: roles %+v unit %s", r, list.Items[0].UnitName)
		}
	})
}

// TestListUsersByLastLogin sorts by a column that is NULL for users who never signed in;
// both engines should put them in the same place (first ascending, as the oldest).
func TestListUsersByLastLogin(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "una", false)
		mustCreateUser(t, db, hq, "vic", false)
		mustCreateUser(t, db, hq, "walt", false)
		mustLogin(t, db, "walt", testPassword)
		c.Add(time.Minute)
		mustLogin(t, db, "una", testPassword)
		for _, tt := range []struct {
			sort string
			want []string
		}{
			{"last_login_at", []string{"vic", "walt", "una"}},
			{"-last_login_at", []string{"una", "walt", "vic"}},
		} {
			list, err := db.ListUsers(ctx, stride.UserFilter{Page: stride.Page{Number: 1, Size: 10, Sort: tt.sort}})
			if err != nil {
				t.Fatal(err)
			}
			if got := userNames(list.Items); !slices.Equal(got, tt.want) {
				t.Fatalf("sort %s: %v, want %v", tt.sort, got, tt.want)
			}
		}
	})
}

// TestAccountChangesReachSessions checks that what an administrator changes about an
// account applies to the sessions it already has.
func TestAccountChangesReachSessions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		u := mustCreateUser(t, db, dept, "xena", false, roleID(t, db, stride.RoleOwner))
		token, a := mustLogin(t, db, "xena", testPassword)
		if !a.Can(stride.PermProjectRead) || a.Can(stride.PermProjectUpdate) || a.SeesAll() {
			t.Fatalf("owner actor perms %v", a.PermissionList())
		}

		// A grant applies at the session's next use.
		u, err := db.GrantRoles(ctx, sys, u.ID, stride.GrantInput{RoleIDs: []int64{roleID(t, db, stride.RoleHQ)}, Version: u.Version})
		if err != nil {
			t.Fatal(err)
		}
		if a, err = db.Session(ctx, token, ""); err != nil || !a.Can(stride.PermProjectDelete) || !a.SeesAll() {
			t.Fatalf("after grant: %v, perms %v", err, a.PermissionList())
		}

		// A password reset ends the sessions, clears a lock and forces a change.
		for range 5 {
			db.Login(ctx, store.LoginRequest{Username: "xena", Password: "nope"})
		}
		if err := db.ResetPassword(ctx, sys, u.ID, "Reset#2025x"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, token, ""); !stride.IsCode(err, stride.EUnauthorized) {
			t.Fatalf("session after reset: %v", err)
		}
		token, a = mustLogin(t, db, "xena", "Reset#2025x")
		if !a.MustChangePassword {
			t.Fatal("reset password need not be changed")
		}

		// Disabling ends the sessions and refuses sign-in; enabling allows it again.
		if _, err := db.SetUserStatus(ctx, sys, u.ID, stride.UserDisabled); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, token, ""); !stride.IsCode(err, stride.EUnauthorized) {
			t.Fatalf("session after disable: %v", err)
		}
		if _, _, err := db.Login(ctx, store.LoginRequest{Username: "xena", Password: "Reset#2025x"}); !stride.IsCode(err, stride.EUnauthorized) {
			t.Fatalf("login while disabled: %v", err)
		}
		if _, err := db.SetUserStatus(ctx, sys, u.ID, stride.UserActive); err != nil {
			t.Fatal(err)
		}
		mustLogin(t, db, "xena", "Reset#2025x")

		// Nobody disables their own account.
		if _, err := db.SetUserStatus(ctx, a, a.UserID, stride.UserDisabled); !stride.IsCode(err, stride.EConflict) {
			t.Fatalf("self disable: %v", err)
		}
	})
}
