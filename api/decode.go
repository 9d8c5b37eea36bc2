package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

// maxBody bounds a JSON request body.
const maxBody = 1 << 20

// decode reads the JSON body into v. Malformed JSON, unknown fields, wrong types and
// oversized bodies become invalid errors, with the field named where there is one.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var sizeErr *http.MaxBytesError
	if errors.As(err, &sizeErr) {
		return stride.Errorf(stride.EInvalid, "error.body_too_large", maxBody>>10)
	} else if err != nil {
		return &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "error.json"}, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber() // free-form values (custom fields) keep their exact digits
	err = dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var (
		typeErr  *json.UnmarshalTypeError
		parseErr *time.ParseError
	)
	f := stride.Fields{}
	switch {
	case errors.As(err, &parseErr) || strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		// encoding/json does not name the field of a time that fails to parse: find it.
		if name := badTimeField(body, reflect.TypeOf(v)); name != "" {
			f.Add(name, "validate.datetime")
			return f.Err()
		}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		switch typeErr.Type {
		case reflect.TypeFor[stride.Money]():
			f.Add(typeErr.Field, "validate.money")
		case reflect.TypeFor[stride.Date]():
			f.Add(typeErr.Field, "validate.date")
		default:
			f.Add(typeErr.Field, "error.wrong_type", stride.Msg{Key: "type." + jsonKind(typeErr.Type)})
		}
		return f.Err()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		f.Add(name, "error.unknown_field")
		return f.Err()
	}
	return &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "error.json"}, Err: err}
}

// badTimeField names the top-level field of the struct t points to whose value in body
// is not a valid time, or "".
func badTimeField(body []byte, t reflect.Type) string {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return ""
	}
	for _, sf := range reflect.VisibleFields(t.Elem()) {
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if ft != reflect.TypeFor[time.Time]() || name == "" || name == "-" {
			continue
		}
		var tm *time.Time
		if value, ok := raw[name]; ok && json.Unmarshal(value, &tm) != nil {
			return name
		}
	}
	return ""
}

// jsonKind names the JSON type a Go type expects.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// pathID reads the {id} path value; a malformed id is not_found, like a missing one.
func pathID(r *http.Request, kind string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, stride.NotFound(kind)
	}
	return id, nil
}

// params reads query parameters, collecting malformed ones as field errors. The query is
// parsed once, not once per parameter.
type params struct {
	q      url.Values
	fields stride.Fields
	zone   *time.Location
}

func newParams(r *http.Request, zone *time.Location) *params {
	return &params{q: r.URL.Query(), fields: stride.Fields{}, zone: zone}
}

func (p *params) str(name string, max int) string {
	v := strings.TrimSpace(p.q.Get(name))
	if len([]rune(v)) > max {
		p.fields.Add(name, "validate.max_len", max)
		return ""
	}
	return v
}

func (p *params) int(name string) int64 {
	v := p.q.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		p.fields.Add(name, "error.query_param")
	}
	return n
}

// date reads a civil date (2006-01-02) as the start of that day in the zone; end=true
// gives the start of the next day, for an inclusive "to" bound.
func (p *params) date(name string, end bool) time.Time {
	v := p.q.Get(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", v, p.zone)
	if err != nil {
		p.fields.Add(name, "error.query_param")
		return time.Time{}
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (p *params) page() stride.Page {
	pg := stride.Page{Number: int(p.int("page")), Size: int(p.int("size")), Sort: p.str("sort", 40)}
	pg.Normalize()
	return pg
}

func (p *params) err() error { return p.fields.Err() }
