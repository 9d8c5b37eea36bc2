package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/photo"
)

var errorsAs = errors.As

func (s *Server) listReports(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.ReportFilter{ProjectID: p.int("project_id"), Year: int(p.int("year")), Month: int(p.int("month")),
		Status: p.str("status", 20), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	list, err := s.store.ListReports(r.Context(), stride.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "report")
	if err != nil {
		return err
	}
	rep, err := s.store.GetReport(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.ReportInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(s.today()); err != nil {
		return err
	}
	rep, err := s.store.SubmitReport(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rep)
}

func (s *Server) updateReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "report")
	if err != nil {
		return err
	}
	var in stride.ReportInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(s.today()); err != nil {
		return err
	}
	rep, err := s.store.UpdateReport(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

type reviewIn struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func (s *Server) review(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "report")
		if err != nil {
			return err
		}
		var in reviewIn
		if err := decode(w, r, &in); err != nil {
			return err
		}
		f := stride.Fields{}
		f.Text("reason", &in.Reason, false, 500)
		if err := f.Err(); err != nil {
			return err
		}
		rep, err := s.store.ReviewReport(r.Context(), stride.ActorFrom(r.Context()), id, approve, in.Reason, in.Version)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, rep)
	}
}

func (s *Server) approveReport(w http.ResponseWriter, r *http.Request) error {
	return s.review(true)(w, r)
}
func (s *Server) returnReport(w http.ResponseWriter, r *http.Request) error {
	return s.review(false)(w, r)
}

// uploadPhoto takes one image (multipart field "file"), checks it by content, keeps its
// EXIF time and place, stores it with a thumbnail under the data folder, and records it.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "report")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxBytes+1<<20)
	file, _, err := r.FormFile("file")
	if err != nil {
		var sizeErr *http.MaxBytesError
		if errors.As(err, &sizeErr) {
			return stride.Fields{"file": {Key: "photo.size", Args: []any{photo.MaxBytes >> 20}}}.Err()
		}
		return stride.Fields{"file": {Key: "validate.required"}}.Err()
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, photo.MaxBytes+1))
	if err != nil {
		return err
	}
	info, err := photo.Inspect(b, s.zone)
	switch {
	case errors.Is(err, photo.ErrType):
		return stride.Fields{"file": {Key: "photo.type"}}.Err()
	case errors.Is(err, photo.ErrSize):
		return stride.Fields{"file": {Key: "photo.size", Args: []any{photo.MaxBytes >> 20}}}.Err()
	case err != nil:
		return stride.Fields{"file": {Key: "photo.decode"}}.Err()
	}
	thumb, err := photo.Thumbnail(b)
	if err != nil {
		return stride.Fields{"file": {Key: "photo.decode"}}.Err()
	}
	// Make sure the report is reachable before writing anything to disk.
	if _, err := s.store.GetReport(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	sha := hex.EncodeToString(sum[:])
	rel := filepath.Join("photos", sha[:2], sha+info.Ext)
	relThumb := filepath.Join("photos", sha[:2], sha+"_thumb.jpg")
	if err := writeFileOnce(filepath.Join(s.dataDir, rel), b); err != nil {
		return err
	}
	if err := writeFileOnce(filepath.Join(s.dataDir, relThumb), thumb); err != nil {
		return err
	}
	p, err := s.store.AddPhoto(r.Context(), stride.ActorFrom(r.Context()), id, stride.Photo{
		ContentType: info.ContentType, Size: int64(len(b)), TakenAt: info.TakenAt, Latitude: info.Latitude,
		Longitude: info.Longitude, File: rel, Thumb: relThumb}, sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

// writeFileOnce writes content-addressed data unless the file already exists.
func writeFileOnce(path string, b []byte) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (s *Server) servePhoto(thumb bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "photo")
		if err != nil {
			return err
		}
		p, err := s.store.GetPhoto(r.Context(), stride.ActorFrom(r.Context()), id)
		if err != nil {
			return err
		}
		name, ctype := p.File, p.ContentType
		if thumb {
			name, ctype = p.Thumb, "image/jpeg"
		}
		f, err := os.Open(filepath.Join(s.dataDir, name))
		if err != nil {
			return stride.NotFound("photo")
		}
		defer f.Close()
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "private, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, err = io.Copy(w, f)
		return err
	}
}

func (s *Server) getPhoto(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(false)(w, r)
}
func (s *Server) getPhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(true)(w, r)
}
