package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/stride-hq/stride"
)

// bumpLedger marks the ledger changed, inside the writing transaction: every cache of
// ledger figures, in any process, is stale once it commits.
func bumpLedger(ctx context.Context, tx queryer) error {
	_, err := tx.ExecContext(ctx, `UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'`)
	return err
}

// scopeKey names an actor's data scope, so that actors who see the same projects share
// cached figures.
func scopeKey(a *stride.Actor) string {
	if a.SeesAll() {
		return "all"
	}
	key := fmt.Sprintf("u%d:%s:me%d", a.UnitID, a.UnitPath, a.UserID)
	for _, s := range a.Scopes {
		ids := slices.Clone(s.UnitIDs)
		slices.Sort(ids)
		key += fmt.Sprintf("|%d%v", s.Scope, ids)
	}
	return key
}

// dashboardCache keeps computed dashboards with the ledger version they were computed at.
type dashboardCache struct {
	mu      sync.Mutex
	entries map[string]cachedDashboard
}

type cachedDashboard struct {
	version int64
	d       *stride.Dashboard
}

const dashboardCacheSize = 256

func (c *dashboardCache) get(key string, version int64) *stride.Dashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok && e.version == version {
		return e.d.Clone()
	}
	return nil
}

func (c *dashboardCache) put(key string, version int64, d *stride.Dashboard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= dashboardCacheSize {
		c.entries = map[string]cachedDashboard{}
	}
	c.entries[key] = cachedDashboard{version, d.Clone()}
}
