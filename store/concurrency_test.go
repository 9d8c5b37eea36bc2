package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// TestConcurrentUpdates sends the same version from several clients at once: optimistic
// locking must let exactly one through and refuse the rest as stale, on both engines.
func TestConcurrentUpdates(t *testing.T) {
	const clients = 8
	type target struct {
		name    string
		setup   func(t *testing.T, db *store.DB) (write func(i int) error, version func() int)
		initial int
	}
	targets := []target{
		{name: "project", initial: 1,
			setup: func(t *testing.T, db *store.DB) (func(int) error, func() int) {
				hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
				p := mustProject(t, db, sys, "并发", hq, hq)
				base := inputOf(t, p)
				return func(i int) error {
						in := base
						in.Name = fmt.Sprintf("并发%d", i)
						_, err := db.UpdateProject(context.Background(), sys, p.ID, in)
						return err
					}, func() int {
						got, err := db.GetProject(context.Background(), sys, p.ID)
						if err != nil {
							t.Fatal(err)
						}
						return got.Version
					}
			}},
		{name: "role", initial: 1,
			setup: func(t *testing.T, db *store.DB) (func(int) error, func() int) {
				r := mustRole(t, db, "conc", stride.ScopeSelf)
				return func(i int) error {
						_, err := db.UpdateRole(context.Background(), sys, r.ID, stride.RoleInput{Code: "conc", Name: fmt.Sprintf("r%d", i),
							DataScope: stride.ScopeSelf, Permissions: []string{stride.PermProjectRead}, Version: r.Version})
						return err
					}, func() int {
						got, err := db.GetRole(context.Background(), r.ID)
						if err != nil {
							t.Fatal(err)
						}
						return got.Version
					}
			}},
		{name: "grant", initial: 1,
			setup: func(t *testing.T, db *store.DB) (func(int) error, func() int) {
				hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
				u := mustCreateUser(t, db, hq, "yuri", false)
				var ids []int64
				for _, code := range []string{stride.RoleHQ, stride.RoleDept, stride.RoleOwner, stride.RoleLeader} {
					ids = append(ids, roleID(t, db, code))
				}
				return func(i int) error {
						_, err := db.GrantRoles(context.Background(), sys, u.ID, stride.GrantInput{RoleIDs: []int64{ids[i%len(ids)]}, Version: u.Version})
						return err
					}, func() int {
						got, err := db.GetUser(context.Background(), u.ID)
						if err != nil {
							t.Fatal(err)
						}
						return got.Version
					}
			}},
		{name: "settings, first write", initial: 0,
			setup: func(t *testing.T, db *store.DB) (func(int) error, func() int) {
				return func(i int) error {
						s := stride.DefaultSettings()
						s.PlatformName = fmt.Sprintf("平台%d", i)
						_, err := db.UpdateSettings(context.Background(), sys, s)
						return err
					}, func() int {
						s, err := db.Settings(context.Background())
						if err != nil {
							t.Fatal(err)
						}
						return s.Version
					}
			}},
		{name: "policy, later write", initial: 1,
			setup: func(t *testing.T, db *store.DB) (func(int) error, func() int) {
				if _, err := db.UpdateSecurityPolicy(context.Background(), sys, stride.DefaultSecurityPolicy()); err != nil {
					t.Fatal(err)
				}
				return func(i int) error {
						p := stride.DefaultSecurityPolicy()
						p.LockoutThreshold, p.Version = 3+i%5, 1
						_, err := db.UpdateSecurityPolicy(context.Background(), sys, p)
						return err
					}, func() int {
						p, err := db.SecurityPolicy(context.Background())
						if err != nil {
							t.Fatal(err)
						}
						return p.Version
					}
			}},
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			engines(t, func(t *testing.T, db *store.DB, c *clock) {
				write, version := tg.setup(t, db)
				if v := version(); v != tg.initial {
					t.Fatalf("version %d before, want %d", v, tg.initial)
				}
				errs := make([]error, clients)
				var start, done sync.WaitGroup
				start.Add(1)
				for i := range clients {
					done.Add(1)
					go func() {
						defer done.Done()
						start.Wait()
						errs[i] = write(i)
					}()
				}
				start.Done()
				done.Wait()
				ok := 0
				for _, err := range errs {
					switch {
					case err == nil:
						ok++
					case !stride.IsCode(err, stride.EConflict):
						t.Errorf("unexpected error: %v", err)
					}
				}
				if ok != 1 {
					t.Fatalf("%d of %d writers with the same version succeeded, want 1", ok, clients)
				}
				if v := version(); v != tg.initial+1 {
					t.Fatalf("version %d after, want %d", v, tg.initial+1)
				}
			})
		})
	}
}
