package api

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

// openapiDoc builds the OpenAPI 3 document from the route table, with request and
// response schemas derived from the Go types the routes name. A test keeps it equal to
// the routes the mux serves.
func (s *Server) openapiDoc() map[string]any {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.summary,
			"tags":        []string{rt.tag},
			"operationId": operationID(rt),
			"responses":   responses(rt, schemas),
		}
		switch rt.access {
		case public:
			op["security"] = []any{}
		case permitted:
			op["x-permissions"] = rt.perms
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
				"schema": map[string]any{"type": "integer", "format": "int64"}})
		}
		if rt.xlsx {
			params = append(params,
				map[string]any{"name": "format", "in": "query", "description": "xlsx: a workbook of every row the filters select (up to 50,000) instead of one JSON page",
					"schema": map[string]any{"type": "string", "enum": []string{"json", "xlsx"}}},
				map[string]any{"name": "columns", "in": "query", "description": "with format=xlsx: the web table's column keys to write, comma-separated; all when absent",
					"schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.in != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.in), schemas)}}}
		}
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	schemas["Error"] = map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
		"code":    map[string]any{"type": "string", "enum": []string{stride.EInvalid, stride.ENotFound, stride.EConflict, stride.EForbidden, stride.EUnauthorized, stride.EInternal}},
		"message": map[string]any{"type": "string"},
		"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		"reason":  map[string]any{"type": "string"},
	}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Stride API", "version": s.version,
			"description": "重点项目建设提速平台. Money is a decimal string in 万元; times are RFC 3339 UTC; lists are {items, total} with page, size and sort."},
		"servers":    []any{map[string]any{"url": "/"}},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas, "securitySchemes": map[string]any{"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie}}},
		"security":   []any{map[string]any{"session": []string{}}},
	}
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func operationID(rt route) string {
	id := strings.ToLower(rt.method)
	for _, part := range strings.Split(strings.TrimPrefix(rt.path, "/api/v1"), "/") {
		part = strings.Trim(part, "{}")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			id += strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return id
}

func responses(rt route, schemas map[string]any) map[string]any {
	errRef := map[string]any{"description": "Error", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	out := map[string]any{"default": errRef}
	status := "200"
	if rt.method == "POST" && rt.out != nil && !strings.Contains(rt.path, "{id}") && rt.path != "/api/v1/auth/login" {
		status = "201"
	}
	if rt.out == nil {
		if rt.access == public {
			out["200"] = map[string]any{"description": "OK"}
		} else {
			out["204"] = map[string]any{"description": "No content"}
		}
		return out
	}
	content := map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.out), schemas)}}
	if rt.xlsx {
		content[xlsxType] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
	}
	out[status] = map[string]any{"description": "OK", "content": content}
	return out
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	moneyType = reflect.TypeFor[stride.Money]()
)

// schemaOf returns the JSON schema of t, adding named struct types to schemas.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var s map[string]any
	switch {
	case t == timeType:
		s = map[string]any{"type": "string", "format": "date-time"}
	case t == moneyType:
		s = map[string]any{"type": "string", "pattern": `^-?\d+(\.\d{1,6})?$`, "description": "万元, decimal"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		s = map[string]any{"type": "object", "nullable": true}
	case t.Kind() == reflect.Struct:
		name := schemaName(t)
		if _, ok := schemas[name]; !ok {
			schemas[name] = nil // reserve against recursion
			props := map[string]any{}
			for i := range t.NumField() {
				f := t.Field(i)
				tag := strings.Split(f.Tag.Get("json"), ",")[0]
				if !f.IsExported() || tag == "-" {
					continue
				}
				if tag == "" {
					tag = f.Name
				}
				props[tag] = schemaOf(f.Type, schemas)
			}
			schemas[name] = map[string]any{"type": "object", "properties": props}
		}
		s = map[string]any{"$ref": "#/components/schemas/" + name}
		if nullable {
			s = map[string]any{"allOf": []any{s}, "nullable": true}
		}
		return s
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		s = map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		s = map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.String:
		s = map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		s = map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		s = map[string]any{"type": "number"}
	default:
		s = map[string]any{}
	}
	if nullable {
		s["nullable"] = true
	}
	return s
}

// schemaName names a struct type for components: List[stride.User] becomes ListUser.
func schemaName(t reflect.Type) string {
	name := t.Name()
	if i := strings.Index(name, "["); i >= 0 {
		inner := name[i+1 : len(name)-1]
		inner = inner[strings.LastIndex(inner, ".")+1:]
		name = name[:i] + strings.TrimPrefix(inner, "*")
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.openapiDoc())
}
