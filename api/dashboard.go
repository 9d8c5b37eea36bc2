package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	year := int(p.int("year"))
	if err := p.err(); err != nil {
		return err
	}
	if year == 0 {
		year = s.today().Year
	}
	if year < 2000 || year > 2100 {
		return stride.Fields{"year": {Key: "validate.range", Args: []any{2000, 2100}}}.Err()
	}
	d, err := s.store.Dashboard(r.Context(), stride.ActorFrom(r.Context()), year)
	if err != nil {
		return err
	}
	for i := range d.Red {
		d.Red[i].Render(lang(r))
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) listCampaigns(w http.ResponseWriter, r *http.Request) error {
	return answerList(s, w, r, nil, campaignSheet(), func() (stride.List[*stride.Campaign], error) {
		return s.store.ListCampaigns(r.Context(), stride.ActorFrom(r.Context()))
	})
}

func (s *Server) getCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	c, err := s.store.GetCampaign(r.Context(), stride.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) saveCampaign(create bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var id int64
		if !create {
			var err error
			if id, err = pathID(r, "campaign"); err != nil {
				return err
			}
		}
		var in stride.CampaignInput
		if err := decode(w, r, &in); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		c, err := s.store.SaveCampaign(r.Context(), stride.ActorFrom(r.Context()), id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, createdOr(create), c)
	}
}

func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request) error {
	return s.saveCampaign(true)(w, r)
}
func (s *Server) updateCampaign(w http.ResponseWriter, r *http.Request) error {
	return s.saveCampaign(false)(w, r)
}

func (s *Server) deleteCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	if err := s.store.DeleteCampaign(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) getLightSettings(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.store.LightSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ls)
}

func (s *Server) updateLightSettings(w http.ResponseWriter, r *http.Request) error {
	var in stride.LightSettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	ls, err := s.store.UpdateLightSettings(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ls)
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r, s.zone)
	page := p.page()
	open := p.str("state", 10) != "done"
	if err := p.err(); err != nil {
		return err
	}
	return answerList(s, w, r, &page, messageSheet(), func() (stride.List[*stride.Message], error) {
		list, err := s.store.ListMessages(r.Context(), stride.ActorFrom(r.Context()), open, page)
		for _, m := range list.Items {
			m.Render(lang(r))
		}
		return list, err
	})
}

func (s *Server) doneMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "message")
	if err != nil {
		return err
	}
	if err := s.store.MessageDone(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
