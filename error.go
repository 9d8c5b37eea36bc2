package stride

import (
	"errors"
	"fmt"
)

// Error codes. The api package maps each to one HTTP status in one table.
const (
	EInvalid      = "invalid"
	ENotFound     = "not_found"
	EConflict     = "conflict"
	EForbidden    = "forbidden"
	EUnauthorized = "unauthorized"
	EInternal     = "internal"
)

// Reasons refine a code where a client must act differently, such as going to the
// change-password page instead of showing a message.
const (
	ReasonAccountLocked          = "account_locked"
	ReasonPasswordChangeRequired = "password_change_required"
	ReasonPasswordExpired        = "password_expired"
	ReasonSessionExpired         = "session_expired"
)

// Error is the error every layer returns for conditions a user can act on. Its message is
// a catalog key so the boundary renders it in the request's language; Err keeps the cause
// for the log and is never shown.
type Error struct {
	Code   string
	Msg    Msg
	Fields Fields
	Reason string
	Err    error
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Msg.In(LangEN)
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", e.Fields.In(LangEN))
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and catalog message.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Msg: Msg{Key: key, Args: args}}
}

// NotFound returns the not_found error for an object kind; it is also what an actor gets
// for an object that exists outside its scope.
func NotFound(kind string) *Error {
	return Errorf(ENotFound, "error.not_found", Msg{Key: "object." + kind})
}

// StaleVersion is the conflict returned when an update carries an outdated version.
func StaleVersion() *Error { return Errorf(EConflict, "error.stale_version") }

// ErrorCode returns the code of err, EInternal for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// IsCode reports whether err carries the code.
func IsCode(err error, code string) bool { return err != nil && ErrorCode(err) == code }
