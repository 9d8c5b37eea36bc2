package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

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
	var work []workTarget
	for from := 0; from < o.Projects; from += 1000 {
		batch := GenerateRange(gen, from, min(from+1000, o.Projects))
		ids, err := db.SeedBatch(ctx, a, batch)
		if err != nil {
			return fmt.Errorf("gen: projects %d–%d: %w", from+1, from+len(batch), err)
		}
		for k, sp := range batch {
			i := from + k
			// Every third project in preparation has its approval path under way; one
			// project in a hundred has a blockage.
			path := sp.Input.Stage == stride.StagePreliminary && i%3 == 0
			if path || i%100 == 37 {
				work = append(work, workTarget{index: i, id: ids[k], lead: sp.Input.LeadUnitID, path: path, blockage: i%100 == 37})
			}
		}
		if o.Progress != nil {
			o.Progress(from + len(batch))
		}
	}
	if err := db.FinishSeed(ctx, a, o.Projects); err != nil {
		return err
	}
	if err := portfolioWork(ctx, db, o, unitIDs, work); err != nil {
		return err
	}
	return db.AfterBulkLoad(ctx)
}

// workTarget is a generated project that gets approval items or a blockage.
type workTarget struct {
	index          int   // the project's number in the portfolio, from 0
	id, lead       int64 // its id and its lead unit
	path, blockage bool
}

// portfolioWork writes the portfolio's approval paths and blockages through the store's
// own write paths, as the system dated back, so their clocks, events, to-dos and lights are
// what use would have made: each path's first items approved, the current one received,
// accepted, under review or waiting for supplements (some near or past their promised
// day); each blockage stopped at a step of its course, most resolved. Like the demo's, they
// reach 130 working days back: a calendar without a notice for that span gets none.
func portfolioWork(ctx context.Context, db *store.DB, o PortfolioOptions, unitIDs map[string]int64, work []workTarget) error {
	d, err := newApprovalDemo(ctx, db, o.Today, unitIDs)
	if err != nil || d == nil {
		return err
	}
	if err := d.catalogue(); err != nil {
		return fmt.Errorf("gen: catalogue: %w", err)
	}
	for _, w := range work {
		rng := rand.New(rand.NewPCG(o.Seed, uint64(1<<32+w.index)))
		if w.path {
			if err := d.generatedPath(rng, w.id); err != nil {
				return fmt.Errorf("gen: approvals of project %d: %w", w.index+1, err)
			}
		}
		if w.blockage {
			if err := d.generatedBlockage(rng, w); err != nil {
				return fmt.Errorf("gen: blockage of project %d: %w", w.index+1, err)
			}
		}
	}
	_, err = db.EscalateBlockages(ctx)
	return err
}
