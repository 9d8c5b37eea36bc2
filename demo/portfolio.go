package demo

import (
	"context"
	"fmt"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// PortfolioOptions shape a generated portfolio for load and scale work.
type PortfolioOptions struct {
	Projects int
	Years    int
	Seed     uint64
	Today    stride.Date
	// Progress, when set, hears how many projects are loaded so far.
	Progress func(done int)
}

// Portfolio fills an empty database with a province-sized synthetic portfolio: the demo
// zone's units and accounts, a department per 5,000 projects (at least the zone's six),
// an enterprise per four projects, and the projects with their plans, nodes and reports,
// loaded a thousand at a time so memory stays flat.
func Portfolio(ctx context.Context, db *store.DB, o PortfolioOptions) error {
	existing, err := db.ListUnits(ctx, stride.UnitFilter{})
	if err != nil {
		return err
	}
	if existing.Total > 0 {
		return fmt.Errorf("gen: the database already has %d units; generate into an empty one", existing.Total)
	}
	a := stride.SystemActor("gen")
	unitIDs, err := seedOrg(ctx, db, a, nil)
	if err != nil {
		return err
	}
	deptIn := []stride.UnitInput{}
	for i := len(departments); i < max(len(departments), o.Projects/5000); i++ {
		deptIn = append(deptIn, stride.UnitInput{Name: fmt.Sprintf("第%d责任部门", i+1), Kind: stride.UnitDepartment, Sort: i})
	}
	leads := []int64{}
	for _, d := range departments {
		leads = append(leads, unitIDs[d])
	}
	if len(deptIn) > 0 {
		ids, err := db.SeedUnits(ctx, a, unitIDs["福州高新区管委会"], deptIn)
		if err != nil {
			return err
		}
		leads = append(leads, ids...)
	}
	entIn := make([]stride.UnitInput, max(1, o.Projects/4))
	for i := range entIn {
		entIn[i] = stride.UnitInput{Name: fmt.Sprintf("生成企业%06d有限公司", i+1), Kind: stride.UnitEnterprise, Sort: i}
	}
	owners, err := db.SeedUnits(ctx, a, unitIDs["项目业主单位"], entIn)
	if err != nil {
		return err
	}
	gen := Options{Projects: o.Projects, Years: o.Years, Seed: o.Seed, Today: o.Today, OwnerUnits: owners, LeadUnits: leads, EveryMonth: true}
	for from := 0; from < o.Projects; from += 1000 {
		batch := GenerateRange(gen, from, min(from+1000, o.Projects))
		if _, err := db.SeedBatch(ctx, a, batch); err != nil {
			return fmt.Errorf("gen: projects %d–%d: %w", from+1, from+len(batch), err)
		}
		if o.Progress != nil {
			o.Progress(from + len(batch))
		}
	}
	if err := db.FinishSeed(ctx, a, o.Projects); err != nil {
		return err
	}
	return db.AfterBulkLoad(ctx)
}
