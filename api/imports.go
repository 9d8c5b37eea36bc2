package api

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

// importTTL is how long an uploaded ledger waits for its commit.
const importTTL = 24 * time.Hour

// importOptions are the choices a user makes in the preview, sent again to commit.
type importOptions struct {
	Sheet   string                        `json:"sheet"`
	Year    int                           `json:"year"`
	Mapping map[stride.LedgerField]string `json:"mapping"`
}

// importMeta is kept beside an uploaded file.
type importMeta struct {
	UserID   int64         `json:"user_id"`
	FileName string        `json:"file_name"`
	Uploaded time.Time     `json:"uploaded"`
	Options  importOptions `json:"options"`
}

// importPreview is the answer to a preview: what the workbook holds and what importing it
// would do.
type importPreview struct {
	Token      string                        `json:"token"`
	FileName   string                        `json:"file_name"`
	Format     string                        `json:"format"`
	Sheet      string                        `json:"sheet"`
	Sheets     []office.SheetInfo            `json:"sheets"`
	Layout     string                        `json:"layout"`
	Title      string                        `json:"title"`
	HeaderRows []int                         `json:"header_rows"`
	Columns    []office.Column               `json:"columns"`
	Mapping    map[stride.LedgerField]string `json:"mapping"`
	Fields     []fieldOut                    `json:"fields"`
	Year       int                           `json:"year"`
	YearFrom   string                        `json:"year_from"`
	Months     [2]int                        `json:"months"`
	Rows       []stride.LedgerRow            `json:"rows"`
	Plan       []stride.ImportRowPlan        `json:"plan"`
	NewUnits   []stride.ImportUnit           `json:"new_units"`
	Creates    int                           `json:"creates"`
	Updates    int                           `json:"updates"`
	Unchanged  int                           `json:"unchanged"`
	Skipped    []stride.ImportSkip           `json:"skipped"`
	Blank      int                           `json:"blank"`
	Issues     []stride.ImportIssue          `json:"issues"`
	Warnings   []stride.ImportIssue          `json:"warnings"`
	Totals     *office.CrossCheck            `json:"totals"`
	CanCommit  bool                          `json:"can_commit"`
}

// fieldOut names a ledger field for the mapping editor.
type fieldOut struct {
	Field stride.LedgerField `json:"field"`
	Label string             `json:"label"`
}

var tokenPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (s *Server) importDir() string { return filepath.Join(s.dataDir, "imports") }

// sweepImports removes uploads older than importTTL.
func (s *Server) sweepImports() {
	entries, err := os.ReadDir(s.importDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && s.now().Sub(info.ModTime()) > importTTL {
			os.Remove(filepath.Join(s.importDir(), e.Name()))
		}
	}
}

// loadImport reads an upload and its meta; not_found unless it exists, has not expired
// and belongs to the caller.
func (s *Server) loadImport(r *http.Request) (string, *importMeta, []byte, error) {
	token := r.PathValue("token")
	expired := stride.Errorf(stride.ENotFound, "import.expired")
	if !tokenPattern.MatchString(token) {
		return "", nil, nil, expired
	}
	raw, err := os.ReadFile(filepath.Join(s.importDir(), token+".json"))
	if err != nil {
		return "", nil, nil, expired
	}
	var meta importMeta
	if err := json.Unmarshal(raw, &meta); err != nil || meta.UserID != stride.ActorFrom(r.Context()).UserID ||
		s.now().Sub(meta.Uploaded) > importTTL {
		return "", nil, nil, expired
	}
	data, err := os.ReadFile(filepath.Join(s.importDir(), token+".upload"))
	if err != nil {
		return "", nil, nil, expired
	}
	return token, &meta, data, nil
}

func (s *Server) saveMeta(token string, meta *importMeta) error {
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.importDir(), token+".json"), b, 0o640)
}

// readLedger reads and parses an upload with the user's options.
func (s *Server) readLedger(name string, data []byte, opt importOptions) (*office.Book, *office.Ledger, error) {
	book, err := office.Read(name, data)
	if err != nil {
		return nil, nil, err
	}
	l, err := office.Parse(book, office.Options{Sheet: opt.Sheet, Year: opt.Year, DefaultYear: s.now().In(s.zone).Year(),
		Mapping: opt.Mapping})
	return book, l, err
}

