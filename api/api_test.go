package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

// env is a real server on a real database holding the demo zone.
type env struct {
	t     *testing.T
	db    *store.DB
	srv   *api.Server
	ts    *httptest.Server
	clock *storetest.Clock
	data  string // the server's data folder
}

// engines runs fn once per database engine, on a fresh demo zone.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			fn(t, newEnv(t, eng.DSN(t)))
		})
	}
}

func newEnv(t *testing.T, dsn string) *env {
	t.Helper()
	c := storetest.NewClock(time.Date(2025, 3, 31, 2, 0, 0, 0, time.UTC))
	db := storetest.Open(t, dsn, c.Now)
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	db.SetZone(shanghai)
	if err := demo.Seed(context.Background(), db, stride.DateOf(c.Now().In(shanghai))); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	srv := api.New(api.Config{Store: db, Now: c.Now, Zone: shanghai, DataDir: data, Version: "test"})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, clock: c, data: data}
}

// client is one browser: a cookie jar and a language.
type client struct {
	e    *env
	http *http.Client
	lang string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}, lang: "zh-CN"}
}

// login signs in a demo account and fails the test if it cannot.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.client()
	if res := c.do("POST", "/api/v1/auth/login", map[string]string{"username": username, "password": demo.Password}); res.status != 200 {
		e.t.Fatalf("login %s: %d %s", username, res.status, res.body)
	}
	return c
}

type response struct {
	status int
	body   []byte
	header http.Header
}

// json decodes the body as an object.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

// field returns a field error message of an error body.
func (r response) field(t *testing.T, name string) string {
	t.Helper()
	fields, _ := r.json(t)["fields"].(map[string]any)
	s, _ := fields[name].(string)
	return s
}

// do sends a request; body is JSON-encoded unless it is a string, sent as it is.
func (c *client) do(method, path string, body any) response {
	c.e.t.Helper()
	return c.doWith(method, path, body, nil)
}

// doWith sends a request with extra headers.
func (c *client) doWith(method, path string, body any, headers map[string]string) response {
	c.e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.e.ts.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", c.lang)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: b, header: res.Header}
}

// ids returns the ids of a list response's items.
func ids(t *testing.T, r response) []float64 {
	t.Helper()
	var out []float64
	items, _ := r.json(t)["items"].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["id"].(float64))
	}
	return out
}

// projectID finds a demo project's id by name through the hq account.
func (e *env) projectID(hq *client, name string) float64 {
	e.t.Helper()
	r := hq.do("GET", "/api/v1/projects?size=100", nil)
	for _, it := range r.json(e.t)["items"].([]any) {
		p := it.(map[string]any)
		if p["name"] == name {
			return p["id"].(float64)
		}
	}
	e.t.Fatalf("no project %s", name)
	return 0
}
