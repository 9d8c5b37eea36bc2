package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/stride-hq/stride"
)

// maxAttachment bounds an attached file.
const maxAttachment = 20 << 20

// sniffAttachment names the content type of an attachment from its first bytes (and, for
// the zip and OLE containers, its extension), or "" when it is not a kind Stride keeps:
// PDF, JPEG, PNG, WebP, Word, Excel and OFD.
func sniffAttachment(name string, b []byte) (ctype, ext string) {
	ext = strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf", ".pdf"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", ".jpg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", ".png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp", ".webp"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		switch ext {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext
		case ".ofd":
			return "application/ofd", ext
		}
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		switch ext {
		case ".doc":
			return "application/msword", ext
		case ".xls":
			return "application/vnd.ms-excel", ext
		}
	}
	return "", ""
}

// readAttachment reads the multipart field "file" and stores it under the data folder by
// its content; kind is the form field "kind" ("authorization" or "file").
func (s *Server) readAttachment(w http.ResponseWriter, r *http.Request, check func() error) (stride.Attachment, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachment+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var sizeErr *http.MaxBytesError
		if errors.As(err, &sizeErr) {
			return stride.Attachment{}, "", stride.Fields{"file": {Key: "attachment.size", Args: []any{maxAttachment >> 20}}}.Err()
		}
		return stride.Attachment{}, "", stride.Fields{"file": {Key: "validate.required"}}.Err()
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxAttachment+1))
	if err != nil {
		return stride.Attachment{}, "", err
	}
	if len(b) > maxAttachment {
		return stride.Attachment{}, "", stride.Fields{"file": {Key: "attachment.size", Args: []any{maxAttachment >> 20}}}.Err()
	}
	name := filepath.Base(strings.ReplaceAll(header.Filename, `\`, "/"))
	if !utf8.ValidString(name) || name == "." || name == "/" {
		name = "file"
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[len(r)-100:])
	}
	ctype, ext := sniffAttachment(name, b)
	if ctype == "" {
		return stride.Attachment{}, "", stride.Fields{"file": {Key: "attachment.type"}}.Err()
	}
	kind := r.FormValue("kind")
	if kind != "authorization" {
		kind = "file"
	}
	// Make sure the object is reachable before writing anything to disk.
	if err := check(); err != nil {
		return stride.Attachment{}, "", err
	}
	sum := sha256.Sum256(b)
	sha := hex.EncodeToString(sum[:])
	rel := filepath.Join("files", sha[:2], sha+ext)
	if err := writeFileOnce(filepath.Join(s.dataDir, rel), b); err != nil {
		return stride.Attachment{}, "", err
	}
	return stride.Attachment{Kind: kind, Name: name, ContentType: ctype, Size: int64(len(b)), File: rel}, sha, nil
}

func (s *Server) attachToBlockage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "blockage")
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	at, sha, err := s.readAttachment(w, r, func() error { return s.store.CheckAttachable(r.Context(), a, "blockage", id) })
	if err != nil {
		return err
	}
	out, err := s.store.AttachToBlockage(r.Context(), a, id, at, sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) attachToCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "case")
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	at, sha, err := s.readAttachment(w, r, func() error { return s.store.CheckAttachable(r.Context(), a, "case", id) })
	if err != nil {
		return err
	}
	out, err := s.store.AttachToCase(r.Context(), a, id, at, sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attachment")
	if err != nil {
		return err
	}
	at, err := s.store.GetAttachment(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(s.dataDir, at.File))
	if err != nil {
		return stride.NotFound("attachment")
	}
	defer f.Close()
	w.Header().Set("Content-Type", at.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": at.Name}))
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = io.Copy(w, f)
	return err
}