// preview resolves a parsed ledger against the store for the caller and renders it.
func (s *Server) preview(r *http.Request, token string, meta *importMeta, l *office.Ledger) (*importPreview, error) {
	plan, err := s.store.PlanImport(r.Context(), stride.ActorFrom(r.Context()), l.Year, l.Rows)
	if err != nil {
		return nil, err
	}
	lg := lang(r)
	l.Localize(lg)
	issues := append(slices.Clone(l.Issues), plan.Issues...)
	for i := range issues {
		issues[i].Message = issues[i].Msg.In(lg)
	}
	slices.SortStableFunc(issues, func(a, b stride.ImportIssue) int { return a.Line - b.Line })
	out := &importPreview{Token: token, FileName: meta.FileName, Format: l.Format, Sheet: l.Sheet, Sheets: l.Sheets, Layout: l.Layout,
		Title: l.Title, HeaderRows: l.HeaderRows, Columns: l.Columns, Mapping: l.Mapping, Year: l.Year, YearFrom: l.YearFrom,
		Months: l.Months, Rows: l.Rows, Plan: plan.Rows, NewUnits: plan.NewUnits, Creates: plan.Creates, Updates: plan.Updates,
		Unchanged: plan.Same, Skipped: l.Skipped, Blank: l.Blank, Issues: issues, Warnings: l.Warnings, Totals: l.Totals}
	for _, f := range stride.LedgerFields {
		out.Fields = append(out.Fields, fieldOut{Field: f, Label: f.Label(lg)})
	}
	out.CanCommit = len(issues) == 0 && len(l.Rows) > 0
	return out, nil
}

// previewImport takes an uploaded ledger (multipart field "file", optional fields sheet,
// year and mapping as JSON), keeps it for the commit, and answers what importing it
// would do. Nothing is written to the database.
func (s *Server) previewImport(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, office.MaxFileBytes+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var sizeErr *http.MaxBytesError
		if errors.As(err, &sizeErr) {
			return stride.Errorf(stride.EInvalid, "import.too_large", office.MaxFileBytes>>20)
		}
		return stride.Fields{"file": {Key: "import.file_required"}}.Err()
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, office.MaxFileBytes+1))
	if err != nil {
		var sizeErr *http.MaxBytesError
		if errors.As(err, &sizeErr) {
			return stride.Errorf(stride.EInvalid, "import.too_large", office.MaxFileBytes>>20)
		}
		return err
	}
	opt := importOptions{Sheet: strings.TrimSpace(r.FormValue("sheet"))}
	if y := strings.TrimSpace(r.FormValue("year")); y != "" {
		if opt.Year, err = strconv.Atoi(y); err != nil || opt.Year < 1990 || opt.Year > 2100 {
			return stride.Fields{"year": {Key: "validate.range", Args: []any{1990, 2100}}}.Err()
		}
	}
	if m := strings.TrimSpace(r.FormValue("mapping")); m != "" {
		if err := json.Unmarshal([]byte(m), &opt.Mapping); err != nil {
			return stride.Fields{"mapping": {Key: "import.options"}}.Err()
		}
	}
	name := filepath.Base(header.Filename)
	_, l, err := s.readLedger(name, data, opt)
	if err != nil {
		return err
	}
	s.sweepImports()
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	meta := &importMeta{UserID: stride.ActorFrom(r.Context()).UserID, FileName: name, Uploaded: s.now(), Options: opt}
	if err := os.MkdirAll(s.importDir(), 0o750); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.importDir(), token+".upload"), data, 0o640); err != nil {
		return err
	}
	if err := s.saveMeta(token, meta); err != nil {
		return err
	}
	out, err := s.preview(r, token, meta, l)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// reviewImport answers the preview of a kept upload again with new options (a corrected
