package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// cst is the zone the lockout message shows its unlock time in; the test clock starts at
// 10:00 there.
var cst = time.FixedZone("CST", 8*3600)

func TestLoginLockout(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		u := mustCreateUser(t, db, hq, "alice", false, roleID(t, db, stride.RoleHQ))
		login := func(password string) (*stride.Actor, error) {
			_, a, err := db.Login(ctx, store.LoginRequest{Username: "alice", Password: password, IP: "10.0.0.7", UserAgent: "ua-1", Zone: cst})
			return a, err
		}
		// Each of the first four failures says how many tries are left.
		for _, left := range []int{4, 3, 2, 1} {
			_, err := login("Wrong@2025")
			e := wantErr(t, err, stride.EUnauthorized)
			if e.Reason != "" {
				t.Fatalf("failure with %d left: reason %q", left, e.Reason)
			}
			if msg, want := e.Msg.In(stride.LangZH), fmt.Sprintf("再错%d次", left); !strings.Contains(msg, want) {
				t.Fatalf("message %q, want it to contain %q", msg, want)
			}
		}
		// The fifth locks the account for 15 minutes, until 10:15 in the request's zone.
		_, err := login("Wrong@2025")
		e := wantErr(t, err, stride.EUnauthorized)
		if e.Reason != stride.ReasonAccountLocked {
			t.Fatalf("fifth failure: reason %q, want %q", e.Reason, stride.ReasonAccountLocked)
		}
		msg := e.Msg.In(stride.LangZH)
		for _, want := range []string{"5次", "15分钟", "10:15"} {
			if !strings.Contains(msg, want) {
				t.Fatalf("lock message %q lacks %q", msg, want)
			}
		}
		got, err := db.GetUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if wantUntil := c.Now().Add(15 * time.Minute); !got.Locked || got.LockedUntil == nil || !got.LockedUntil.Equal(wantUntil) {
			t.Fatalf("user locked %v until %v, want locked until %v", got.Locked, got.LockedUntil, wantUntil)
		}

		// While locked, even the right password is refused, up to the last second.
		for _, step := range []time.Duration{time.Minute, 13*time.Minute + 59*time.Second} {
			c.Add(step)
			_, err := login(testPassword)
			e := wantErr(t, err, stride.EUnauthorized)
			if e.Reason != stride.ReasonAccountLocked {
				t.Fatalf("right password while locked: reason %q", e.Reason)
			}
			if msg := e.Msg.In(stride.LangZH); !strings.Contains(msg, "10:15") {
				t.Fatalf("lock message %q does not name the unlock time 10:15", msg)
			}
		}
		// Once the 15 minutes have passed, the right password works again.
		c.Add(2 * time.Second)
		a, err := login(testPassword)
		if err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		if a.UserID != u.ID || a.IP != "10.0.0.7" {
			t.Fatalf("actor %+v", a)
		}
		if got, _ := db.GetUser(ctx, u.ID); got.Locked || got.LockedUntil != nil || got.LastLoginAt == nil || !got.LastLoginAt.Equal(c.Now()) {
			t.Fatalf("after login: locked %v until %v, last login %v", got.Locked, got.LockedUntil, got.LastLoginAt)
		}

		log := loginLog(t, db, "alice")
		want := []string{stride.LoginBadPassword, stride.LoginBadPassword, stride.LoginBadPassword, stride.LoginBadPassword,
			stride.LoginLocked, stride.LoginLocked, stride.LoginLocked, stride.LoginSuccess}
		if got := outcomes(log); !slices.Equal(got, want) {
			t.Fatalf("login log %v, want %v", got, want)
		}
		for _, l := range log {
			if l.UserID == nil || *l.UserID != u.ID || l.IP != "10.0.0.7" || l.UserAgent != "ua-1" || l.Username != "alice" {
				t.Fatalf("login log row %+v", l)
			}
		}
		if !strings.Contains(log[0].Message, "再错4次") || !strings.Contains(log[4].Message, "15分钟") {
			t.Fatalf("login log messages %q, %q", log[0].Message, log[4].Message)
		}
	})
}

func TestLoginSuccessResetsFailures(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "bob", false)
		for range 3 {
			if _, _, err := db.Login(ctx, store.LoginRequest{Username: "bob", Password: "nope"}); err == nil {
				t.Fatal("wrong password accepted")
			}
		}
		mustLogin(t, db, "bob", testPassword)
		_, _, err := db.Login(ctx, store.LoginRequest{Username: "bob", Password: "nope"})
		e := wantErr(t, err, stride.EUnauthorized)
		if msg := e.Msg.In(stride.LangZH); !strings.Contains(msg, "再错4次") {
			t.Fatalf("after a success the count restarts; message %q", msg)
		}
	})
}

