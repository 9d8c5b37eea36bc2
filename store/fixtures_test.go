package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// all is a page large enough to hold every row a test creates.
var all = stride.Page{Number: 1, Size: stride.MaxPageSize}

// wantErr fails unless err is a *stride.Error with code, and returns it.
func wantErr(t *testing.T, err error, code string) *stride.Error {
	t.Helper()
	var e *stride.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v, want a *stride.Error with code %s", err, code)
	}
	if e.Code != code {
		t.Fatalf("got %v (code %s), want code %s", err, e.Code, code)
	}
	return e
}

// wantFields fails unless e names exactly these fields, each with its message key.
func wantFields(t *testing.T, e *stride.Error, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for f, m := range e.Fields {
		got[f] = m.Key
	}
	if !maps.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
}

// mustCreateUser creates an account in unit with the test password and the given roles,
// without signing it in.
func mustCreateUser(t *testing.T, db *store.DB, unit *stride.Unit, username string, mustChange bool, roleIDs ...int64) *stride.User {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, sys, stride.UserInput{Username: username, Name: username, UnitID: unit.ID, Password: testPassword}, mustChange)
	if err != nil {
		t.Fatal(err)
	}
	if len(roleIDs) > 0 {
		if u, err = db.GrantRoles(ctx, sys, u.ID, stride.GrantInput{RoleIDs: roleIDs, Version: u.Version}); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// mustLogin signs a user in and returns its token and actor.
func mustLogin(t *testing.T, db *store.DB, username, password string) (string, *stride.Actor) {
	t.Helper()
	token, a, err := db.Login(context.Background(), store.LoginRequest{Username: username, Password: password, IP: "127.0.0.1", UserAgent: "go-test"})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return token, a
}

// mustActor creates a user holding the roles and signs it in.
func mustActor(t *testing.T, db *store.DB, unit *stride.Unit, username string, roleIDs ...int64) *stride.Actor {
	t.Helper()
	mustCreateUser(t, db, unit, username, false, roleIDs...)
	_, a := mustLogin(t, db, username, testPassword)
	return a
}

// mustRole creates a custom role reading and updating projects with the scope given.
func mustRole(t *testing.T, db *store.DB, code string, scope stride.DataScope, unitIDs ...int64) *stride.Role {
	t.Helper()
	in := stride.RoleInput{Code: code, Name: code, DataScope: scope, UnitIDs: unitIDs,
		Permissions: []string{stride.PermProjectRead, stride.PermProjectUpdate}}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := db.CreateRole(context.Background(), sys, in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// projectInput is a valid input for a project of owner led by lead.
func projectInput(name string, owner, lead *stride.Unit) stride.ProjectInput {
	return stride.ProjectInput{Name: name, Category: stride.CategoryIndustrial, Stage: stride.StagePlanning,
		OwnerUnitID: owner.ID, LeadUnitID: lead.ID, TotalInvestment: 100 * 1_000_000, StartYear: 2025, EndYear: 2027}
}

// mustProject creates a project as a; edit adjusts the input first.
func mustProject(t *testing.T, db *store.DB, a *stride.Actor, name string, owner, lead *stride.Unit, edit ...func(*stride.ProjectInput)) *stride.Project {
	t.Helper()
	in := projectInput(name, owner, lead)
	for _, e := range edit {
		e(&in)
	}
	p, err := db.CreateProject(context.Background(), a, in)
	if err != nil {
		t.Fatalf("create project %s: %v", name, err)
	}
	return p
}

// inputOf is the update input that leaves p as it is: every field the input shares with
// the project, by JSON name, as a client would send back what it was shown.
func inputOf(t *testing.T, p *stride.Project) stride.ProjectInput {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var in stride.ProjectInput
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	return in
}

// projectIDs returns the ids of a list's items, whatever the item type: a list row
// carries the project's JSON fields.
func projectIDs(t *testing.T, items any) []int64 {
	t.Helper()
	b, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

// loginLog returns the login-log entries of username, oldest first.
func loginLog(t *testing.T, db *store.DB, username string) []*stride.LoginEntry {
	t.Helper()
	list, err := db.ListLogins(context.Background(), stride.LoginFilter{Username: username, Page: all})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != len(list.Items) {
		t.Fatalf("login log total %d, items %d", list.Total, len(list.Items))
	}
	slices.Reverse(list.Items)
	return list.Items
}

func outcomes(entries []*stride.LoginEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Outcome)
	}
	return out
}

// auditMark returns the id of the newest audit entry, for auditSince.
func auditMark(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var id int64
	if err := db.SQL().QueryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// auditSince returns the audit entries written after mark, oldest first.
func auditSince(t *testing.T, db *store.DB, mark int64) []*stride.AuditEntry {
	t.Helper()
	var out []*stride.AuditEntry
	for n := 1; ; n++ {
		list, err := db.ListAudit(context.Background(), stride.AuditFilter{Page: stride.Page{Number: n, Size: stride.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list.Items {
			if e.ID > mark {
				out = append(out, e)
			}
		}
		if n*stride.MaxPageSize >= list.Total {
			break
		}
	}
	slices.Reverse(out)
	return out
}

// sameProject reports whether two reads of a project hold the same values: their JSON,
// which is what clients see, is identical.
func sameProject(t *testing.T, a, b *stride.Project) bool {
	t.Helper()
	if a == nil || b == nil {
		return a == b
	}
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