// mapping, another sheet or year).
func (s *Server) reviewImport(w http.ResponseWriter, r *http.Request) error {
	token, meta, data, err := s.loadImport(r)
	if err != nil {
		return err
	}
	var opt importOptions
	if err := decode(w, r, &opt); err != nil {
		return err
	}
	_, l, err := s.readLedger(meta.FileName, data, opt)
	if err != nil {
		return err
	}
	meta.Options = opt
	if err := s.saveMeta(token, meta); err != nil {
		return err
	}
	out, err := s.preview(r, token, meta, l)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// commitImport imports a kept upload with the options as confirmed, all or nothing.
func (s *Server) commitImport(w http.ResponseWriter, r *http.Request) error {
	token, meta, data, err := s.loadImport(r)
	if err != nil {
		return err
	}
	var opt importOptions
	if err := decode(w, r, &opt); err != nil {
		return err
	}
	_, l, err := s.readLedger(meta.FileName, data, opt)
	if err != nil {
		return err
	}
	meta.Options = opt
	if err := s.saveMeta(token, meta); err != nil {
		return err
	}
	if len(l.Issues) > 0 {
		return stride.Errorf(stride.EInvalid, "import.has_errors", len(l.Issues))
	}
	res, _, err := s.store.CommitImport(r.Context(), stride.ActorFrom(r.Context()), l.Year, l.Rows)
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(s.importDir(), token+".upload"))
	os.Remove(filepath.Join(s.importDir(), token+".json"))
	return writeJSON(w, http.StatusOK, res)
}

// importErrors answers the error workbook of a kept upload: a copy with every problem
// marked.
func (s *Server) importErrors(w http.ResponseWriter, r *http.Request) error {
	_, meta, data, err := s.loadImport(r)
	if err != nil {
		return err
	}
	book, l, err := s.readLedger(meta.FileName, data, meta.Options)
	if err != nil {
		return err
	}
	plan, err := s.store.PlanImport(r.Context(), stride.ActorFrom(r.Context()), l.Year, l.Rows)
	if err != nil {
		return err
	}
	lg := lang(r)
	issues := append(slices.Clone(l.Issues), plan.Issues...)
	for i := range issues {
		issues[i].Message = issues[i].Msg.In(lg)
	}
	out, err := office.ErrorWorkbook(data, book, l, issues, lg)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(meta.FileName, filepath.Ext(meta.FileName))
	return writeXLSX(w, "错误报告-"+base+".xlsx", out)
}

// importTemplate answers the import template of the zone for this year.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	settings, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	year := s.now().In(s.zone).Year()
	b, err := office.Template(settings.ZoneName, year)
	if err != nil {
		return err
	}
	return writeXLSX(w, settings.ZoneName+strconv.Itoa(year)+"年重点项目台账导入模板.xlsx", b)
}

// exportProjects answers the standard ledger of the projects the caller's scope and the
// list's filters select, optionally grouped (group_by=nature, category or unit).
func (s *Server) exportProjects(w http.ResponseWriter, r *http.Request) error {
	f, err := s.projectFilter(r)
	if err != nil {
		return err
	}
	groupBy := r.URL.Query().Get("group_by")
	if !slices.Contains(office.GroupBys, groupBy) {
		return stride.Fields{"group_by": {Key: "validate.choice"}}.Err()
	}
	rows, err := s.store.ExportProjects(r.Context(), stride.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	settings, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	today := stride.DateOf(s.now().In(s.zone))
	b, err := office.ExportLedger(rows, office.ExportOptions{Zone: settings.ZoneName, Year: f.Year,
		Months: ExportMonths(f.Year, today), GroupBy: groupBy, AsOf: today})
	if err != nil {
		return err
	}
	return writeXLSX(w, settings.ZoneName+strconv.Itoa(f.Year)+"年重点项目台账.xlsx", b)
}

// ExportMonths is the month range the completed investment of a year's ledger covers on
// a day: the months before this one for the current year, all twelve for a past year.
func ExportMonths(year int, today stride.Date) int {
	switch {
	case year < today.Year:
		return 12
	case year > today.Year:
		return 0
	}
	return int(today.Month) - 1
}

// writeXLSX answers a workbook as a download.
func writeXLSX(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="ledger.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err := w.Write(b)
	return err
}
