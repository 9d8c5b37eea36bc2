package office_test

import (
	"strings"
	"testing"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

// Seeds beyond these are committed under testdata/fuzz. Run one with, for example,
// go test ./office -run '^$' -fuzz FuzzDetect -fuzztime 30s

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1,378,400.00", "9200", "１２３", "0.5亿元", "1.2E+5", "1378400.0000000002", "-", "约500万", "1/3", "0x10", "9e99", "-0.0000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok, err := office.ParseMoney(s, office.Wan)
		if err != nil && (ok || m != 0) {
			t.Fatalf("error with a value: %d %v", m, ok)
		}
		if ok {
			// What parses as 万元 writes back as the same amount.
			back, _, err := office.ParseMoney(m.Wan(), office.Wan)
			if err != nil || back != m {
				t.Fatalf("%q → %s → %d %v", s, m.Wan(), back, err)
			}
		}
	})
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"97.2%", "0.972", "１００％", "", "-3", "abc", "1e5"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, fraction bool) {
		if v, err := office.ParsePercent(s, fraction); err == nil && v != "" && !strings.Contains(v, ".") {
			t.Fatalf("%q → %q has no decimal", s, v)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"40377", "2010-07-17", "2010/7/17", "2010.7.17", "2010年7月17日", "2010年7月", "2010.2.30", "99999999", "2010-07-17 00:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := office.ParseDate(s); ok && (d.Year < 1900 || d.Year > 9999 || d.Month < 1 || d.Month > 12) {
			t.Fatalf("%q → %v", s, d)
		}
	})
}

func FuzzParseYears(f *testing.F) {
	for _, s := range []string{"2009-2011", "2010-", "2009～2011年", "2009.10-2011.3", "09.10-11.3", "2010年3月-2012年12月", "2010", "40377", "2011-2009", "--", "至"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, err := office.ParseYears(s)
		if err == nil && (start != 0 && (start < 1990 || start > 2100) || end != 0 && end < start) {
			t.Fatalf("%q → %d %d", s, start, end)
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2010年1-7月完成投资（万元）", "至2009年底累计完成投资", "1-  月累计完成投资", "1～3月", "12月完成", "开工至上一年度底累计完成投资"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := office.ParsePeriod(s)
		if p.FromMonth < 0 || p.FromMonth > 12 || p.ToMonth < 0 || p.ToMonth > 12 || p.ToMonth != 0 && p.ToMonth < p.FromMonth {
			t.Fatalf("%q → %+v", s, p)
		}
	})
}

// FuzzDetect feeds arbitrary grids (rows by line, cells by tab) through heading detection
// and row reading: no grid panics, and every row read has a name.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"标题\n序号\t项目名称\t总投资（万元）\t业主单位\n合计2个\t\t3\t\n1\t甲\t1\t甲公司\n2\t乙\t2\t乙公司",
		"序号\t项目名称\t项目业主单位\t\t\n\t\t名称\t负责人\t电话\n1\t甲\t甲公司\t张三\t0591-1234567",
		"项目名称\t\t业主单位\n建设目标\t\t\n责任单位\t\t\n责任人\t\t\n需协调解决问题\t\t",
		"一、交通5项\n（一）工业项目82个\n龙海市合计14个",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		sh := &office.Sheet{Name: "S"}
		for _, line := range strings.Split(s, "\n") {
			sh.Rows = append(sh.Rows, strings.Split(line, "\t"))
		}
		l, err := office.Parse(&office.Book{Format: "csv", Sheets: []*office.Sheet{sh}}, office.Options{DefaultYear: 2025})
		if err != nil {
			if !stride.IsCode(err, stride.EInvalid) {
				t.Fatalf("error %v", err)
			}
			return
		}
		for _, r := range l.Rows {
			if r.Name == "" {
				t.Fatalf("row %d without a name", r.Line)
			}
		}
	})
}

// FuzzRead feeds arbitrary bytes to the workbook reader: every failure is an invalid
// error with a catalog message, never a panic.
func FuzzRead(f *testing.F) {
	f.Add("ledger.csv", []byte("序号,项目名称,总投资\n1,甲,100\n"))
	f.Add("ledger.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00"))
	f.Add("ledger.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"))
	f.Add("photo.xlsx", []byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		book, err := office.Read(name, b)
		if err != nil {
			if !stride.IsCode(err, stride.EInvalid) {
				t.Fatalf("error %v", err)
			}
			return
		}
		office.Parse(book, office.Options{})
	})
}
