package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/stride-hq/stride"
)

// statusOf maps each error code to its HTTP status: the one table.
var statusOf = map[string]int{
	stride.EInvalid:      http.StatusBadRequest,
	stride.ENotFound:     http.StatusNotFound,
	stride.EConflict:     http.StatusConflict,
	stride.EForbidden:    http.StatusForbidden,
	stride.EUnauthorized: http.StatusUnauthorized,
	stride.EInternal:     http.StatusInternalServerError,
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Reason  string            `json:"reason,omitempty"`
}

// writeError answers with err rendered in the request's language. Errors that are not
// *stride.Error are internal: logged here, once, and never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *stride.Error
	if !errors.As(err, &e) {
		s.log.ErrorContext(r.Context(), "internal error", "err", err, "method", r.Method, "path", r.URL.Path, "request_id", requestID(r))
		e = stride.Errorf(stride.EInternal, "error.internal")
	}
	l := lang(r)
	body := errorBody{Code: e.Code, Message: e.Msg.In(l), Reason: e.Reason}
	if len(e.Fields) > 0 {
		body.Fields = e.Fields.In(l)
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Cookie realm="stride"`)
	}
	writeJSON(w, status, body)
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.Default().Debug("write response", "err", err)
	}
	return nil
}
