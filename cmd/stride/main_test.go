package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stride-hq/stride/store/storetest"
)

// syncBuffer is a buffer the server may write to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// newMain returns a Main configured by flags and an environment, writing to out.
func newMain(t *testing.T, out *syncBuffer, env map[string]string, args ...string) *Main {
	t.Helper()
	m := NewMain()
	m.Stdout, m.Stderr = out, io.Discard
	m.Getenv = func(k string) string { return env[k] }
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	m.Config.bind(fs, m.Getenv)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return m
}

// start opens m on a free port and closes it at the end of the test.
func start(t *testing.T, m *Main) {
	t.Helper()
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
}

type browser struct {
	t    *testing.T
	base string
	http *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, http: &http.Client{Jar: jar}}
}

func (b *browser) call(method, path, body string) (int, map[string]any, string) {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var m map[string]any
	json.Unmarshal(raw, &m)
	return res.StatusCode, m, string(raw)
}

func (b *browser) login(user, password string) map[string]any {
	b.t.Helper()
	status, m, raw := b.call("POST", "/api/v1/auth/login", `{"username":"`+user+`","password":"`+password+`"}`)
	if status != 200 {
		b.t.Fatalf("login %s: %d %s", user, status, raw)
	}
	return m
}

func TestServeDemo(t *testing.T) {
	out := &syncBuffer{}
	m := newMain(t, out, nil, "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	m.Config.Demo = true
	start(t, m)
	for _, want := range []string{"Stride@2025", "hq", "sysadmin", "auditor", "保利（福州）通信产业园开发有限公司"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	b := newBrowser(t, m.URL())
	if status, _, _ := b.call("GET", "/healthz", ""); status != 200 {
		t.Fatalf("healthz: %d", status)
	}
	me := b.login("owner", "Stride@2025")
	if me["must_change_password"] != false {
		t.Fatalf("demo accounts skip the first-login change: %v", me)
	}
	if status, m, raw := b.call("GET", "/api/v1/projects", ""); status != 200 || m["total"] != float64(1) {
		t.Fatalf("owner's projects: %d %s", status, raw)
	}
	// The web app is served at / and for client-side routes.
	for _, path := range []string{"/", "/system/users"} {
		status, _, raw := b.call("GET", path, "")
		if status != 200 || !strings.Contains(strings.ToLower(raw), "<!doctype html>") {
			t.Fatalf("GET %s: %d %.100s", path, status, raw)
		}
	}
	// A second start on the same database keeps the data and prints the accounts again.
	m.Close()
	out2 := &syncBuffer{}
	m2 := newMain(t, out2, nil, "--addr", "127.0.0.1:0", "--data-dir", m.Config.DataDir)
	m2.Config.Demo = true
	start(t, m2)
	if !strings.Contains(out2.String(), "Stride@2025") {
		t.Fatalf("restart output: %s", out2)
	}
	newBrowser(t, m2.URL()).login("hq", "Stride@2025")
}

func TestFirstStartCreatesAdministrator(t *testing.T) {
	out := &syncBuffer{}
	m := newMain(t, out, nil, "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	start(t, m)
	match := regexp.MustCompile(`one-time password\): (\S+)`).FindStringSubmatch(out.String())
	if match == nil {
		t.Fatalf("no one-time password printed:\n%s", out)
	}
	b := newBrowser(t, m.URL())
	me := b.login("admin", match[1])
	if me["must_change_password"] != true {
		t.Fatalf("first administrator must change the password: %v", me)
	}
	if status, m, _ := b.call("GET", "/api/v1/users", ""); status != 403 || m["reason"] != "password_change_required" {
		t.Fatalf("before the change: %d %v", status, m)
	}

	out2 := &syncBuffer{}
	m2 := newMain(t, out2, map[string]string{"STRIDE_ADMIN_PASSWORD": "Chosen#Pass1"}, "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	start(t, m2)
	if strings.Contains(out2.String(), "Chosen#Pass1") || strings.Contains(out2.String(), "one-time password") {
		t.Fatalf("a password from the environment is not printed:\n%s", out2)
	}
	newBrowser(t, m2.URL()).login("admin", "Chosen#Pass1")
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		out := &syncBuffer{}
		m := newMain(t, out, nil)
		err := m.Run(context.Background(), append(args, "--data-dir", dir))
		return out.String(), err
	}
	if out, err := run("migrate"); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	// The unit exists once a server has started; here the CLI alone makes the first one.
	out := &syncBuffer{}
	m := newMain(t, out, nil, "--addr", "127.0.0.1:0", "--data-dir", dir)
	start(t, m)
	m.Close()
	if out, err := run("user", "add", "sec", "--name", "安全员", "--unit", "1", "--role", "secadmin"); err != nil || !strings.Contains(out, "one-time password") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, err := run("user", "add", "sec", "--name", "重复", "--unit", "1", "--role", "secadmin"); err == nil || !strings.Contains(err.Error(), "已存在") {
		t.Fatalf("duplicate user add: %v", err)
	}
	if _, err := run("user", "add", "x", "--name", "某", "--unit", "1", "--role", "nosuch"); err == nil {
		t.Fatal("unknown role accepted")
	}
	if out, err := run("user", "passwd", "sec", "--password", "Another#Pass9"); err != nil || !strings.Contains(out, "reset") {
		t.Fatalf("passwd: %v %s", err, out)
	}
	if _, err := run("user", "passwd", "sec", "--password", "weak"); err == nil {
		t.Fatal("weak password accepted")
	}
	if _, err := run("user", "unlock", "sec"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("user", "disable", "sec"); err != nil {
		t.Fatal(err)
	}
	if _, err := run("user", "disable", "ghost"); err == nil {
		t.Fatal("disabling an unknown user succeeded")
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := run("backup", backup); err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	// The backup is a working database.
	m3 := newMain(t, &syncBuffer{}, nil, "--addr", "127.0.0.1:0", "--db", backup, "--data-dir", t.TempDir())
	start(t, m3)
	if status, _, _ := newBrowser(t, m3.URL()).call("GET", "/readyz", ""); status != 200 {
		t.Fatalf("restored backup not ready: %d", status)
	}
	if out, err := run("version"); err != nil || !strings.HasPrefix(out, "stride ") {
		t.Fatalf("version: %v %s", err, out)
	}
	if err := NewMain().Run(context.Background(), []string{"bogus"}); err == nil {
		t.Fatal("unknown command accepted")
	}
}

// Two processes on one PostgreSQL database serve the same users: sessions live in the
// database, so a login through one is valid on the other, and so is a logout.
func TestTwoServersShareOneDatabase(t *testing.T) {
	url := os.Getenv("STRIDE_TEST_POSTGRES")
	if url == "" {
		t.Skip("STRIDE_TEST_POSTGRES not set")
	}
	dsn := storetest.PostgresSchema(t, url)
	a := newMain(t, &syncBuffer{}, nil, "--addr", "127.0.0.1:0", "--db", dsn, "--data-dir", t.TempDir())
	a.Config.Demo = true
	start(t, a)
	b := newMain(t, &syncBuffer{}, nil, "--addr", "127.0.0.1:0", "--db", dsn, "--data-dir", t.TempDir())
	b.Config.Demo = true
	start(t, b)

	viaA := newBrowser(t, a.URL())
	viaA.login("dept", "Stride@2025")
	viaB := &browser{t: t, base: b.URL(), http: viaA.http} // same cookies, other server
	status, me, raw := viaB.call("GET", "/api/v1/me", "")
	if status != 200 || me["user"].(map[string]any)["username"] != "dept" {
		t.Fatalf("session from A on B: %d %s", status, raw)
	}
	u, _ := neturl.Parse(a.URL())
	stolen := viaA.http.Jar.Cookies(u)
	if status, _, _ := viaB.call("POST", "/api/v1/auth/logout", ""); status != 204 {
		t.Fatalf("logout on B: %d", status)
	}
	// Replaying the old cookie on A fails: the session is gone from the database.
	replay := newBrowser(t, a.URL())
	replay.http.Jar.SetCookies(u, stolen)
	if status, _, _ := replay.call("GET", "/api/v1/me", ""); len(stolen) == 0 || status != 401 {
		t.Fatalf("A after logout on B: %d (cookies %d)", status, len(stolen))
	}
}
