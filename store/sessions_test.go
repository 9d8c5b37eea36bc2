package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

// twoProcesses runs fn once per engine with one fresh database opened twice, as two
// server processes behind a load balancer would: what one caches, the other changes.
func twoProcesses(t *testing.T, fn func(t *testing.T, db, other *store.DB, c *clock)) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			c := storetest.NewClock(time.Date(2025, 3, 31, 2, 0, 0, 0, time.UTC))
			dsn := e.DSN(t)
			fn(t, storetest.Open(t, dsn, c.Now), storetest.Open(t, dsn, c.Now), c)
		})
	}
}

// TestSessionCacheFollowsChanges signs a user in, reads its session twice through one
// process (so the actor is held in memory), changes something through the other process,
// and checks the very next read.
func TestSessionCacheFollowsChanges(t *testing.T) {
	twoProcesses(t, func(t *testing.T, db, other *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		dept := mustUnit(t, db, hq, "经发局", stride.UnitDepartment)
		dept2 := mustUnit(t, db, hq, "住建局", stride.UnitDepartment)
		n := 0
		// signIn creates a user holding a role of its own, signs it in and reads the
		// session twice through db.
		// wait passes between the account's creation and the sign-in.
		signIn := func(t *testing.T, mustChange bool, wait ...time.Duration) (string, *stride.User, *stride.Role) {
			t.Helper()
			n++
			name := "user" + string(rune('a'+n))
			role := mustRole(t, db, "role"+string(rune('a'+n)), stride.ScopeUnit)
			u := mustCreateUser(t, db, dept, name, mustChange, role.ID)
			for _, d := range wait {
				c.Add(d)
			}
			token, _ := mustLogin(t, db, name, testPassword)
			for range 2 {
				if _, err := db.Session(ctx, token, "10.0.0.1"); err != nil {
					t.Fatal(err)
				}
			}
			return token, u, role
		}
		actorOf := func(t *testing.T, token string) *stride.Actor {
			t.Helper()
			a, err := other.Session(ctx, token, "10.0.0.2")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		unauthorized := func(t *testing.T, token string) {
			t.Helper()
			if a, err := db.Session(ctx, token, ""); !stride.IsCode(err, stride.EUnauthorized) {
				t.Fatalf("session after the change: %v, %+v", err, a)
			}
		}
		current := func(t *testing.T, token string) *stride.Actor {
			t.Helper()
			a, err := db.Session(ctx, token, "10.0.0.3")
			if err != nil {
				t.Fatal(err)
			}
			if a.IP != "10.0.0.3" {
				t.Fatalf("actor IP %q, want the request's", a.IP)
			}
			return a
		}

		t.Run("logout", func(t *testing.T) {
			token, _, _ := signIn(t, false)
			if err := other.Logout(ctx, actorOf(t, token), ""); err != nil {
				t.Fatal(err)
			}
			unauthorized(t, token)
		})
		t.Run("disabled account", func(t *testing.T) {
			token, u, _ := signIn(t, false)
			if _, err := other.SetUserStatus(ctx, sys, u.ID, stride.UserDisabled); err != nil {
				t.Fatal(err)
			}
			unauthorized(t, token)
		})
		t.Run("password reset by an administrator", func(t *testing.T) {
			token, u, _ := signIn(t, false)
			if err := other.ResetPassword(ctx, sys, u.ID, "Another#2025"); err != nil {
				t.Fatal(err)
			}
			unauthorized(t, token)
		})
		t.Run("own password changed in another session", func(t *testing.T) {
			token, u, _ := signIn(t, true)
			second, _ := mustLogin(t, db, u.Username, testPassword)
			if a := current(t, second); !a.MustChangePassword {
				t.Fatal("must change the password before the change")
			}
			if err := other.ChangeOwnPassword(ctx, actorOf(t, second), testPassword, "Changed#2025"); err != nil {
				t.Fatal(err)
			}
			unauthorized(t, token)
			if a := current(t, second); a.MustChangePassword {
				t.Fatal("the changing session still must change its password")
			}
		})
		t.Run("permission taken from the role", func(t *testing.T) {
			token, _, role := signIn(t, false)
			if a := current(t, token); !a.Can(stride.PermProjectUpdate) {
				t.Fatal("no update permission to begin with")
			}
			in := stride.RoleInput{Code: role.Code, Name: role.Name, DataScope: role.DataScope,
				Permissions: []string{stride.PermProjectRead}, Version: role.Version}
			if _, err := other.UpdateRole(ctx, sys, role.ID, in); err != nil {
				t.Fatal(err)
			}
			if a := current(t, token); a.Can(stride.PermProjectUpdate) || !a.Can(stride.PermProjectRead) {
				t.Fatalf("permissions after the edit: %v", a.PermissionList())
			}
		})
		t.Run("role scope changed", func(t *testing.T) {
			token, _, role := signIn(t, false)
			in := stride.RoleInput{Code: role.Code, Name: role.Name, DataScope: stride.ScopeCustom, UnitIDs: []int64{dept2.ID},
				Permissions: role.Permissions, Version: role.Version}
			if _, err := other.UpdateRole(ctx, sys, role.ID, in); err != nil {
				t.Fatal(err)
			}
			a := current(t, token)
			if len(a.Scopes) != 1 || a.Scopes[0].Scope != stride.ScopeCustom || !slices.Equal(a.Scopes[0].UnitIDs, []int64{dept2.ID}) {
				t.Fatalf("scopes after the edit: %+v", a.Scopes)
			}
		})
		t.Run("roles granted", func(t *testing.T) {
			token, u, _ := signIn(t, false)
			u, _ = db.GetUser(ctx, u.ID)
			if _, err := other.GrantRoles(ctx, sys, u.ID, stride.GrantInput{RoleIDs: []int64{}, Version: u.Version}); err != nil {
				t.Fatal(err)
			}
			if a := current(t, token); a.Can(stride.PermProjectRead) || len(a.Scopes) != 0 {
				t.Fatalf("actor without roles: %v %+v", a.PermissionList(), a.Scopes)
			}
		})
		t.Run("user moved to another unit", func(t *testing.T) {
			token, u, _ := signIn(t, false)
			u, _ = db.GetUser(ctx, u.ID)
			in := stride.UserInput{Name: u.Name, UnitID: dept2.ID, Phone: u.Phone, Email: u.Email, Version: u.Version}
			if _, err := other.UpdateUser(ctx, sys, u.ID, in); err != nil {
				t.Fatal(err)
			}
			if a := current(t, token); a.UnitID != dept2.ID || a.UnitName != dept2.Name {
				t.Fatalf("actor unit %d %s, want %d %s", a.UnitID, a.UnitName, dept2.ID, dept2.Name)
			}
		})
		t.Run("unit renamed and moved", func(t *testing.T) {
			token, _, _ := signIn(t, false)
			d, _ := db.GetUnit(ctx, dept.ID)
			in := stride.UnitInput{ParentID: &dept2.ID, Name: "经济发展局", Kind: d.Kind, Version: d.Version}
			moved, err := other.UpdateUnit(ctx, sys, dept.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			if a := current(t, token); a.UnitName != "经济发展局" || a.UnitPath != moved.Path {
				t.Fatalf("actor unit %s %s, want 经济发展局 %s", a.UnitName, a.UnitPath, moved.Path)
			}
		})
		t.Run("security policy: password expiry", func(t *testing.T) {
			token, _, _ := signIn(t, false, 40*24*time.Hour) // a password 40 days old
			if a := current(t, token); a.PasswordExpired {
				t.Fatal("expired under the 90-day policy")
			}
			p, _ := db.SecurityPolicy(ctx)
			p.PasswordExpiryDays = 30
			if _, err := other.UpdateSecurityPolicy(ctx, sys, p); err != nil {
				t.Fatal(err)
			}
			if a := current(t, token); !a.PasswordExpired {
				t.Fatal("not expired under the 30-day policy")
			}
			p, _ = db.SecurityPolicy(ctx)
			p.PasswordExpiryDays = 90
			if _, err := other.UpdateSecurityPolicy(ctx, sys, p); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("lockout and unlock", func(t *testing.T) {
			// A lockout refuses sign-ins from the next attempt on; sessions already open
			// stay open (an attacker guessing passwords cannot end the user's work).
			token, u, _ := signIn(t, false)
			for range 5 {
				other.Login(ctx, store.LoginRequest{Username: u.Username, Password: "Wrong@2025"})
			}
			_, _, err := db.Login(ctx, store.LoginRequest{Username: u.Username, Password: testPassword})
			if e := wantErr(t, err, stride.EUnauthorized); e.Reason != stride.ReasonAccountLocked {
				t.Fatalf("sign-in while locked: %v", err)
			}
			current(t, token)
			if _, err := other.UnlockUser(ctx, sys, u.ID); err != nil {
				t.Fatal(err)
			}
			mustLogin(t, db, u.Username, testPassword)
		})
		t.Run("idle timeout", func(t *testing.T) {
			token, _, _ := signIn(t, false)
			c.Add(31 * time.Minute)
			_, err := db.Session(ctx, token, "")
			if e := wantErr(t, err, stride.EUnauthorized); e.Reason != stride.ReasonSessionExpired {
				t.Fatalf("idle session: %v", err)
			}
		})
	})
}

// TestSessionLastSeenWrites checks that requests rewrite a session's last-seen time at
// most once per touch interval (a minute), whichever process serves them.
func TestSessionLastSeenWrites(t *testing.T) {
	twoProcesses(t, func(t *testing.T, db, other *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "lena", false)
		token, a := mustLogin(t, db, "lena", testPassword)
		signedIn := c.Now()
		lastSeen := func() time.Time {
			t.Helper()
			var at time.Time
			if err := db.SQL().QueryRow(`SELECT last_seen_at FROM sessions WHERE id = $1`, a.SessionID).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at.UTC()
		}
		use := func() {
			t.Helper()
			for _, p := range []*store.DB{db, other} {
				if _, err := p.Session(ctx, token, ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range 5 {
			c.Add(10 * time.Second)
			use()
		}
		if got := lastSeen(); !got.Equal(signedIn) {
			t.Fatalf("last seen %v after 50 s of use, want the sign-in time %v", got, signedIn)
		}
		c.Add(11 * time.Second)
		use()
		touched := c.Now()
		if got := lastSeen(); !got.Equal(touched) {
			t.Fatalf("last seen %v after 61 s, want %v", got, touched)
		}
		for range 5 {
			c.Add(10 * time.Second)
			use()
		}
		if got := lastSeen(); !got.Equal(touched) {
			t.Fatalf("last seen %v, want it left at %v within the minute", got, touched)
		}
	})
}
