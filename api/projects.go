package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
)

func (s *Server) validateProject(r *http.Request, in *stride.ProjectInput) error {
	defs, err := s.store.ListCustomFields(r.Context())
	if err != nil {
		return err
	}
	return in.Validate(defs)
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) error {
	f, err := s.projectFilter(r)
	if err != nil {
		return err
	}
	a := stride.ActorFrom(r.Context())
	// f is the normalized query: parameters it ignores do not split the cache.
	key, err := cacheKey("projects", a, f)
	if err != nil {
		return err
	}
	return s.cachedJSON(w, r, key, func() (any, error) {
		return s.store.ListProjects(r.Context(), a, f)
	})
}

// projectFilter reads the project list's filters from the query; the ledger export takes
// the same ones.
func (s *Server) projectFilter(r *http.Request) (stride.ProjectFilter, error) {
	p := newParams(r, s.zone)
	f := stride.ProjectFilter{Query: p.str("q", 100), Category: stride.Category(p.str("category", 20)),
		Stage: stride.Stage(p.str("stage", 20)), KeyLevel: stride.KeyLevel(p.str("key_level", 20)),
		Light: stride.Color(p.str("light", 10)), Tag: p.str("tag", 20), UnitID: p.int("unit_id"),
		OwnerUnitID: p.int("owner_unit_id"), LeadUnitID: p.int("lead_unit_id"), Nature: stride.Nature(p.str("nature", 20)),
		Year: int(p.int("year")), Page: p.page()}
	if f.Year == 0 {
		f.Year = s.today().Year
	}
	f.Ledger = p.str("ledger", 5) == "1"
	f.StartedIn, f.CompletedIn = int(p.int("started_in")), int(p.int("completed_in"))
	if ids := p.str("ids", 2000); ids != "" {
		f.IDs = []int64{}
		for _, part := range strings.Split(ids, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || id <= 0 {
				p.fields.Add("ids", "error.query_param")
				break
			}
			f.IDs = append(f.IDs, id)
		}
	}
	for key, vals := range p.q {
		if k, ok := strings.CutPrefix(key, "cf."); ok && len(vals) > 0 {
			if f.Custom == nil {
				f.Custom = map[string]string{}
			}
			f.Custom[k] = vals[0]
		}
	}
	return f, p.err()
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	a, year := stride.ActorFrom(r.Context()), s.today().Year
	key, err := cacheKey("project", a, id, year)
	if err != nil {
		return err
	}
	return s.cachedJSON(w, r, key, func() (any, error) {
		p, err := s.store.GetProject(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		p.Nature = p.NatureIn(year)
		return p, nil
	})
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) error {
	var in stride.ProjectInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.validateProject(r, &in); err != nil {
		return err
	}
	p, err := s.store.CreateProject(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	var in stride.ProjectInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.validateProject(r, &in); err != nil {
		return err
	}
	p, err := s.store.UpdateProject(r.Context(), stride.ActorFrom(r.Context()), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	if err := s.store.DeleteProject(r.Context(), stride.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}
