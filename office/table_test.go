package office_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
	"github.com/xuri/excelize/v2"
)

func tableColumns() []office.TableColumn {
	return []office.TableColumn{
		{Header: "名称", Kind: office.Text},
		{Header: "金额（万元）", Kind: office.Money},
		{Header: "件数", Kind: office.Int},
		{Header: "面积（亩）", Kind: office.Decimal},
		{Header: "进度", Kind: office.Percent},
		{Header: "日期", Kind: office.Date},
		{Header: "时间", Kind: office.DateTime},
	}
}

// A table reads back with its title, note, heading and typed cells: money a number in 万元
// shown with two decimals, dates real dates, times in the zone's civil time.
func TestWriteTable(t *testing.T) {
	zone := time.FixedZone("CST", 8*3600)
	at := time.Date(2025, 3, 31, 16, 30, 0, 0, time.UTC) // 2025-04-01 00:30 in the zone
	var none *stride.Money
	rows := [][]any{
		{"福州高新区综合医院", wan("12345.675"), 3, 12.5, 97.2, stride.NewDate(2025, 3, 31), at},
		{"", none, nil, nil, nil, stride.Date{}, time.Time{}},
		{"bad\x00text\x01", stride.Money(0), int64(7), 0.0, 100, stride.NewDate(2024, 2, 29), &at},
	}
	b, err := office.WriteTable(office.Table{Sheet: "难点堵点", Title: "难点堵点台账", Note: "福州高新区　导出时间：2025-04-01 10:00", Columns: tableColumns(), Zone: zone}, rows)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "难点堵点" {
		t.Fatalf("sheets %v", got)
	}
	const sh = "难点堵点"
	cell := func(ref string) string {
		v, err := f.GetCellValue(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	raw := func(ref string) string {
		v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if cell("A1") != "难点堵点台账" || !strings.Contains(cell("A2"), "导出时间") {
		t.Errorf("title %q note %q", cell("A1"), cell("A2"))
	}
	heads, _ := f.GetRows(sh)
	if got := strings.Join(heads[2], "|"); got != "名称|金额（万元）|件数|面积（亩）|进度|日期|时间" {
		t.Errorf("heading %q", got)
	}
	want := map[string]string{
		"A4": "福州高新区综合医院", "B4": "12,345.68", "C4": "3", "D4": "12.50", "E4": "97.2%", "F4": "2025-03-31", "G4": "2025-04-01 00:30",
		"A5": "", "B5": "", "C5": "", "F5": "", "G5": "",
		"A6": "badtext", "B6": "0.00", "C6": "7", "E6": "100.0%", "F6": "2024-02-29", "G6": "2025-04-01 00:30",
	}
	for ref, w := range want {
		if got := cell(ref); got != w {
			t.Errorf("%s = %q, want %q", ref, got, w)
		}
	}
	// The stored values are numbers, not text.
	for ref, w := range map[string]string{"B4": "12345.675", "E4": "0.972", "F4": "45747", "G4": "45748.0208333333"} {
		if got := raw(ref); got != w {
			t.Errorf("raw %s = %q, want %q", ref, got, w)
		}
	}
	for _, ref := range []string{"B4", "C4", "F4", "G4"} {
		if typ, _ := f.GetCellType(sh, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s has type %v", ref, typ)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v %v", panes, err)
	}
	names := f.GetDefinedName()
	var filter, titles bool
	for _, n := range names {
		filter = filter || n.Name == "_xlnm._FilterDatabase" && strings.HasSuffix(n.RefersTo, "$A$3:$G$6")
		titles = titles || n.Name == "_xlnm.Print_Titles" && strings.Contains(n.RefersTo, "$3:$3")
	}
	if !filter || !titles {
		t.Errorf("defined names %+v", names)
	}
	layout, err := f.GetPageLayout(sh)
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("page layout %+v %v", layout, err)
	}
	// CJK text counts double when the width is measured.
	w, err := f.GetColWidth(sh, "A")
	if err != nil || w < 20 {
		t.Errorf("column A width %v %v", w, err)
	}
}

// An empty table still has its title and heading; many rows stream through with the
// heading written once and the filter over all of them.
func TestWriteTableSizes(t *testing.T) {
	for _, n := range []int{0, 1, 199, 200, 201, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			tw, err := office.NewTableWriter(office.Table{Sheet: "列表", Title: "标题", Columns: tableColumns()})
			if err != nil {
				t.Fatal(err)
			}
			defer tw.Close()
			for i := range n {
				if err := tw.Write([]any{fmt.Sprintf("第%d行", i+1), stride.Money(i * 10_000), i, 1.5, 50, stride.NewDate(2025, 1, 1), time.Time{}}); err != nil {
					t.Fatal(err)
				}
			}
			if tw.Rows() != n {
				t.Errorf("Rows() = %d", tw.Rows())
			}
			b, err := tw.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("列表")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3+n || rows[2][0] != "名称" {
				t.Fatalf("%d rows, heading %v", len(rows), rows[min(2, len(rows)-1)])
			}
			if n > 0 && rows[len(rows)-1][0] != fmt.Sprintf("第%d行", n) {
				t.Errorf("last row %v", rows[len(rows)-1])
			}
		})
	}
}

func TestWriteTableRejects(t *testing.T) {
	if _, err := office.NewTableWriter(office.Table{Title: "x"}); err == nil {
		t.Error("a table without columns was accepted")
	}
	tw, err := office.NewTableWriter(office.Table{Sheet: "a/b:c", Columns: tableColumns()})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Close()
	if err := tw.Write([]any{"too few"}); err == nil {
		t.Error("a short row was accepted")
	}
}
