package api

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request) error {
	var in stride.Settings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	st, err := s.store.UpdateSettings(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) getPolicy(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.SecurityPolicy(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) updatePolicy(w http.ResponseWriter, r *http.Request) error {
	var in stride.SecurityPolicy
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	p, err := s.store.UpdateSecurityPolicy(r.Context(), stride.ActorFrom(r.Context()), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// backup is one backup file in the data folder.
type backup struct {
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) backupDir() string { return filepath.Join(s.dataDir, "backups") }

func (s *Server) listBackups(w http.ResponseWriter, r *http.Request) error {
	out := stride.List[backup]{Items: []backup{}}
	entries, err := os.ReadDir(s.backupDir())
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out.Items = append(out.Items, backup{Name: e.Name(), Size: fi.Size(), CreatedAt: fi.ModTime().UTC()})
	}
	slices.SortFunc(out.Items, func(a, b backup) int { return strings.Compare(b.Name, a.Name) })
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) createBackup(w http.ResponseWriter, r *http.Request) error {
	a := stride.ActorFrom(r.Context())
	name := "stride-" + s.now().In(s.zone).Format("20060102-150405") + ".db"
	path := filepath.Join(s.backupDir(), name)
	if err := s.store.Backup(r.Context(), path); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := s.store.RecordBackup(r.Context(), a, name, fi.Size()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, backup{Name: name, Size: fi.Size(), CreatedAt: fi.ModTime().UTC()})
}
