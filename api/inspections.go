package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"path/filepath"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/photo"
)

// Checklist templates.

func (s *Server) listInspectionTemplates(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.ListInspectionTemplates(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list)
}

func (s *Server) saveInspectionTemplate(create bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var id int64
		if !create {
			var err error
			if id, err = pathID(r, "inspection_template"); err != nil {
				return err
			}
		}
		var in stride.InspectionTemplateInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		t, err := s.store.SaveInspectionTemplate(r.Context(), stride.ActorFrom(r.Context()), id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, createdOr(create), t)
	}
}

func (s *Server) createInspectionTemplate(w http.ResponseWriter, r *http.Request) error {
	return s.saveInspectionTemplate(true)(w, r)
}
func (s *Server) updateInspectionTemplate(w http.ResponseWriter, r *http.Request) error {
	return s.saveInspectionTemplate(false)(w, r)
}

func (s *Server) deleteInspectionTemplate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "inspection_template")
	if err != nil {
		return err
	}
	if err := s.store.DeleteInspectionTemplate(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// createdOr is 201 for a creation, 200 for a change.
func createdOr(create bool) int {
	if create {
		return http.StatusCreated
	}
	return http.StatusOK
}

// Inspection plans.

func (s *Server) listInspections(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.InspectionFilter{Week: p.str("week", 8), Status: p.str("status", 20), Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, inspectionSheet(), func() (stride.List[*stride.Inspection], error) {
		return s.store.ListInspections(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

func (s *Server) getInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "inspection")
	if err != nil {
		return err
	}
	i, err := s.store.GetInspection(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}

func (s *Server) saveInspection(create bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var id int64
		if !create {
			var err error
			if id, err = pathID(r, "inspection"); err != nil {
				return err
			}
		}
		var in stride.InspectionInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		i, err := s.store.SaveInspection(r.Context(), stride.ActorFrom(r.Context()), id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, createdOr(create), i)
	}
}

func (s *Server) createInspection(w http.ResponseWriter, r *http.Request) error {
	return s.saveInspection(true)(w, r)
}
func (s *Server) updateInspection(w http.ResponseWriter, r *http.Request) error {
	return s.saveInspection(false)(w, r)
}

func (s *Server) deleteInspection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "inspection")
	if err != nil {
		return err
	}
	if err := s.store.DeleteInspection(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// Visits.

func (s *Server) saveVisit(create bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		kind := "visit"
		if create {
			kind = "inspection"
		}
		id, err := pathID(r, kind)
		if err != nil {
			return err
		}
		var in stride.VisitInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(s.today()); err != nil {
			return err
		}
		a := stride.ActorFrom(r.Context())
		var v *stride.InspectionVisit
		if create {
			v, err = s.store.SaveVisit(r.Context(), a, id, 0, in)
		} else {
			v, err = s.store.SaveVisit(r.Context(), a, 0, id, in)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, createdOr(create), v)
	}
}

func (s *Server) createVisit(w http.ResponseWriter, r *http.Request) error {
	return s.saveVisit(true)(w, r)
}
func (s *Server) updateVisit(w http.ResponseWriter, r *http.Request) error {
	return s.saveVisit(false)(w, r)
}

func (s *Server) getVisit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "visit")
	if err != nil {
		return err
	}
	v, err := s.store.GetVisit(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// receivedPhoto is an uploaded image, checked by its content, with its thumbnail.
type receivedPhoto struct {
	data, thumb []byte
	info        *photo.Info
	sha         string
}

// receivePhoto reads one image from the multipart field "file" and checks it, writing
// nothing yet.
func (s *Server) receivePhoto(w http.ResponseWriter, r *http.Request) (*receivedPhoto, error) {
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxBytes+1<<20)
	file, _, err := r.FormFile("file")
	if err != nil {
		var sizeErr *http.MaxBytesError
		if errors.As(err, &sizeErr) {
			return nil, stride.Fields{"file": {Key: "photo.size", Args: []any{photo.MaxBytes >> 20}}}.Err()
		}
		return nil, stride.Fields{"file": {Key: "validate.required"}}.Err()
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, photo.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	info, err := photo.Inspect(b, s.zone)
	switch {
	case errors.Is(err, photo.ErrType):
		return nil, stride.Fields{"file": {Key: "photo.type"}}.Err()
	case errors.Is(err, photo.ErrSize):
		return nil, stride.Fields{"file": {Key: "photo.size", Args: []any{photo.MaxBytes >> 20}}}.Err()
	case err != nil:
		return nil, stride.Fields{"file": {Key: "photo.decode"}}.Err()
	}
	thumb, err := photo.Thumbnail(b)
	if err != nil {
		return nil, stride.Fields{"file": {Key: "photo.decode"}}.Err()
	}
	sum := sha256.Sum256(b)
	return &receivedPhoto{data: b, thumb: thumb, info: info, sha: hex.EncodeToString(sum[:])}, nil
}

// store writes the photo and its thumbnail content-addressed under the data folder, as
// report photos are, and returns the record to keep.
func (s *Server) storePhoto(p *receivedPhoto) (stride.Photo, error) {
	rel := filepath.Join("photos", p.sha[:2], p.sha+p.info.Ext)
	relThumb := filepath.Join("photos", p.sha[:2], p.sha+"_thumb.jpg")
	if err := writeFileOnce(filepath.Join(s.dataDir, rel), p.data); err != nil {
		return stride.Photo{}, err
	}
	if err := writeFileOnce(filepath.Join(s.dataDir, relThumb), p.thumb); err != nil {
		return stride.Photo{}, err
	}
	return stride.Photo{ContentType: p.info.ContentType, Size: int64(len(p.data)), TakenAt: p.info.TakenAt, Latitude: p.info.Latitude,
		Longitude: p.info.Longitude, File: rel, Thumb: relThumb}, nil
}

func (s *Server) uploadVisitPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "visit")
	if err != nil {
		return err
	}
	p, err := s.receivePhoto(w, r)
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	if _, err := s.store.GetVisit(r.Context(), a, id); err != nil {
		return err
	}
	rec, err := s.storePhoto(p)
	if err != nil {
		return err
	}
	out, err := s.store.AddVisitPhoto(r.Context(), a, id, rec, p.sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) uploadOrderEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "order")
	if err != nil {
		return err
	}
	p, err := s.receivePhoto(w, r)
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	if _, err := s.store.GetOrder(r.Context(), a, id); err != nil {
		return err
	}
	rec, err := s.storePhoto(p)
	if err != nil {
		return err
	}
	out, err := s.store.AddOrderEvidence(r.Context(), a, id, rec, p.sha)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) getInspectionPhoto(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(false, s.store.GetInspectionPhoto)(w, r)
}