func TestUnlockUser(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		sec := mustUser(t, db, hq, "sec", stride.RoleSecAdmin)
		u := mustCreateUser(t, db, hq, "carol", false)
		for range 5 {
			db.Login(ctx, store.LoginRequest{Username: "carol", Password: "nope"})
		}
		_, _, err := db.Login(ctx, store.LoginRequest{Username: "carol", Password: testPassword})
		if e := wantErr(t, err, stride.EUnauthorized); e.Reason != stride.ReasonAccountLocked {
			t.Fatalf("not locked: %v", err)
		}
		locked, _ := db.GetUser(ctx, u.ID)

		mark := auditMark(t, db)
		unlocked, err := db.UnlockUser(ctx, sec, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if unlocked.Locked || unlocked.LockedUntil != nil || unlocked.Version != locked.Version+1 {
			t.Fatalf("unlocked user: locked %v until %v version %d (was %d)", unlocked.Locked, unlocked.LockedUntil, unlocked.Version, locked.Version)
		}
		entries := auditSince(t, db, mark)
		if len(entries) != 1 || entries[0].Action != "user.unlock" || entries[0].Username != "sec" {
			t.Fatalf("audit after unlock: %+v", entries)
		}
		// No clock change: the lock is gone now, and the failure count starts over.
		mustLogin(t, db, "carol", testPassword)
		_, _, err = db.Login(ctx, store.LoginRequest{Username: "carol", Password: "nope"})
		if msg := wantErr(t, err, stride.EUnauthorized).Msg.In(stride.LangZH); !strings.Contains(msg, "再错4次") {
			t.Fatalf("after unlock: %q", msg)
		}
		if _, err := db.UnlockUser(ctx, sec, 99999); !stride.IsCode(err, stride.ENotFound) {
			t.Fatalf("unlock unknown user: %v", err)
		}
	})
}

func TestLoginRefused(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		active := mustCreateUser(t, db, hq, "dave", false)
		disabled := mustCreateUser(t, db, hq, "erin", false)
		if _, err := db.SetUserStatus(ctx, sys, disabled.ID, stride.UserDisabled); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name      string
			username  string
			password  string
			outcome   string
			userID    *int64
			msgPrefix string
		}{
			{"unknown user", "nobody", testPassword, stride.LoginUnknownUser, nil, "用户名或密码错误"},
			{"unknown user, empty password", "nobody", "", stride.LoginUnknownUser, nil, "用户名或密码错误"},
			{"disabled user, right password", "erin", testPassword, stride.LoginDisabled, &disabled.ID, "帐户已停用"},
			{"disabled user, wrong password", "erin", "nope", stride.LoginDisabled, &disabled.ID, "帐户已停用"},
			{"active user, empty password", "dave", "", stride.LoginBadPassword, &active.ID, "用户名或密码错误（再错4次"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				token, a, err := db.Login(ctx, store.LoginRequest{Username: tt.username, Password: tt.password, IP: "10.1.1.1"})
				e := wantErr(t, err, stride.EUnauthorized)
				if token != "" || a != nil || e.Reason != "" {
					t.Fatalf("token %q actor %v reason %q", token, a, e.Reason)
				}
				if msg := e.Msg.In(stride.LangZH); !strings.HasPrefix(msg, tt.msgPrefix) {
					t.Fatalf("message %q, want prefix %q", msg, tt.msgPrefix)
				}
				log := loginLog(t, db, tt.username)
				last := log[len(log)-1]
				if last.Outcome != tt.outcome || last.IP != "10.1.1.1" || last.Message != e.Msg.In(stride.LangZH) {
					t.Fatalf("login log %+v, want outcome %s", last, tt.outcome)
				}
				if (last.UserID == nil) != (tt.userID == nil) || last.UserID != nil && *last.UserID != *tt.userID {
					t.Fatalf("login log user %v, want %v", last.UserID, tt.userID)
				}
			})
		}
		// Usernames match regardless of case.
		if _, a := mustLogin(t, db, "DAVE", testPassword); a.UserID != active.ID || a.Username != "dave" {
			t.Fatalf("case-insensitive login: %+v", a)
		}
	})
}

