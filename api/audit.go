package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.AuditFilter{From: p.date("from", false), To: p.date("to", true), Username: p.str("username", 64),
		Action: p.str("action", 64), ObjectType: p.str("object_type", 32), Outcome: p.str("outcome", 16), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	list, err := s.store.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

func (s *Server) listLogins(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.LoginFilter{From: p.date("from", false), To: p.date("to", true), Username: p.str("username", 64),
		IP: p.str("ip", 64), Outcome: p.str("outcome", 16), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	list, err := s.store.ListLogins(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}
