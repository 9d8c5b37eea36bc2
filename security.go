package stride

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// SecurityPolicy is the security administrator's policy (等保2.0 level 3 defaults).
type SecurityPolicy struct {
	PasswordMinLength     int  `json:"password_min_length"`
	PasswordMinClasses    int  `json:"password_min_classes"`
	PasswordExpiryDays    int  `json:"password_expiry_days"` // 0: never
	ForceChangeFirstLogin bool `json:"force_change_first_login"`
	LockoutThreshold      int  `json:"lockout_threshold"`
	LockoutMinutes        int  `json:"lockout_minutes"`
	IdleTimeoutMinutes    int  `json:"idle_timeout_minutes"`
	Version               int  `json:"version"`
}

// DefaultSecurityPolicy is the policy of a fresh database.
func DefaultSecurityPolicy() SecurityPolicy {
	return SecurityPolicy{
		PasswordMinLength: 8, PasswordMinClasses: 3, PasswordExpiryDays: 90,
		ForceChangeFirstLogin: true, LockoutThreshold: 5, LockoutMinutes: 15, IdleTimeoutMinutes: 30,
	}
}

// Validate checks the policy stays within what the security baseline allows.
func (p *SecurityPolicy) Validate() error {
	f := Fields{}
	rng := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			f.Add(field, "validate.range", lo, hi)
		}
	}
	rng("password_min_length", p.PasswordMinLength, 8, 64)
	rng("password_min_classes", p.PasswordMinClasses, 2, 4)
	rng("password_expiry_days", p.PasswordExpiryDays, 0, 365)
	rng("lockout_threshold", p.LockoutThreshold, 3, 10)
	rng("lockout_minutes", p.LockoutMinutes, 5, 1440)
	rng("idle_timeout_minutes", p.IdleTimeoutMinutes, 5, 120)
	return f.Err()
}

// IdleTimeout is how long a session lives without a request.
func (p SecurityPolicy) IdleTimeout() time.Duration {
	return time.Duration(p.IdleTimeoutMinutes) * time.Minute
}

// PasswordExpired reports whether a password changed at changed has expired at now.
func (p SecurityPolicy) PasswordExpired(changed, now time.Time) bool {
	return p.PasswordExpiryDays > 0 && now.After(p.PasswordExpiresAt(changed))
}

// PasswordExpiresAt is when a password changed at changed expires.
func (p SecurityPolicy) PasswordExpiresAt(changed time.Time) time.Time {
	return changed.AddDate(0, 0, p.PasswordExpiryDays)
}

// Check returns the message that says what is wrong with password, or ok.
func (p SecurityPolicy) Check(password, username string) (Msg, bool) {
	if len([]rune(password)) < p.PasswordMinLength {
		return Msg{Key: "password.too_short", Args: []any{p.PasswordMinLength}}, false
	}
	if len(password) > 128 {
		return Msg{Key: "validate.max_len", Args: []any{128}}, false
	}
	var lower, upper, digit, other int
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < p.PasswordMinClasses {
		return Msg{Key: "password.classes", Args: []any{p.PasswordMinClasses}}, false
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return Msg{Key: "password.contains_username"}, false
	}
	return Msg{}, true
}

// Settings are the system administrator's settings.
type Settings struct {
	ZoneName          string `json:"zone_name"`
	PlatformName      string `json:"platform_name"`
	HQName            string `json:"hq_name"`
	ReportDeadlineDay int    `json:"report_deadline_day"`
	Version           int    `json:"version"`
}

// DefaultSettings are the settings of a fresh database.
func DefaultSettings() Settings {
	return Settings{ZoneName: "开发区", PlatformName: "重点项目建设提速平台", HQName: "项目建设指挥部", ReportDeadlineDay: 5}
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	f := Fields{}
	f.Text("zone_name", &s.ZoneName, true, 50)
	f.Text("platform_name", &s.PlatformName, true, 50)
	f.Text("hq_name", &s.HQName, true, 50)
	if s.ReportDeadlineDay < 1 || s.ReportDeadlineDay > 28 {
		f.Add("report_deadline_day", "validate.range", 1, 28)
	}
	return f.Err()
}

// argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane), chosen so that a burst
// of logins on a small server stays within its memory budget.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether password matches a hash made by HashPassword, in
// constant time. A malformed hash never matches.
func VerifyPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var mem uint32
	var t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// RandomPassword returns a password that satisfies any allowed policy: 16 characters
// drawn so that all four classes are present.
func RandomPassword() string {
	const classes = "abcdefghijkmnpqrstuvwxyz|ABCDEFGHJKLMNPQRSTUVWXYZ|23456789|@#%+=!"
	sets := strings.Split(classes, "|")
	buf := make([]byte, 16)
	rand.Read(buf)
	out := make([]byte, 16)
	for i, b := range buf {
		set := sets[i%len(sets)]
		out[i] = set[int(b)%len(set)]
	}
	return string(out)
}
