package stride

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Fields collects field-level validation messages, keyed by the JSON field name.
type Fields map[string]Msg

// Add records a message for field unless one is already there: the first problem with a
// field is the one a user should fix first.
func (f Fields) Add(field, key string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = Msg{Key: key, Args: args}
	}
}

// Err returns nil when no field failed, else an invalid *Error holding the fields.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Msg: Msg{Key: "error.invalid_fields"}, Fields: f}
}

// In renders every message in lang.
func (f Fields) In(lang Lang) map[string]string {
	out := make(map[string]string, len(f))
	for k, m := range f {
		out[k] = m.In(lang)
	}
	return out
}

// Text trims s and checks it is present when required and at most max characters long.
func (f Fields) Text(field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && required:
		f.Add(field, "validate.required")
	case utf8.RuneCountInString(*s) > max:
		f.Add(field, "validate.max_len", max)
	}
}

// Ref checks that a reference to another record is set.
func (f Fields) Ref(field string, id int64) {
	if id <= 0 {
		f.Add(field, "validate.required")
	}
}

var (
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{2,32}$`)
	phonePattern    = regexp.MustCompile(`^[0-9+\- ]{5,20}$`)
	emailPattern    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// Phone checks an optional phone number.
func (f Fields) Phone(field string, s *string) {
	*s = strings.TrimSpace(*s)
	if *s != "" && !phonePattern.MatchString(*s) {
		f.Add(field, "validate.phone")
	}
}

// Email checks an optional e-mail address.
func (f Fields) Email(field string, s *string) {
	f.Text(field, s, false, 100)
	if *s != "" && !emailPattern.MatchString(*s) {
		f.Add(field, "validate.email")
	}
}
