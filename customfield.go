package stride

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"
)

// FieldType is the type of a custom project field.
type FieldType string

const (
	FieldText   FieldType = "text"
	FieldNumber FieldType = "number"
	FieldDate   FieldType = "date"
	FieldChoice FieldType = "choice"
)

// CustomField is a project field an administrator defines. Values live in the project's
// custom map under Key: text as a string, number as a decimal string, date as
// "2006-01-02", choice as one of Options.
type CustomField struct {
	ID         int64     `json:"id"`
	Key        string    `json:"key"`
	Label      string    `json:"label"`
	Type       FieldType `json:"type"`
	Options    []string  `json:"options"`
	Required   bool      `json:"required"`
	Filterable bool      `json:"filterable"`
	ListColumn bool      `json:"list_column"`
	Sort       int       `json:"sort"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// CustomFieldInput is what an administrator sends to define or change a field.
type CustomFieldInput struct {
	Key        string    `json:"key"`
	Label      string    `json:"label"`
	Type       FieldType `json:"type"`
	Options    []string  `json:"options"`
	Required   bool      `json:"required"`
	Filterable bool      `json:"filterable"`
	ListColumn bool      `json:"list_column"`
	Sort       int       `json:"sort"`
	Version    int       `json:"version"`
}

var fieldKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Validate checks a field definition.
func (in *CustomFieldInput) Validate() error {
	f := Fields{}
	in.Key = strings.TrimSpace(in.Key)
	if !fieldKeyPattern.MatchString(in.Key) {
		f.Add("key", "validate.field_key")
	}
	f.Text("label", &in.Label, true, 30)
	switch in.Type {
	case FieldText, FieldNumber, FieldDate:
		in.Options = []string{}
	case FieldChoice:
		opts := []string{}
		for _, o := range in.Options {
			if o = strings.TrimSpace(o); o != "" && !slices.Contains(opts, o) {
				opts = append(opts, o)
			}
		}
		if len(opts) == 0 || len(opts) > 50 {
			f.Add("options", "validate.options")
		}
		in.Options = opts
	default:
		f.Add("type", "validate.choice")
	}
	return f.Err()
}

// validateCustom checks values against the definitions, records problems under
// "custom.KEY", and returns the values normalized (unknown keys dropped, empties removed).
func validateCustom(f Fields, values map[string]any, defs []CustomField) map[string]any {
	out := map[string]any{}
	for _, d := range defs {
		field := "custom." + d.Key
		v, present := values[d.Key]
		s, isString := v.(string)
		if n, ok := v.(json.Number); ok {
			s, isString = n.String(), true
		}
		if !present || v == nil || isString && strings.TrimSpace(s) == "" {
			if d.Required {
				f.Add(field, "validate.required")
			}
			continue
		}
		if !isString {
			f.Add(field, "error.wrong_type", Msg{Key: "type.string"})
			continue
		}
		s = strings.TrimSpace(s)
		switch d.Type {
		case FieldText:
			if len([]rune(s)) > 200 {
				f.Add(field, "validate.max_len", 200)
			}
		case FieldNumber:
			if !decimalPattern.MatchString(s) {
				f.Add(field, "validate.number")
			}
		case FieldDate:
			if _, err := ParseDate(s); err != nil {
				f.Add(field, "validate.date")
			}
		case FieldChoice:
			if !slices.Contains(d.Options, s) {
				f.Add(field, "validate.choice")
			}
		}
		out[d.Key] = s
	}
	return out
}

var decimalPattern = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,6})?$`)