func TestSessionIdleTimeout(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		u := mustCreateUser(t, db, hq, "frank", false, roleID(t, db, stride.RoleHQ))
		token, la := mustLogin(t, db, "frank", testPassword)

		a, err := db.Session(ctx, token, "10.9.9.9")
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != u.ID || a.SessionID != la.SessionID || a.UnitID != hq.ID || a.IP != "10.9.9.9" || !a.Can(stride.PermProjectDelete) || !a.SeesAll() {
			t.Fatalf("session actor %+v", a)
		}
		if _, err := db.Session(ctx, "not-a-token", ""); wantErr(t, err, stride.EUnauthorized).Reason != "" {
			t.Fatalf("unknown token: %v", err)
		}

		c.Add(31 * time.Minute)
		_, err = db.Session(ctx, token, "")
		if e := wantErr(t, err, stride.EUnauthorized); e.Reason != stride.ReasonSessionExpired {
			t.Fatalf("idle session: reason %q", e.Reason)
		}
		log := loginLog(t, db, "frank")
		if got, want := outcomes(log), []string{stride.LoginSuccess, stride.LoginTimeout}; !slices.Equal(got, want) {
			t.Fatalf("login log %v, want %v", got, want)
		}
		if last := log[1]; last.UserID == nil || *last.UserID != u.ID || !last.At.Equal(c.Now()) {
			t.Fatalf("timeout row %+v", last)
		}
		// The expired session is gone: asking again is a plain unauthorized, logged once.
		_, err = db.Session(ctx, token, "")
		if e := wantErr(t, err, stride.EUnauthorized); e.Reason != "" {
			t.Fatalf("second use of an expired token: reason %q", e.Reason)
		}
		if n := len(loginLog(t, db, "frank")); n != 2 {
			t.Fatalf("login log has %d rows, want 2", n)
		}
	})
}

func TestSessionKeepAlive(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration // clock moves, each followed by a use of the session
		alive []bool          // whether that use succeeds
	}{
		{"used every 20 minutes", []time.Duration{20 * time.Minute, 20 * time.Minute, 29 * time.Minute, 31 * time.Minute},
			[]bool{true, true, true, false}},
		{"exactly the timeout is not past it", []time.Duration{30 * time.Minute}, []bool{true}},
		// A use within a minute of the last touch does not move last-seen, so the idle
		// time still counts from the login.
		{"use after 50s does not touch", []time.Duration{50 * time.Second, 29*time.Minute + 20*time.Second}, []bool{true, false}},
		{"use after 61s touches", []time.Duration{61 * time.Second, 29*time.Minute + 20*time.Second}, []bool{true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engines(t, func(t *testing.T, db *store.DB, c *clock) {
				ctx := context.Background()
				hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
				mustCreateUser(t, db, hq, "gina", false)
				token, _ := mustLogin(t, db, "gina", testPassword)
				for i, d := range tt.steps {
					c.Add(d)
					_, err := db.Session(ctx, token, "")
					if tt.alive[i] && err != nil {
						t.Fatalf("use %d: %v", i+1, err)
					}
					if !tt.alive[i] {
						if e := wantErr(t, err, stride.EUnauthorized); e.Reason != stride.ReasonSessionExpired {
							t.Fatalf("use %d: reason %q", i+1, e.Reason)
						}
					}
				}
			})
		})
	}
}

func TestLogout(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "hank", false)
		t1, a1 := mustLogin(t, db, "hank", testPassword)
		t2, _ := mustLogin(t, db, "hank", testPassword)
		if err := db.Logout(ctx, a1, "ua-logout"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, t1, ""); wantErr(t, err, stride.EUnauthorized).Reason != "" {
			t.Fatalf("session after logout: %v", err)
		}
		if _, err := db.Session(ctx, t2, ""); err != nil {
			t.Fatalf("the other session ended too: %v", err)
		}
		log := loginLog(t, db, "hank")
		if got, want := outcomes(log), []string{stride.LoginSuccess, stride.LoginSuccess, stride.LoginLogout}; !slices.Equal(got, want) {
			t.Fatalf("login log %v, want %v", got, want)
		}
		if l := log[2]; l.UserAgent != "ua-logout" || l.IP != "127.0.0.1" || l.UserID == nil || *l.UserID != a1.UserID {
			t.Fatalf("logout row %+v", l)
		}
	})
}

func TestDeleteExpiredSessions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "ivan", false)
		old, _ := mustLogin(t, db, "ivan", testPassword)
		c.Add(20 * time.Minute)
		fresh, _ := mustLogin(t, db, "ivan", testPassword)
		c.Add(15 * time.Minute)
		n, err := db.DeleteExpiredSessions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("deleted %d sessions, want 1", n)
		}
		if _, err := db.Session(ctx, fresh, ""); err != nil {
			t.Fatalf("fresh session: %v", err)
		}
		if _, err := db.Session(ctx, old, ""); wantErr(t, err, stride.EUnauthorized).Reason != "" {
			t.Fatalf("old session: %v", err)
		}
	})
}

