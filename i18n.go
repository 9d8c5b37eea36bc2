package stride

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Lang is a user-interface language. zh-CN is the default; English is the switch.
type Lang string

const (
	LangZH Lang = "zh-CN"
	LangEN Lang = "en"
)

// ParseLang picks the language from an Accept-Language header value: English when the
// first preference is English, Chinese otherwise.
func ParseLang(header string) Lang {
	first := strings.ToLower(strings.TrimSpace(strings.Split(header, ",")[0]))
	if strings.HasPrefix(first, "en") {
		return LangEN
	}
	return LangZH
}

// Msg is a user-facing message: a catalog key and its arguments. An argument that is
// itself a Msg is rendered in the same language, a Date as a date of that language.
type Msg struct {
	Key  string
	Args []any
}

// In renders the message in lang. A key missing from the catalog renders as the key, and
// a test keeps every key used by the code present in both languages.
func (m Msg) In(lang Lang) string {
	entry, ok := messages[m.Key]
	if !ok {
		return m.Key
	}
	format := entry.zh
	if lang == LangEN {
		format = entry.en
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch a := a.(type) {
		case Msg:
			args[i] = a.In(lang)
		case Date:
			args[i] = DateText(a, lang)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// storedMsg is the JSON form of a Msg kept in the database, to be rendered later in the
// reader's language: {"key": "...", "args": [...]}, with a Msg argument nested in the same
// form and a Date argument as {"date": "2006-01-02"}.
type storedMsg struct {
	Key  string            `json:"key,omitempty"`
	Args []json.RawMessage `json:"args,omitempty"`
	Date string            `json:"date,omitempty"`
}

// MarshalJSON stores the message for later rendering.
func (m Msg) MarshalJSON() ([]byte, error) {
	out := storedMsg{Key: m.Key}
	for _, a := range m.Args {
		var b []byte
		var err error
		if d, ok := a.(Date); ok {
			b, err = json.Marshal(storedMsg{Date: d.String()})
		} else {
			b, err = json.Marshal(a)
		}
		if err != nil {
			return nil, err
		}
		out.Args = append(out.Args, b)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a stored message back, keeping integer arguments integers so that
// %d verbs render them, and other numbers as their digits.
func (m *Msg) UnmarshalJSON(data []byte) error {
	var in storedMsg
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*m = Msg{Key: in.Key}
	for _, raw := range in.Args {
		arg, err := storedArg(raw)
		if err != nil {
			return err
		}
		m.Args = append(m.Args, arg)
	}
	return nil
}

func storedArg(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		var probe storedMsg
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, err
		}
		if probe.Date != "" {
			return ParseDate(probe.Date)
		}
		var sub Msg
		err := sub.UnmarshalJSON(raw)
		return sub, err
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return int(i), nil
		}
		return n.String(), nil // a decimal keeps the digits it was stored with
	}
	return v, nil
}

// T renders a catalog key with arguments in lang.
func T(lang Lang, key string, args ...any) string { return Msg{Key: key, Args: args}.In(lang) }

// HasMessage reports whether the catalog holds key.
func HasMessage(key string) bool { _, ok := messages[key]; return ok }

// MessageKeys lists the catalog's keys, for tests.
func MessageKeys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	return keys
}

// Format returns the raw format string of key in lang.
func Format(lang Lang, key string) string {
	if lang == LangEN {
		return messages[key].en
	}
	return messages[key].zh
}
