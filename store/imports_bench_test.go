package store_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/store/storetest"
)

// BenchmarkImport10k reads a generated 10,000-row ledger workbook and imports it into an
// empty zone on SQLite (PostgreSQL too when STRIDE_TEST_POSTGRES is set): parsing,
// resolving, creating 10,000 projects with 200 owner units, their plans, roll-ups, lights
// and audit entries in one transaction.
func BenchmarkImport10k(b *testing.B) {
	const n = 10_000
	data := ledgerWorkbook(b, n)
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			ctx := context.Background()
			a := stride.SystemActor("bench")
			for b.Loop() {
				b.StopTimer()
				dsn := eng.DSN(b)
				if eng.Name == "sqlite" {
					dsn = filepath.Join(b.TempDir(), "bench.db")
				}
				db := storetest.Open(b, dsn, time.Now)
				root, err := db.CreateUnit(ctx, a, stride.UnitInput{Name: "基准开发区管委会", Kind: stride.UnitHQ})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.CreateUnit(ctx, a, stride.UnitInput{Name: "经济发展局", Kind: stride.UnitDepartment, ParentID: &root.ID}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				importBytes(b, db, a, data, n)
			}
			b.ReportMetric(float64(n), "rows/op")
		})
	}
}

// ledgerWorkbook is a ledger workbook of n projects in the government layout, as the
// ledger export writes it.
func ledgerWorkbook(b *testing.B, n int) []byte {
	var rows []*stride.ProjectRow
	for i := range n {
		p := stride.Project{Name: fmt.Sprintf("基准项目%05d", i), Category: stride.Categories[i%len(stride.Categories)],
			Content: "新建厂房及配套设施", TotalInvestment: stride.Money(1000+i) * 1_000_000, CompletedBefore: stride.Money(i%50) * 1_000_000,
			StartYear: 2023 + i%3, EndYear: 2027, OwnerUnitName: fmt.Sprintf("基准业主公司%03d", i%200), LeadUnitName: "经济发展局",
			ResponsiblePerson: "李四", LiaisonLeader: "王五", Nature: stride.NatureContinuing}
		rows = append(rows, &stride.ProjectRow{Project: p, Plan: stride.Money(100+i%900) * 1_000_000})
	}
	data, err := office.ExportLedger(rows, office.ExportOptions{Zone: "基准开发区", Year: 2025, GroupBy: "category"})
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkFloorImportRead10k is the import's floor: excelize reading the same workbook,
// every cell of every sheet as text through its row iterator, and nothing else.
func BenchmarkFloorImportRead10k(b *testing.B) {
	data := ledgerWorkbook(b, 10_000)
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for _, sheet := range f.GetSheetList() {
			rows, err := f.Rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				cols, err := rows.Columns()
				if err != nil {
					b.Fatal(err)
				}
				cells += len(cols)
			}
			rows.Close()
		}
		f.Close()
		if cells < 10_000 {
			b.Fatalf("read %d cells", cells)
		}
	}
}

func importBytes(b *testing.B, db *store.DB, a *stride.Actor, data []byte, n int) {
	book, err := office.Read("bench.xlsx", data)
	if err != nil {
		b.Fatal(err)
	}
	l, err := office.Parse(book, office.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res, _, err := db.CommitImport(context.Background(), a, l.Year, l.Rows)
	if err != nil {
		b.Fatal(err)
	}
	if res.Created != n {
		b.Fatalf("created %d of %d", res.Created, n)
	}
}
