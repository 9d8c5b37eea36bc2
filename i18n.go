package stride

import (
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
// itself a Msg is rendered in the same language.
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
		if sub, ok := a.(Msg); ok {
			args[i] = sub.In(lang)
		} else {
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
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
