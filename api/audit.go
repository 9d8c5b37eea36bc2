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
	return answerList(s, w, r, &f.Page, auditSheet(), func() (stride.List[*stride.AuditEntry], error) {
		return s.store.ListAudit(r.Context(), f)
	})
}

func (s *Server) listLogins(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.LoginFilter{From: p.date("from", false), To: p.date("to", true), Username: p.str("username", 64),
		IP: p.str("ip", 64), Outcome: p.str("outcome", 16), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, loginSheet(), func() (stride.List[*stride.LoginEntry], error) {
		return s.store.ListLogins(r.Context(), f)
	})
}
