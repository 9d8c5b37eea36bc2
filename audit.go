package stride

import (
	"encoding/json"
	"time"
)

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeDenied  = "denied"
	OutcomeFailed  = "failed"
)

// AuditEntry is one row of the append-only audit log: who did what to which object, with
// the object before and after. Stores write it in the same transaction as the change.
type AuditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	UserID     *int64          `json:"user_id"`
	Username   string          `json:"username"`
	UnitName   string          `json:"unit_name"`
	IP         string          `json:"ip"`
	Action     string          `json:"action"` // object.verb, e.g. "user.create"
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	Outcome    string          `json:"outcome"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	From, To   time.Time // [From, To)
	Username   string
	Action     string
	ObjectType string
	Outcome    string
	Page       Page
}

// Login-log outcomes.
const (
	LoginSuccess     = "success"
	LoginBadPassword = "bad_password"
	LoginLocked      = "locked"
	LoginUnknownUser = "unknown_user"
	LoginDisabled    = "disabled"
	LoginLogout      = "logout"
	LoginTimeout     = "timeout"
)

// LoginEntry is one row of the login log.
type LoginEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Username  string    `json:"username"`
	UserID    *int64    `json:"user_id"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
	Outcome   string    `json:"outcome"`
	Message   string    `json:"message"`
}

// LoginFilter selects login-log entries.
type LoginFilter struct {
	From, To time.Time
	Username string
	IP       string
	Outcome  string
	Page     Page
}
