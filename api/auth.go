package api

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) error {
	promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}

type metaOut struct {
	PlatformName string `json:"platform_name"`
	ZoneName     string `json:"zone_name"`
	Version      string `json:"version"`
}

func (s *Server) meta(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, metaOut{PlatformName: st.PlatformName, ZoneName: st.ZoneName, Version: s.version})
}

type loginIn struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// meOut is the signed-in user as the web app needs it.
type meOut struct {
	User               *stride.User `json:"user"`
	Permissions        []string     `json:"permissions"`
	MustChangePassword bool         `json:"must_change_password"`
	PasswordExpired    bool         `json:"password_expired"`
	PasswordExpiresAt  *time.Time   `json:"password_expires_at"`
	IdleTimeoutMinutes int          `json:"idle_timeout_minutes"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in loginIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f := stride.Fields{}
	f.Text("username", &in.Username, true, 64)
	if in.Password == "" {
		f.Add("password", "validate.required")
	} else if len(in.Password) > 128 {
		f.Add("password", "validate.max_len", 128)
	}
	if err := f.Err(); err != nil {
		return err
	}
	token, a, err := s.store.Login(r.Context(), store.LoginRequest{
		Username: in.Username, Password: in.Password, IP: clientIP(r), UserAgent: r.UserAgent(), Zone: s.zone,
	})
	if err != nil {
		return err
	}
	setCookie(w, r, token)
	out, err := s.meOf(r.Context(), a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Logout(r.Context(), stride.ActorFrom(r.Context()), r.UserAgent()); err != nil {
		return err
	}
	clearCookie(w, r)
	return noContent(w)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	out, err := s.meOf(r.Context(), stride.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) meOf(ctx context.Context, a *stride.Actor) (*meOut, error) {
	u, err := s.store.GetUser(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	policy, err := s.store.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	out := &meOut{User: u, Permissions: a.PermissionList(), MustChangePassword: a.MustChangePassword,
		PasswordExpired: a.PasswordExpired, IdleTimeoutMinutes: policy.IdleTimeoutMinutes}
	if policy.PasswordExpiryDays > 0 {
		t := policy.PasswordExpiresAt(u.PasswordChangedAt)
		out.PasswordExpiresAt = &t
	}
	return out, nil
}

type passwordIn struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.ChangeOwnPassword(r.Context(), stride.ActorFrom(r.Context()), in.OldPassword, in.NewPassword); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) permissionTree(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, stride.PermissionTree(lang(r)))
}
