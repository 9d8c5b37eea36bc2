package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.UserFilter{Query: p.str("q", 50), UnitID: p.int("unit_id"), Status: stride.UserStatus(p.str("status", 20)),
		RoleID: p.int("role_id"), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, userSheet(), func() (stride.List[*stride.User], error) {
		return s.store.ListUsers(r.Context(), f)
	})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	u, err := s.store.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in stride.UserInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	policy, err := s.store.SecurityPolicy(r.Context())
	if err != nil {
		return err
	}
	if err := in.Validate(true, policy); err != nil {
		return err
	}
	u, err := s.store.CreateUser(r.Context(), stride.ActorFrom(r.Context()), in, policy.ForceChangeFirstLogin)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var in stride.UserInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(false, stride.SecurityPolicy{}); err != nil {
		return err
	}
	u, err := s.store.UpdateUser(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) setStatus(status stride.UserStatus) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "user")
		if err != nil {
			return err
		}
		u, err := s.store.SetUserStatus(r.Context(), stride.ActorFrom(r.Context()), id, status)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, u)
	}
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) error {
	return s.setStatus(stride.UserDisabled)(w, r)
}

func (s *Server) enableUser(w http.ResponseWriter, r *http.Request) error {
	return s.setStatus(stride.UserActive)(w, r)
}

type resetIn struct {
	Password string `json:"password"`
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var in resetIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.store.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	policy, err := s.store.SecurityPolicy(r.Context())
	if err != nil {
		return err
	}
	if m, ok := policy.Check(in.Password, u.Username); !ok {
		return stride.Fields{"password": m}.Err()
	}
	if err := s.store.ResetPassword(r.Context(), stride.ActorFrom(r.Context()), id, in.Password); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) unlockUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	u, err := s.store.UnlockUser(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) grantRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var in stride.GrantInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if len(in.RoleIDs) > 50 {
		return stride.Fields{"role_ids": {Key: "validate.range", Args: []any{0, 50}}}.Err()
	}
	u, err := s.store.GrantRoles(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}
