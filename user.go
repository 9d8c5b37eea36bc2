package stride

import (
	"strings"
	"time"
)

// UserStatus is active or disabled; a disabled user cannot sign in.
type UserStatus string

const (
	UserActive   UserStatus = "active"
	UserDisabled UserStatus = "disabled"
)

// RoleRef names a role a user holds.
type RoleRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// User is an account. Its phone number leaves the store masked.
type User struct {
	ID                 int64      `json:"id"`
	Username           string     `json:"username"`
	Name               string     `json:"name"`
	UnitID             int64      `json:"unit_id"`
	UnitName           string     `json:"unit_name"`
	Phone              string     `json:"phone"`
	Email              string     `json:"email"`
	Status             UserStatus `json:"status"`
	Locked             bool       `json:"locked"`
	LockedUntil        *time.Time `json:"locked_until"`
	MustChangePassword bool       `json:"must_change_password"`
	PasswordChangedAt  time.Time  `json:"password_changed_at"`
	LastLoginAt        *time.Time `json:"last_login_at"`
	Roles              []RoleRef  `json:"roles"`
	Version            int        `json:"version"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

// UserInput is what a system administrator sends to create (with Password) or update a user.
type UserInput struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	UnitID   int64  `json:"unit_id"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Version  int    `json:"version"`
}

// Validate checks the fields common to create and update; creating also checks the
// username and the initial password against the policy.
func (in *UserInput) Validate(creating bool, policy SecurityPolicy) error {
	f := Fields{}
	if creating {
		in.Username = strings.TrimSpace(in.Username)
		if !usernamePattern.MatchString(in.Username) {
			f.Add("username", "validate.username")
		}
		if m, ok := policy.Check(in.Password, in.Username); !ok {
			f["password"] = m
		}
	}
	f.Text("name", &in.Name, true, 50)
	f.Ref("unit_id", in.UnitID)
	// An update may send back the masked phone it was shown; the store keeps the number.
	if creating || !strings.Contains(in.Phone, "*") {
		f.Phone("phone", &in.Phone)
	}
	f.Email("email", &in.Email)
	return f.Err()
}

// UserFilter selects users for a list page.
type UserFilter struct {
	Query  string // username or name contains
	UnitID int64
	Status UserStatus
	RoleID int64
	Page   Page
}

// MaskPhone keeps the first three and last four digits of a phone number.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 8 {
		return p
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}
