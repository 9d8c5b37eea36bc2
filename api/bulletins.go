package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

func (s *Server) listBulletins(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.BulletinFilter{Year: int(p.int("year")), Status: p.str("status", 20), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, bulletinSheet(), func() (stride.List[*stride.Bulletin], error) {
		return s.store.ListBulletins(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

// bulletinOut renders a bulletin's reasons in the request's language and says which
// downloads are offered.
func (s *Server) bulletinOut(w http.ResponseWriter, r *http.Request, status int, b *stride.Bulletin) error {
	if b.Content != nil {
		b.Content.Render(lang(r))
	}
	b.Exports = s.exportFormats(lang(r))
	return writeJSON(w, status, b)
}

// exportFormats lists the downloads: Word and Excel always, PDF when LibreOffice is
// installed, with the reason when it is not.
func (s *Server) exportFormats(l stride.Lang) []stride.ExportFormat {
	pdf := stride.ExportFormat{Format: "pdf", Available: soffice() != ""}
	if !pdf.Available {
		pdf.Reason = stride.T(l, "bulletin.pdf_unavailable")
	}
	return []stride.ExportFormat{{Format: "docx", Available: true}, {Format: "xlsx", Available: true}, pdf}
}

// soffice is the path of LibreOffice's command, or "".
func soffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

type draftIn struct {
	Week string `json:"week"`
}

// draftBulletin drafts the bulletin of an ISO week, or regenerates the week's draft: 201
// with a new draft, 200 with a regenerated one.
func (s *Server) draftBulletin(w http.ResponseWriter, r *http.Request) error {
	var in draftIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	wk, err := stride.ParseWeek(in.Week)
	if err != nil {
		var e *stride.Error
		if errorsAs(err, &e) {
			return &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "error.invalid_fields"}, Fields: stride.Fields{"week": e.Msg}}
		}
		return err
	}
	b, created, err := s.store.DraftBulletin(r.Context(), stride.ActorFrom(r.Context()), wk)
	if err != nil {
		return err
	}
	return s.bulletinOut(w, r, createdOr(created), b)
}

func (s *Server) getBulletin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	b, err := s.store.GetBulletin(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return s.bulletinOut(w, r, http.StatusOK, b)
}

func (s *Server) updateBulletin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	var in stride.BulletinInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	b, err := s.store.UpdateBulletin(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return s.bulletinOut(w, r, http.StatusOK, b)
}

func (s *Server) publishBulletin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	var in versionIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	b, err := s.store.PublishBulletin(r.Context(), stride.ActorFrom(r.Context()), id, in.Version)
	if err != nil {
		return err
	}
	return s.bulletinOut(w, r, http.StatusOK, b)
}

type correctIn struct {
	Reason string `json:"reason"`
}

func (s *Server) correctBulletin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	var in correctIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f := stride.Fields{}
	f.Text("reason", &in.Reason, true, 500)
	if err := f.Err(); err != nil {
		return err
	}
	b, err := s.store.CorrectBulletin(r.Context(), stride.ActorFrom(r.Context()), id, in.Reason)
	if err != nil {
		return err
	}
	return s.bulletinOut(w, r, http.StatusCreated, b)
}

// bulletinFigure lists the projects behind one of a bulletin's figures.
func (s *Server) bulletinFigure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	p := newParams(r, s.zone)
	figure, page := p.str("figure", 40), p.page()
	if err := p.err(); err != nil {
		return err
	}
	list, err := s.store.BulletinFigure(r.Context(), stride.ActorFrom(r.Context()), id, figure, page)
	if err != nil {
		return err
	}
	if lang(r) != stride.LangZH {
		for _, row := range list.Items {
			for i, why := range row.Why {
				row.Reasons[i] = why.Msg().In(lang(r))
			}
		}
	}
	return writeJSON(w, http.StatusOK, list)
}

// exportBulletin downloads a bulletin as Word (.docx), its detail ledger as Excel (.xlsx),
// or the Word document converted to PDF where LibreOffice is installed. Documents are in
// Chinese, the language of the official text, unless lang=en is asked for.
func (s *Server) exportBulletin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "bulletin")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "docx" && format != "xlsx" && format != "pdf" {
		return stride.Fields{"format": {Key: "bulletin.format"}}.Err()
	}
	docLang := stride.LangZH
	if r.URL.Query().Get("lang") == "en" {
		docLang = stride.LangEN
	}
	if format == "pdf" && soffice() == "" {
		return stride.Errorf(stride.EInvalid, "bulletin.pdf_unavailable")
	}
	a := stride.ActorFrom(r.Context())
	var body []byte
	var b *stride.Bulletin
	ctype := ""
	switch format {
	case "xlsx":
		var d *stride.BulletinDetail
		if b, d, err = s.store.BulletinDetail(r.Context(), a, id); err != nil {
			return err
		}
		if body, err = office.BulletinXLSX(b, d, docLang); err != nil {
			return err
		}
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		if b, err = s.store.GetBulletin(r.Context(), a, id); err != nil {
			return err
		}
		if body, err = office.BulletinDocx(b, docLang, s.now()); err != nil {
			return err
		}
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if format == "pdf" {
			if body, err = toPDF(r.Context(), body); err != nil {
				s.log.ErrorContext(r.Context(), "pdf conversion", "err", err)
				return stride.Errorf(stride.EInternal, "bulletin.pdf_failed")
			}
			ctype = "application/pdf"
		}
	}
	name := fmt.Sprintf("%s（%s）.%s", b.Title, stride.T(docLang, "bulletin.doc.number", b.Number), format)
	if format == "xlsx" {
		name = fmt.Sprintf("%s（%s）%s.%s", b.Title, stride.T(docLang, "bulletin.doc.number", b.Number), stride.T(docLang, "bulletin.xlsx.sheet_ledger"), format)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bulletin-%s-%d.%s"; filename*=UTF-8''%s`,
		b.Week, b.Revision, format, url.PathEscape(name)))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(body)
	return err
}

// toPDF converts a Word document with LibreOffice, each conversion in its own profile so
// that several can run at once.
func toPDF(ctx context.Context, docx []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "stride-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "bulletin.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice(), "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("soffice: %w: %s", err, out)
	}
	return os.ReadFile(filepath.Join(dir, "bulletin.pdf"))
}

func (s *Server) getBulletinSettings(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.store.BulletinSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bs)
}

func (s *Server) updateBulletinSettings(w http.ResponseWriter, r *http.Request) error {
	var in stride.BulletinSettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	bs, err := s.store.UpdateBulletinSettings(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bs)
}

// cockpit is the leaders' big screen: one call, reading the pre-computed roll-ups.
func (s *Server) cockpit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.Cockpit(r.Context(), stride.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	for i := range c.Red {
		c.Red[i].Render(lang(r))
	}
	return writeJSON(w, http.StatusOK, c)
}
