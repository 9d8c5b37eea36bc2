package stride

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Money is an exact amount in fen (分). On the wire and in forms it is a decimal string in
// 万元 (1万元 = 1,000,000 fen), so no amount ever passes through a float.
type Money int64

const fenPerWan = 1_000_000

// Wan renders the amount in 万元 with at least two decimals and no trailing zeros beyond
// them: "12345.67", "0.50", "-3.125".
func (m Money) Wan() string {
	neg := m < 0
	v := int64(m)
	if neg {
		v = -v
	}
	frac := fmt.Sprintf("%06d", v%fenPerWan)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	s := strconv.FormatInt(v/fenPerWan, 10) + "." + frac
	if neg {
		s = "-" + s
	}
	return s
}

// ParseWan parses a decimal amount in 万元: optional sign, digits, optional point and up
// to six decimals; thousands separators are accepted.
func ParseWan(s string) (Money, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 6 || !digits(whole) || !digits(frac) || len(whole) > 12 {
		return 0, Errorf(EInvalid, "validate.money")
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	frac += strings.Repeat("0", 6-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := w*fenPerWan + f
	if neg {
		v = -v
	}
	return Money(v), nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (m *Money) scanText(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("money: cannot scan %q: %w", s, err)
	}
	*m = Money(n)
	return nil
}

// MarshalJSON writes the 万元 decimal string.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(`"` + m.Wan() + `"`), nil }

// UnmarshalJSON accepts a decimal string, or a JSON number read from its literal text.
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) >= 2 && b[0] == '"' {
		b = b[1 : len(b)-1]
	}
	v, err := ParseWan(string(b))
	if err != nil {
		// A type error lets encoding/json name the field, so the message lands next to it.
		return &json.UnmarshalTypeError{Value: "money", Type: reflect.TypeFor[Money]()}
	}
	*m = v
	return nil
}

// Value stores the amount as an integer.
func (m Money) Value() (driver.Value, error) { return int64(m), nil }

// Scan reads an integer amount; PostgreSQL's SUM over BIGINT arrives as NUMERIC text.
func (m *Money) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*m = Money(v)
	case string:
		return m.scanText(v)
	case []byte:
		return m.scanText(string(v))
	case nil:
		*m = 0
	default:
		return fmt.Errorf("money: cannot scan %T", src)
	}
	return nil
}