func TestChangeOwnPassword(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		u := mustCreateUser(t, db, hq, "judy", true)
		t1, a1 := mustLogin(t, db, "judy", testPassword)
		t2, _ := mustLogin(t, db, "judy", testPassword)
		if !a1.MustChangePassword || a1.PasswordExpired {
			t.Fatalf("first login: must change %v, expired %v", a1.MustChangePassword, a1.PasswordExpired)
		}

		const good = "Better#2026"
		bad := []struct {
			name     string
			old, new string
			fields   map[string]string
		}{
			{"wrong old password", "Wrong@2025", good, map[string]string{"old_password": "password.old_wrong"}},
			{"too short", testPassword, "Ab1!x", map[string]string{"new_password": "password.too_short"}},
			{"too few classes", testPassword, "abcdefghijkl", map[string]string{"new_password": "password.classes"}},
			{"contains username", testPassword, "Judy@20260", map[string]string{"new_password": "password.contains_username"}},
			{"same as old", testPassword, testPassword, map[string]string{"new_password": "password.same_as_old"}},
			{"wrong old and weak new", "Wrong@2025", "short", map[string]string{"old_password": "password.old_wrong", "new_password": "password.too_short"}},
		}
		mark := auditMark(t, db)
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				err := db.ChangeOwnPassword(ctx, a1, tt.old, tt.new)
				wantFields(t, wantErr(t, err, stride.EInvalid), tt.fields)
			})
		}
		if n := len(auditSince(t, db, mark)); n != 0 {
			t.Fatalf("refused changes wrote %d audit rows", n)
		}
		if _, err := db.Session(ctx, t2, ""); err != nil {
			t.Fatalf("refused changes ended a session: %v", err)
		}
		before, _ := db.GetUser(ctx, u.ID)

		c.Add(10 * time.Minute)
		if err := db.ChangeOwnPassword(ctx, a1, testPassword, good); err != nil {
			t.Fatal(err)
		}
		entries := auditSince(t, db, mark)
		if len(entries) != 1 || entries[0].Action != "user.change_password" || entries[0].ObjectType != "user" ||
			entries[0].ObjectID != fmt.Sprint(u.ID) || entries[0].Before != nil || entries[0].After != nil {
			t.Fatalf("audit after change: %+v", entries)
		}
		after, _ := db.GetUser(ctx, u.ID)
		if after.MustChangePassword || !after.PasswordChangedAt.Equal(c.Now()) || after.Version != before.Version+1 {
			t.Fatalf("user after change: must change %v, changed at %v, version %d", after.MustChangePassword, after.PasswordChangedAt, after.Version)
		}
		// The session that changed the password lives on; the other one is ended.
		if a, err := db.Session(ctx, t1, ""); err != nil || a.MustChangePassword {
			t.Fatalf("own session after change: %v, %+v", err, a)
		}
		if _, err := db.Session(ctx, t2, ""); !stride.IsCode(err, stride.EUnauthorized) {
			t.Fatalf("other session after change: %v", err)
		}
		if _, _, err := db.Login(ctx, store.LoginRequest{Username: "judy", Password: testPassword}); !stride.IsCode(err, stride.EUnauthorized) {
			t.Fatalf("old password after change: %v", err)
		}
		if _, a := mustLogin(t, db, "judy", good); a.MustChangePassword || a.PasswordExpired {
			t.Fatalf("new login: must change %v, expired %v", a.MustChangePassword, a.PasswordExpired)
		}
	})
}

func TestPasswordExpiry(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "kate", false)
		set := c.Now()
		for _, tt := range []struct {
			since   time.Duration // since the password was set
			expired bool
		}{
			{0, false},
			{89 * 24 * time.Hour, false},
			{90 * 24 * time.Hour, false},
			{91 * 24 * time.Hour, true},
		} {
			c.Add(set.Add(tt.since).Sub(c.Now()))
			if _, a := mustLogin(t, db, "kate", testPassword); a.PasswordExpired != tt.expired || a.MustChangePassword {
				t.Fatalf("after %v: expired %v, want %v", tt.since, a.PasswordExpired, tt.expired)
			}
		}
		_, a := mustLogin(t, db, "kate", testPassword)
		if err := db.ChangeOwnPassword(ctx, a, testPassword, "Renewed#2025"); err != nil {
			t.Fatal(err)
		}
		if _, a := mustLogin(t, db, "kate", "Renewed#2025"); a.PasswordExpired {
			t.Fatal("expired right after a change")
		}
	})
}