func (s *Server) getInspectionPhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return s.servePhoto(true, s.store.GetInspectionPhoto)(w, r)
}

// Findings and orders.

func (s *Server) saveFinding(create bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		kind := "finding"
		if create {
			kind = "visit"
		}
		id, err := pathID(r, kind)
		if err != nil {
			return err
		}
		var in stride.FindingInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		a := stride.ActorFrom(r.Context())
		var f *stride.InspectionFinding
		if create {
			f, err = s.store.SaveFinding(r.Context(), a, id, 0, in)
		} else {
			f, err = s.store.SaveFinding(r.Context(), a, 0, id, in)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, createdOr(create), f)
	}
}

func (s *Server) createFinding(w http.ResponseWriter, r *http.Request) error {
	return s.saveFinding(true)(w, r)
}
func (s *Server) updateFinding(w http.ResponseWriter, r *http.Request) error {
	return s.saveFinding(false)(w, r)
}

func (s *Server) deleteFinding(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "finding")
	if err != nil {
		return err
	}
	if err := s.store.DeleteFinding(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) issueOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "finding")
	if err != nil {
		return err
	}
	var in stride.OrderInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.LimitDays == 0 {
		bs, err := s.store.BulletinSettings(r.Context())
		if err != nil {
			return err
		}
		in.LimitDays = bs.OrderDays
	}
	if err := in.Validate(); err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	o, err := s.store.IssueOrder(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	// The order is issued; entering it into the blockage ledger is a second step whose
	// failure leaves the order on its own clock.
	if linked, err := s.store.LinkOrderBlockage(r.Context(), a, o.ID, in.Category); err != nil {
		s.log.ErrorContext(r.Context(), "order to the blockage ledger", "order", o.ID, "err", err)
	} else {
		o = linked
	}
	return writeJSON(w, http.StatusCreated, o)
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	f := stride.OrderFilter{Status: p.str("status", 20), TargetUnitID: p.int("unit_id"), ProjectID: p.int("project_id"),
		Overdue: p.str("overdue", 5) == "true", Page: p.page()}
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &f.Page, orderSheet(), func() (stride.List[*stride.Order], error) {
		return s.store.ListOrders(r.Context(), stride.ActorFrom(r.Context()), f)
	})
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "order")
	if err != nil {
		return err
	}
	o, err := s.store.GetOrder(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

func (s *Server) answerOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "order")
	if err != nil {
		return err
	}
	var in stride.OrderFeedback
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	o, err := s.store.AnswerOrder(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	s.syncBlockage(r, o.ID)
	return writeJSON(w, http.StatusOK, o)
}

func (s *Server) verdict(returning bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "order")
		if err != nil {
			return err
		}
		var in stride.OrderClose
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(returning); err != nil {
			return err
		}
		a := stride.ActorFrom(r.Context())
		var o *stride.Order
		if returning {
			o, err = s.store.ReturnOrder(r.Context(), a, id, in)
		} else {
			o, err = s.store.CloseOrder(r.Context(), a, id, in)
		}
		if err != nil {
			return err
		}
		s.syncBlockage(r, o.ID)
		return writeJSON(w, http.StatusOK, o)
	}
}

// syncBlockage moves an order's blockage along with it; a failure is logged and leaves the
// blockage for its owners to move.
func (s *Server) syncBlockage(r *http.Request, orderID int64) {
	if err := s.store.SyncOrderBlockage(r.Context(), stride.ActorFrom(r.Context()), orderID); err != nil {
		s.log.ErrorContext(r.Context(), "order's blockage", "order", orderID, "err", err)
	}
}

func (s *Server) closeOrder(w http.ResponseWriter, r *http.Request) error {
	return s.verdict(false)(w, r)
}
func (s *Server) returnOrder(w http.ResponseWriter, r *http.Request) error {
	return s.verdict(true)(w, r)
}
