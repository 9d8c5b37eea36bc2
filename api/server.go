// Package api serves Stride's JSON API under /api/v1, the operational endpoints and the
// embedded web app. Every route and the permission it needs are listed in routes.go.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Config is what a Server needs.
type Config struct {
	Store   *store.DB
	Logger  *slog.Logger
	Now     func() time.Time
	Zone    *time.Location // the zone's civil time, Asia/Shanghai by default
	DataDir string         // backups are written under DataDir/backups
	Version string
	Web     http.Handler // the single-page app; nil serves none
}

// Server is the HTTP handler of Stride.
type Server struct {
	store   *store.DB
	log     *slog.Logger
	now     func() time.Time
	zone    *time.Location
	dataDir string
	version string
	web     http.Handler

	// exportLimit and exportPage bound a list export and size the pages it reads.
	exportLimit, exportPage int
	responses               *responseCache

	routes   []route
	mux      *http.ServeMux
	handler  http.Handler
	metrics  *metrics
	registry *prometheus.Registry
}

// Metrics is the registry /metrics serves, for the process's other parts (the job runner)
// to register theirs with.
func (s *Server) Metrics() prometheus.Registerer { return s.registry }

// New returns a Server with every route registered.
func New(cfg Config) *Server {
	s := &Server{
		store: cfg.Store, log: cfg.Logger, now: cfg.Now, zone: cfg.Zone,
		dataDir: cfg.DataDir, version: cfg.Version, web: cfg.Web,
		exportLimit: maxExportRows, exportPage: exportPageSize,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.zone == nil {
		s.zone = time.UTC
	}
	s.responses = newResponseCache(responseCacheEntries, responseCacheBytes)
	s.registry = prometheus.NewRegistry()
	s.metrics = newMetrics(s.registry)
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.mux.Handle("/api/", s.adapt(s.noRoute))
	if s.web != nil {
		// "/" rather than "GET /": a method-bound catch-all would conflict with "/api/".
		s.mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
				return
			}
			s.web.ServeHTTP(w, r)
		}))
	}
	s.handler = s.observe(s.crossOrigin(s.mux))
	return s
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists the registered method and path pairs, for the OpenAPI consistency test.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.method + " " + rt.path
	}
	return out
}

// lang is the language of the request's messages.
func lang(r *http.Request) stride.Lang { return stride.ParseLang(r.Header.Get("Accept-Language")) }
