package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// sessionCookie names the cookie holding the session token.
const sessionCookie = "stride_session"

// handlerFunc is a handler that returns its error for one adapter to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// adapt turns a handlerFunc into an http.Handler.
func (s *Server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// wrap applies a route's access rule: who must be signed in, which permission is needed,
// and whether a pending password change blocks it. Refused writes are audited.
func (s *Server) wrap(rt route) http.Handler {
	return s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		if rt.access == public {
			return rt.h(w, r)
		}
		a, v, err := s.actor(r)
		if err != nil {
			if stride.IsCode(err, stride.EUnauthorized) {
				clearCookie(w, r)
			}
			return err
		}
		info(r).user = a.Username
		r = r.WithContext(withVersions(stride.WithActor(r.Context(), a), v))
		if !rt.beforePasswordChange {
			if a.MustChangePassword {
				e := stride.Errorf(stride.EForbidden, "error.password_change_required")
				e.Reason = stride.ReasonPasswordChangeRequired
				return e
			}
			if a.PasswordExpired {
				e := stride.Errorf(stride.EForbidden, "error.password_expired")
				e.Reason = stride.ReasonPasswordExpired
				return e
			}
		}
		if rt.access == permitted && !a.Can(rt.perms...) {
			if r.Method != http.MethodGet {
				if err := s.store.RecordDenied(r.Context(), a, r.Method+" "+rt.path, "route", r.PathValue("id")); err != nil {
					s.log.ErrorContext(r.Context(), "audit denied", "err", err)
				}
			}
			return stride.Errorf(stride.EForbidden, "error.forbidden")
		}
		return rt.h(w, r)
	})
}

// actor loads the actor of the request's session cookie, with the data versions it was
// checked against.
func (s *Server) actor(r *http.Request) (*stride.Actor, store.Versions, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, store.Versions{}, stride.Errorf(stride.EUnauthorized, "error.unauthorized")
	}
	v, err := s.store.Versions(r.Context())
	if err != nil {
		return nil, v, err
	}
	a, err := s.store.SessionAt(r.Context(), c.Value, clientIP(r), v)
	return a, v, err
}

type versionsKey struct{}

// withVersions keeps the data versions read as a signed-in request began, before any of
// its reads, for the response cache.
func withVersions(ctx context.Context, v store.Versions) context.Context {
	return context.WithValue(ctx, versionsKey{}, v)
}

func setCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: isTLS(r)})
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: isTLS(r)})
}

func isTLS(r *http.Request) bool { return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" }

// clientIP is the peer address. Behind a reverse proxy, the proxy's address is recorded;
// trusting X-Forwarded-For needs a configured proxy list, which Stride does not have yet.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// crossOrigin refuses cross-origin writes (browsers' Sec-Fetch-Site and Origin headers)
// with a JSON error.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		return stride.Errorf(stride.EForbidden, "error.cross_origin")
	}))
	return cop.Handler(next)
}

// noRoute answers unknown API paths with JSON: 405 when the path exists for another
// method, 404 otherwise.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		for _, m := range allow {
			w.Header().Add("Allow", m)
		}
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Code: stride.EInvalid, Message: stride.T(lang(r), "error.method")})
		return nil
	}
	return stride.Errorf(stride.ENotFound, "error.not_route")
}

// requestInfo is filled in as a request passes the layers, for its log line.
type requestInfo struct {
	id   string
	user string
}

type infoKey struct{}

func info(r *http.Request) *requestInfo {
	if i, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

func requestID(r *http.Request) string { return info(r).id }

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe gives each request an id, recovers panics, logs one line and counts it.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{id: r.Header.Get("X-Request-Id")}
		if !requestIDPattern.MatchString(ri.id) {
			b := make([]byte, 8)
			rand.Read(b)
			ri.id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", ri.id)
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", ri.id)
				if rec.status == 0 {
					s.writeError(rec, r, fmt.Errorf("panic: %v", p))
				}
			}
			dur := time.Since(start)
			pattern := r.Pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(rec.status)).Inc()
			s.metrics.duration.WithLabelValues(pattern).Observe(dur.Seconds())
			s.log.LogAttrs(r.Context(), levelFor(rec.status), "request",
				slogAttrs(ri, r.Method, r.URL.Path, rec.status, dur)...)
		}()
		next.ServeHTTP(rec, r)
	})
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stride_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stride_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
