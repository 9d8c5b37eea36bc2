package bench

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/office"
)

// exportOnce downloads a list as .xlsx through the whole server and reports its size.
func exportOnce(b *testing.B, path string) {
	db := portfolio(b)
	ts := httptest.NewServer(api.New(api.Config{Store: db, Zone: zone, DataDir: b.TempDir()}))
	defer ts.Close()
	c := httpClient(b, ts)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		res, err := c.Get(ts.URL + path)
		if err != nil || res.StatusCode != 200 {
			b.Fatal(err, res.StatusCode)
		}
		size, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
}

// The monthly-report list as a workbook: on the 100k portfolio it holds two million
// reports, so this is the capped export of 50,000 rows, read in pages of 5,000.
func BenchmarkHTTPListExportReports(b *testing.B) {
	exportOnce(b, "/api/v1/reports?format=xlsx")
}

// The unit list (25,000 on the 100k portfolio, one unpaged query) as a workbook.
func BenchmarkHTTPListExportUnits(b *testing.B) {
	exportOnce(b, "/api/v1/units?format=xlsx")
}

// The floor of the report export's reading: the same store call for the same 50,000 rows,
// page by page, without writing a workbook.
func BenchmarkFloorListExportReportsStore(b *testing.B) {
	db := portfolio(b)
	a := actor(b, db, "hq")
	b.ReportAllocs()
	for b.Loop() {
		f := stride.ReportFilter{Page: stride.Page{Number: 1, Size: 5000}}
		for n := 0; n < 50_000; f.Page.Number++ {
			list, err := db.ListReports(context.Background(), a, f)
			if err != nil {
				b.Fatal(err)
			}
			n += len(list.Items)
			if len(list.Items) < f.Page.Size {
				break
			}
		}
	}
}

// The floor of the report export's writing: 50,000 rows of the same ten typed columns
// into a workbook, no database.
func BenchmarkFloorListExportWriter(b *testing.B) {
	cols := []office.TableColumn{{Header: "项目", Kind: office.Text}, {Header: "所属月份", Kind: office.Text},
		{Header: "版次", Kind: office.Int}, {Header: "本月完成投资（万元）", Kind: office.Money}, {Header: "形象进度（%）", Kind: office.Percent},
		{Header: "形象进度", Kind: office.Text}, {Header: "状态", Kind: office.Text}, {Header: "原因", Kind: office.Text},
		{Header: "现场照片", Kind: office.Int}, {Header: "填报时间", Kind: office.DateTime}}
	at := time.Date(2025, 3, 5, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		tw, err := office.NewTableWriter(office.Table{Sheet: "投资月报", Title: "投资月报", Note: "基准", Columns: cols, Zone: zone})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 50_000 {
			if err := tw.Write([]any{fmt.Sprintf("重点项目（%05d）", i), "2025年2月", 1, stride.Money(int64(i) * 12_345), 24,
				"主体结构施工，完成形象进度24%", "已通过", "", 0, at}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := tw.Bytes(); err != nil {
			b.Fatal(err)
		}
		tw.Close()
	}
}

// The report list's first page with its total, as HQ and as a department, for the views
// people open: everything, this year (the list's default), this year's reports waiting for
// review (a reviewer's default) and one month. At 100,000 projects there are 4.6 M reports.
func BenchmarkReportListFirstPage(b *testing.B) {
	db := portfolio(b)
	year := time.Now().In(zone).Year()
	for _, user := range []string{"hq", "dept"} {
		a := actor(b, db, user)
		for _, v := range []struct {
			name   string
			filter stride.ReportFilter
		}{
			{"all", stride.ReportFilter{}},
			{"year", stride.ReportFilter{Year: year}},
			{"year-submitted", stride.ReportFilter{Year: year, Status: stride.ReportSubmitted}},
			{"month", stride.ReportFilter{Year: year - 1, Month: 6}},
		} {
			b.Run(user+"/"+v.name, func(b *testing.B) {
				f := v.filter
				f.Page = stride.Page{Number: 1, Size: 20}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := db.ListReports(context.Background(), a, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
