package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The OpenAPI document lists exactly the routes the server answers.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		anon := e.client()
		r := anon.do("GET", "/api/v1/openapi.json", nil)
		var doc struct {
			OpenAPI string                                `json:"openapi"`
			Paths   map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(r.body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
			t.Fatalf("openapi.json: %v %.200s", err, r.body)
		}
		var documented []string
		for path, ops := range doc.Paths {
			for method := range ops {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
		routes := e.srv.Routes()
		slices.Sort(documented)
		slices.Sort(routes)
		if !slices.Equal(documented, routes) {
			t.Fatalf("documented %v\nregistered %v", documented, routes)
		}
		// Every documented operation is served: the mux does not answer "no such endpoint".
		c := e.login("hq")
		for _, op := range documented {
			method, path, _ := strings.Cut(op, " ")
			if op == "POST /api/v1/auth/logout" {
				continue
			}
			res := c.do(method, concrete(path), nil)
			if res.status == 405 || (res.status == 404 && strings.Contains(string(res.body), "接口不存在")) {
				t.Errorf("%s is documented but not served: %d %s", op, res.status, res.body)
			}
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		anon := e.client()
		// In order: /metrics counts the requests before it.
		for _, tc := range [][2]string{{"/healthz", `"ok"`}, {"/readyz", `"ready"`}, {"/metrics", `stride_http_requests_total{route="GET /healthz",status="200"} 1`}} {
			path, want := tc[0], tc[1]
			r := anon.do("GET", path, nil)
			if r.status != 200 || !strings.Contains(string(r.body), want) {
				t.Errorf("%s: %d %.200s", path, r.status, r.body)
			}
		}
		r := anon.do("GET", "/api/v1/meta", nil)
		if r.json(t)["zone_name"] != "福州高新区" {
			t.Errorf("meta: %s", r.body)
		}
		if r.header.Get("X-Request-Id") == "" {
			t.Errorf("no request id header")
		}
	})
}
