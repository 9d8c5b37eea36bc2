package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

func TestSettingsVersions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		s, err := db.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s != stride.DefaultSettings() || s.Version != 0 {
			t.Fatalf("fresh settings %+v, want the defaults at version 0", s)
		}
		tests := []struct {
			name        string
			version     int
			platform    string
			code        string
			wantVersion int // stored version afterwards
			wantName    string
		}{
			{"first write at version 0", 0, "平台一", "", 1, "平台一"},
			{"version 0 again is stale", 0, "平台二", stride.EConflict, 1, "平台一"},
			{"a future version is stale", 5, "平台二", stride.EConflict, 1, "平台一"},
			{"current version", 1, "平台三", "", 2, "平台三"},
			{"the previous version is stale", 1, "平台四", stride.EConflict, 2, "平台三"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := stride.DefaultSettings()
				in.PlatformName, in.ReportDeadlineDay, in.Version = tt.platform, 10, tt.version
				got, err := db.UpdateSettings(ctx, sys, in)
				if tt.code != "" {
					if e := wantErr(t, err, tt.code); e.Msg.Key != "error.stale_version" {
						t.Fatalf("message %s", e.Msg.Key)
					}
				} else {
					if err != nil {
						t.Fatal(err)
					}
					if got.Version != tt.wantVersion || got.PlatformName != tt.platform || got.ReportDeadlineDay != 10 {
						t.Fatalf("returned %+v", got)
					}
				}
				stored, err := db.Settings(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if stored.Version != tt.wantVersion || stored.PlatformName != tt.wantName || stored.ZoneName != "开发区" {
					t.Fatalf("stored %+v, want version %d name %s", stored, tt.wantVersion, tt.wantName)
				}
			})
		}
		// The two documents are versioned apart: the policy is still at version 0.
		if p, err := db.SecurityPolicy(ctx); err != nil || p != stride.DefaultSecurityPolicy() || p.Version != 0 {
			t.Fatalf("policy after settings writes: %+v (%v)", p, err)
		}
		if list, _ := db.ListAudit(ctx, stride.AuditFilter{Action: "setting.update", Page: all}); list.Total != 2 {
			t.Fatalf("%d setting.update rows, want 2", list.Total)
		}
	})
}

func TestSecurityPolicyVersions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		p, err := db.SecurityPolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := stride.SecurityPolicy{PasswordMinLength: 8, PasswordMinClasses: 3, PasswordExpiryDays: 90, ForceChangeFirstLogin: true,
			LockoutThreshold: 5, LockoutMinutes: 15, IdleTimeoutMinutes: 30, Version: 0}
		if p != want || p != stride.DefaultSecurityPolicy() {
			t.Fatalf("fresh policy %+v, want %+v", p, want)
		}
		in := p
		in.LockoutThreshold = 3
		got, err := db.UpdateSecurityPolicy(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.LockoutThreshold != 3 {
			t.Fatalf("after the first update %+v", got)
		}
		in.LockoutThreshold = 4
		if _, err := db.UpdateSecurityPolicy(ctx, sys, in); wantErr(t, err, stride.EConflict).Msg.Key != "error.stale_version" {
			t.Fatalf("second update at version 0: %v", err)
		}
		in.Version = 1
		if got, err = db.UpdateSecurityPolicy(ctx, sys, in); err != nil || got.Version != 2 || got.LockoutThreshold != 4 {
			t.Fatalf("update at version 1: %+v (%v)", got, err)
		}
		if s, _ := db.Settings(ctx); s.Version != 0 {
			t.Fatalf("settings version %d after policy writes", s.Version)
		}
	})
}

// TestPolicyApplies checks that sign-in follows the stored policy, not the defaults.
func TestPolicyApplies(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		mustCreateUser(t, db, hq, "quinn", false)
		p := stride.DefaultSecurityPolicy()
		p.LockoutThreshold, p.LockoutMinutes, p.IdleTimeoutMinutes, p.PasswordExpiryDays = 3, 5, 10, 0
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateSecurityPolicy(ctx, sys, p); err != nil {
			t.Fatal(err)
		}

		for _, left := range []string{"再错2次", "再错1次"} {
			_, _, err := db.Login(ctx, store.LoginRequest{Username: "quinn", Password: "nope"})
			if msg := wantErr(t, err, stride.EUnauthorized).Msg.In(stride.LangZH); !strings.Contains(msg, left) {
				t.Fatalf("message %q, want %q", msg, left)
			}
		}
		_, _, err := db.Login(ctx, store.LoginRequest{Username: "quinn", Password: "nope", Zone: cst})
		e := wantErr(t, err, stride.EUnauthorized)
		msg := e.Msg.In(stride.LangZH)
		if e.Reason != stride.ReasonAccountLocked || !strings.Contains(msg, "3次") || !strings.Contains(msg, "5分钟") || !strings.Contains(msg, "10:05") {
			t.Fatalf("lock after 3: reason %q message %q", e.Reason, msg)
		}
		c.Add(5*time.Minute + time.Second)
		token, _ := mustLogin(t, db, "quinn", testPassword)

		// Idle timeout of 10 minutes.
		c.Add(10 * time.Minute)
		if _, err := db.Session(ctx, token, ""); err != nil {
			t.Fatalf("after 10 minutes: %v", err)
		}
		c.Add(10*time.Minute + time.Second)
		if _, err := db.Session(ctx, token, ""); wantErr(t, err, stride.EUnauthorized).Reason != stride.ReasonSessionExpired {
			t.Fatalf("after 10 idle minutes and a second: %v", err)
		}
		// Expiry 0: a password never expires.
		c.Add(400 * 24 * time.Hour)
		if _, a := mustLogin(t, db, "quinn", testPassword); a.PasswordExpired {
			t.Fatal("password expired with expiry 0")
		}
	})
}
