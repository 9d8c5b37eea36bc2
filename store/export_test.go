package store

import (
	"context"

	"github.com/stride-hq/stride"
)

// DashboardPerProject is the dashboard summed project by project over the actor's scope,
// as scoped readers get it, bypassing the cache: the reference the zone-wide roll-ups are
// tested against.
func (db *DB) DashboardPerProject(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	return db.dashboard(ctx, a, year, db.today())
}

// DashboardFromRollups is the zone-wide dashboard read from the roll-ups, bypassing the
// cache.
func (db *DB) DashboardFromRollups(ctx context.Context, a *stride.Actor, year int) (*stride.Dashboard, error) {
	return db.zoneDashboard(ctx, a, year, db.today())
}
