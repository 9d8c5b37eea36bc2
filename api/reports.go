package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/stride-hq/stride"
)

var errorsAs = errors.As

func (s *Server) listReports(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.ReportFilter{ProjectID: p.int("project_id"), Year: int(p.int("year")), Month: int(p.int("month")),
		Status: p.str("status", 20), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, reportSheet(), func() (stride.List[*stride.MonthlyReport], error) {
		return s.store.ListReports(r.Context(), stride.ActorFrom(r.Context()), f)
	})
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

// uploadPhoto attaches a photo to a report.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "report")
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	p, err := s.receivePhoto(w, r)
	if err != nil {
		return err
	}
	// The report must be reachable before anything is written to disk.
	if _, err := s.store.GetReport(r.Context(), a, id); err != nil {
		return err
	}
	rec, err := s.storePhoto(p)
	if err != nil {
		return err
	}
	out, err := s.store.AddPhoto(r.Context(), a, id, rec, p.sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

// uploadMilestonePhoto attaches an evidence photo to a node.
func (s *Server) uploadMilestonePhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "milestone")
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	p, err := s.receivePhoto(w, r)
	if err != nil {
		return err
	}
	if _, err := s.store.GetMilestone(r.Context(), a, id); err != nil {
		return err
	}
	rec, err := s.storePhoto(p)
	if err != nil {
		return err
	}
	out, err := s.store.AddMilestonePhoto(r.Context(), a, id, rec, p.sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
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

// servePhoto sends a photo or its thumbnail, found by get in the actor's scope.
func (s *Server) servePhoto(thumb bool, get func(ctx context.Context, a *stride.Actor, id int64) (*stride.Photo, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "photo")
		if err != nil {
			return err
		}
		p, err := get(r.Context(), stride.ActorFrom(r.Context()), id)
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
	return s.servePhoto(false, s.store.GetPhoto)(w, r)
}

func (s *Server) getPhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(true, s.store.GetPhoto)(w, r)
}

func (s *Server) getMilestonePhoto(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(false, s.store.GetMilestonePhoto)(w, r)
}

func (s *Server) getMilestonePhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(true, s.store.GetMilestonePhoto)(w, r)
}
