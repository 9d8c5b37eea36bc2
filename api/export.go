package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

// List exports. Every list endpoint answers format=xlsx with a workbook of the rows the
// same request selects as JSON: the handler parses its filters, sort and scope once and
// hands answerList a fetch that calls its store method; the export calls that fetch again
// page by page, so it has no query path of its own. columns=a,b,c picks the web table's
// visible columns by key; without it every column is written. Headings and value labels
// are in the request's language.

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

const (
	// maxExportRows bounds the rows of one export; the file says when more matched.
	maxExportRows = 50_000
	// exportPageSize is the page size an export reads with. It keeps the IN lists the
	// store builds for a page's child rows (photos, roles, targets) within what both
	// engines take.
	exportPageSize = 5_000
)

// sheet describes how a list of T exports: its title and its columns in the order of the
// web table.
type sheet[T any] struct {
	title   string // message key of the title (and sheet name)
	file    string // ASCII name of the download for clients without RFC 5987
	subject string // shown after the title when the list belongs to one thing (a project)
	cols    []column[T]
	filters []filter
}

// column is one exported column. Several columns may share a key: one web column whose
// content is better typed as two cells (a count and an overdue count) exports as both.
type column[T any] struct {
	key   string // the web table's column key, as columns= names it
	label string // message key of the heading
	kind  office.Kind
	value func(x *exportCtx, v T) any
}

func col[T any](key, label string, kind office.Kind, value func(x *exportCtx, v T) any) column[T] {
	return column[T]{key: key, label: label, kind: kind, value: value}
}

// filter is a query parameter the note under the title names when the request sets it.
type filter struct {
	param string
	label string                                  // message key
	show  func(x *exportCtx, value string) string // nil: the value as sent
}

// exportCtx is what cell values and the filter summary are rendered with.
type exportCtx struct {
	s    *Server
	r    *http.Request
	lang stride.Lang
}

func (x *exportCtx) t(key string, args ...any) string { return stride.T(x.lang, key, args...) }

// enum is the label of a code under prefix; an unknown code is shown as it is.
func (x *exportCtx) enum(prefix, code string) string {
	if code == "" {
		return ""
	}
	if stride.HasMessage(prefix + code) {
		return x.t(prefix + code)
	}
	return code
}

// date is the civil date of t in the zone (zero for nil).
func (x *exportCtx) date(t *time.Time) stride.Date {
	if t == nil || t.IsZero() {
		return stride.Date{}
	}
	return stride.DateOf(t.In(x.s.zone))
}

// enumFilter shows a filter value by its label.
func enumFilter(prefix string) func(x *exportCtx, v string) string {
	return func(x *exportCtx, v string) string { return x.enum(prefix, v) }
}

// yesFilter shows a true/1 filter as 是.
func yesFilter(x *exportCtx, v string) string {
	if v == "true" || v == "1" {
		return x.t("xlsx.yes")
	}
	return v
}

// projectFilter, unitFilter and roleFilter show an id by the name it stands for (a
// project read in the caller's scope); an id that does not resolve is shown as it is.
func projectFilter(x *exportCtx, v string) string {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if p, err := x.s.store.GetProject(x.r.Context(), stride.ActorFrom(x.r.Context()), id); err == nil {
			return p.Name
		}
	}
	return v
}

func unitFilter(x *exportCtx, v string) string {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if u, err := x.s.store.GetUnit(x.r.Context(), id); err == nil {
			return u.Name
		}
	}
	return v
}

func roleFilter(x *exportCtx, v string) string {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil {
		if ro, err := x.s.store.GetRole(x.r.Context(), id); err == nil {
			return ro.Name
		}
	}
	return v
}

// wantsXLSX reports whether the request asks for a workbook.
func wantsXLSX(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

// answerList answers a list request: the JSON page fetch reads, or with format=xlsx a
// workbook of every row the same filters, sort and scope select, up to s.exportLimit rows.
// page points into the filter fetch reads (nil for lists without paging); the export moves
// it from page to page and calls fetch again.
func answerList[T any](s *Server, w http.ResponseWriter, r *http.Request, page *stride.Page, sh *sheet[T], fetch func() (stride.List[T], error)) error {
	switch r.URL.Query().Get("format") {
	case "", "json":
		list, err := fetch()
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, list)
	case "xlsx":
		return exportList(s, w, r, page, sh, fetch)
	}
	return stride.Fields{"format": {Key: "xlsx.format"}}.Err()
}

