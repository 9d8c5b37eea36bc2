package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// The SQL filter by nature and Project.NatureIn agree on every project.
func TestNatureFilterMatchesNatureIn(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB, c *clock) {
		ctx := context.Background()
		hq := mustUnit(t, db, nil, "指挥部", stride.UnitHQ)
		type node struct{ planned, actual string }
		cases := []struct {
			stage      stride.Stage
			start, end node
		}{
			{stride.StagePlanning, node{}, node{}},
			{stride.StageReserve, node{"2026-03-01", ""}, node{}},
			{stride.StagePreliminary, node{}, node{}},
			{stride.StagePreliminary, node{"2025-06-01", ""}, node{"2027-01-01", ""}},
			{stride.StageConstruction, node{"2025-01-10", "2025-02-01"}, node{"2026-12-01", ""}},
			{stride.StageConstruction, node{"2024-12-10", "2025-01-05"}, node{}},
			{stride.StageConstruction, node{"2023-05-01", "2023-05-01"}, node{"2025-10-01", ""}},
			{stride.StageConstruction, node{"2023-05-01", "2023-05-01"}, node{"2026-10-01", ""}},
			{stride.StageConstruction, node{"2023-05-01", "2023-05-01"}, node{}},
			{stride.StageCompleted, node{"2022-01-01", "2022-01-01"}, node{"2024-06-01", "2024-06-30"}},
			{stride.StageProduction, node{"2022-01-01", "2022-01-01"}, node{"2025-03-01", "2025-02-20"}},
			{stride.StageSuspended, node{"2024-03-01", "2024-03-01"}, node{"2026-01-01", ""}},
			{stride.StageConstruction, node{"2025-12-31", "2025-12-31"}, node{"2025-12-31", ""}},
		}
		var projects []*stride.Project
		for i, tc := range cases {
			p := mustProject(t, db, sys, "项目"+string(rune('A'+i)), hq, hq, func(in *stride.ProjectInput) {
				in.Stage = tc.stage
				in.StageReason = "测试"
			})
			for _, n := range []struct {
				kind stride.MilestoneKind
				node node
			}{{stride.NodeStart, tc.start}, {stride.NodeCompletion, tc.end}} {
				if n.node.planned == "" && n.node.actual == "" {
					continue
				}
				in := stride.MilestoneInput{Kind: n.kind, Name: string(n.kind)}
				if n.node.planned != "" {
					in.PlannedDate = stride.MustDate(n.node.planned)
				}
				if n.node.actual != "" {
					in.ActualDate = stride.MustDate(n.node.actual)
				}
				if _, err := db.CreateMilestone(ctx, sys, p.ID, in); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.GetProject(ctx, sys, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			projects = append(projects, got)
		}
		for _, year := range []int{2024, 2025, 2026} {
			for _, n := range []stride.Nature{stride.NatureNew, stride.NatureContinuing, stride.NatureCompleting, stride.NaturePrelim, stride.NatureReserve} {
				list, err := db.ListProjects(ctx, sys, stride.ProjectFilter{Nature: n, Year: year, Page: stride.Page{Number: 1, Size: 100}})
				if err != nil {
					t.Fatal(err)
				}
				var got, want []int64
				for _, r := range list.Items {
					got = append(got, r.ID)
				}
				for _, p := range projects {
					if p.NatureIn(year) == n {
						want = append(want, p.ID)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%d %s: SQL %v, NatureIn %v", year, n, got, want)
				}
			}
		}
	})
}