// pick returns the columns a columns= value names, in the table's order; empty: all.
func (sh *sheet[T]) pick(param string) ([]column[T], error) {
	if strings.TrimSpace(param) == "" {
		return sh.cols, nil
	}
	want := map[string]bool{}
	for _, k := range strings.Split(param, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if !slices.ContainsFunc(sh.cols, func(c column[T]) bool { return c.key == k }) {
			return nil, stride.Fields{"columns": {Key: "xlsx.column_unknown", Args: []any{k}}}.Err()
		}
		want[k] = true
	}
	var out []column[T]
	for _, c := range sh.cols {
		if want[c.key] {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return sh.cols, nil
	}
	return out, nil
}

func exportList[T any](s *Server, w http.ResponseWriter, r *http.Request, page *stride.Page, sh *sheet[T], fetch func() (stride.List[T], error)) error {
	cols, err := sh.pick(r.URL.Query().Get("columns"))
	if err != nil {
		return err
	}
	if page != nil {
		*page = stride.Page{Number: 1, Size: s.exportPage, Sort: page.Sort}
	}
	list, err := fetch()
	if err != nil {
		return err
	}
	settings, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	x := &exportCtx{s: s, r: r, lang: lang(r)}
	now := s.now().In(s.zone)
	title := x.t(sh.title)
	if sh.subject != "" {
		title = x.t("xlsx.subject", title, sh.subject)
	}
	heads := make([]office.TableColumn, len(cols))
	for i, c := range cols {
		heads[i] = office.TableColumn{Header: x.t(c.label), Kind: c.kind}
	}
	tw, err := office.NewTableWriter(office.Table{Sheet: x.t(sh.title), Title: title, Note: sh.note(x, settings.ZoneName, now, list.Total, s.exportLimit),
		Columns: heads, Zone: s.zone})
	if err != nil {
		return err
	}
	defer tw.Close()
	written := 0
	for {
		for _, item := range list.Items {
			if written == s.exportLimit {
				break
			}
			cells := make([]any, len(cols))
			for i, c := range cols {
				cells[i] = c.value(x, item)
			}
			if err := tw.Write(cells); err != nil {
				return err
			}
			written++
		}
		if page == nil || written >= s.exportLimit || written >= list.Total || len(list.Items) < page.Size {
			break
		}
		page.Number++
		page.KnownTotal = list.Total
		if list, err = fetch(); err != nil {
			return err
		}
	}
	b, err := tw.Bytes()
	if err != nil {
		return err
	}
	name := title + "_" + now.Format("20060102_1504") + ".xlsx"
	return writeDownload(w, sh.file+".xlsx", name, b)
}

// note is the line under the title: the zone, who exported it and when, the filters the
// request set, and how many rows there are (or that only the first limit are in).
func (sh *sheet[T]) note(x *exportCtx, zone string, now time.Time, total, limit int) string {
	var parts []string
	if zone != "" {
		parts = append(parts, zone)
	}
	parts = append(parts, x.t("xlsx.note.exported", now.Format("2006-01-02 15:04")))
	if a := stride.ActorFrom(x.r.Context()); a != nil && a.Name != "" {
		parts = append(parts, x.t("xlsx.note.by", a.Name))
	}
	q := x.r.URL.Query()
	var fs []string
	for _, f := range sh.filters {
		v := strings.TrimSpace(q.Get(f.param))
		if v == "" {
			continue
		}
		if f.show != nil {
			v = f.show(x, v)
		}
		fs = append(fs, x.t("xlsx.note.pair", x.t(f.label), v))
	}
	if len(fs) > 0 {
		parts = append(parts, x.t("xlsx.note.filters", strings.Join(fs, x.t("xlsx.note.list_sep"))))
	}
	if total > limit {
		parts = append(parts, x.t("xlsx.note.truncated", thousands(total), thousands(limit)))
	} else {
		parts = append(parts, x.t("xlsx.note.rows", thousands(total)))
	}
	return strings.Join(parts, x.t("xlsx.note.sep"))
}

// thousands writes n with thousands separators: 50,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// writeDownload answers a workbook as a download named name (ascii for old clients).
func writeDownload(w http.ResponseWriter, ascii, name string, b []byte) error {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err := w.Write(b)
	return err
}
