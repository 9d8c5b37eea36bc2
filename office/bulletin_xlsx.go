package office

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stride-hq/stride"
	"github.com/xuri/excelize/v2"
)

// BulletinXLSX writes a bulletin's attachment: the detail ledger as the bulletin froze
// it (a title row, a two-row header, one row per project, a 合计 row whose sums are
// formulas with their values, panes frozen under the header and beside the names, 万元
// with two decimals), and the unit ranking on a second sheet. It streams, so a ledger of
// 100,000 projects takes little memory.
func BulletinXLSX(b *stride.Bulletin, d *stride.BulletinDetail, lang stride.Lang) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	c := b.Content
	if c == nil {
		c = &stride.BulletinContent{}
	}
	ledger := stride.T(lang, "bulletin.xlsx.sheet_ledger")
	if err := f.SetSheetName("Sheet1", ledger); err != nil {
		return nil, err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(ledger)
	if err != nil {
		return nil, err
	}
	// Columns: 序号 名称 责任单位 业主单位 类别 阶段 | 总投资 年度计划 完成 完成率 序时进度 差 | 灯 开工 竣工 原因
	widths := []float64{6, 36, 16, 28, 10, 10, 14, 14, 14, 10, 10, 12, 8, 12, 12, 48}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 3, TopLeftCell: "C4", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "C4", ActiveCell: "C4", Pane: "bottomRight"}}}); err != nil {
		return nil, err
	}
	title := stride.T(lang, "bulletin.xlsx.title", b.Title, b.Number, stride.DateText(c.AsOf, lang))
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	period := fmt.Sprint(c.Period)
	group := func(key string) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: stride.T(lang, key)} }
	head := func(key string, args ...any) excelize.Cell {
		return excelize.Cell{StyleID: st.header, Value: stride.T(lang, key, args...)}
	}
	blank := excelize.Cell{StyleID: st.header}
	row2 := []any{head("bulletin.xlsx.col.seq"), head("bulletin.xlsx.col.name"), head("bulletin.xlsx.col.lead"), head("bulletin.xlsx.col.owner"),
		head("bulletin.xlsx.col.category"), head("bulletin.xlsx.col.stage"), group("bulletin.xlsx.group.investment"), blank, blank, blank, blank, blank,
		group("bulletin.xlsx.group.progress"), blank, blank, blank}
	row3 := []any{blank, blank, blank, blank, blank, blank, head("bulletin.xlsx.col.total"), head("bulletin.xlsx.col.plan"),
		head("bulletin.xlsx.col.completed", period), head("bulletin.xlsx.col.rate"), head("bulletin.xlsx.col.pace"), head("bulletin.xlsx.col.gap"),
		head("bulletin.xlsx.col.light"), head("bulletin.xlsx.col.start"), head("bulletin.xlsx.col.end"), head("bulletin.xlsx.col.reasons")}
	if err := sw.SetRow("A2", row2, excelize.RowOpts{Height: 22}); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A3", row3, excelize.RowOpts{Height: 36}); err != nil {
		return nil, err
	}
	for _, m := range [][2]string{{"A1", "P1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "D3"}, {"E2", "E3"}, {"F2", "F3"}, {"G2", "L2"}, {"M2", "P2"}} {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return nil, err
		}
	}
	var total, plan, completed, planned stride.Money
	r := 4
	for i, row := range d.Rows {
		total, plan, completed, planned = total+row.Total, plan+row.Plan, completed+row.Completed, planned+row.Planned
		reasons := make([]string, len(row.Why))
		for j, w := range row.Why {
			reasons[j] = w.Msg().In(lang)
		}
		rate, pace := row.Rate(), row.Pace()
		cells := []any{
			excelize.Cell{StyleID: st.center, Value: i + 1},
			excelize.Cell{StyleID: st.text, Value: row.Name},
			excelize.Cell{StyleID: st.text, Value: row.LeadUnit},
			excelize.Cell{StyleID: st.text, Value: row.OwnerUnit},
			excelize.Cell{StyleID: st.center, Value: stride.T(lang, "bulletin.category."+string(row.Category))},
			excelize.Cell{StyleID: st.center, Value: stride.T(lang, "bulletin.stage."+string(row.Stage))},
			excelize.Cell{StyleID: st.wan, Value: wanValue(row.Total)},
			excelize.Cell{StyleID: st.wan, Value: wanValue(row.Plan)},
			excelize.Cell{StyleID: st.wan, Value: wanValue(row.Completed)},
			excelize.Cell{StyleID: st.pct, Value: rate},
			excelize.Cell{StyleID: st.pct, Value: pace},
			excelize.Cell{StyleID: st.pct, Value: stride.PointsGap(rate, pace)},
			excelize.Cell{StyleID: st.lightStyle(row.Light), Value: lightWord(row.Light, lang)},
			excelize.Cell{StyleID: st.center, Value: row.Started.String()},
			excelize.Cell{StyleID: st.center, Value: row.Ended.String()},
			excelize.Cell{StyleID: st.text, Value: strings.Join(reasons, stride.T(lang, "bulletin.doc.semicolon"))},
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), cells); err != nil {
			return nil, err
		}
		r++
	}
	last := max(r-1, 4)
	sum := func(col string, v stride.Money) excelize.Cell {
		return excelize.Cell{StyleID: st.wanTotal, Formula: fmt.Sprintf("SUM(%s4:%s%d)", col, col, last), Value: wanValue(v)}
	}
	rate, pace := stride.Percent(completed, plan), stride.Percent(planned, plan)
	totalRow := []any{
		excelize.Cell{StyleID: st.totalLabel, Value: stride.T(lang, "bulletin.doc.total")}, excelize.Cell{StyleID: st.totalLabel},
		excelize.Cell{StyleID: st.totalText, Value: stride.T(lang, "bulletin.xlsx.projects", len(d.Rows))}, excelize.Cell{StyleID: st.totalText},
		excelize.Cell{StyleID: st.totalText}, excelize.Cell{StyleID: st.totalText},
		sum("G", total), sum("H", plan), sum("I", completed),
		excelize.Cell{StyleID: st.pctTotal, Value: rate}, excelize.Cell{StyleID: st.pctTotal, Value: pace},
		excelize.Cell{StyleID: st.pctTotal, Value: stride.PointsGap(rate, pace)},
		excelize.Cell{StyleID: st.totalText}, excelize.Cell{StyleID: st.totalText}, excelize.Cell{StyleID: st.totalText}, excelize.Cell{StyleID: st.totalText},
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", r), totalRow, excelize.RowOpts{Height: 22}); err != nil {
		return nil, err
	}
	if err := sw.MergeCell(fmt.Sprintf("A%d", r), fmt.Sprintf("B%d", r)); err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if err := unitSheet(f, st, c, lang); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: title, Creator: b.Issuer})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unitSheet writes the ranking of the responsible units, lowest first.
func unitSheet(f *excelize.File, st *xlsxStyles, c *stride.BulletinContent, lang stride.Lang) error {
	name := stride.T(lang, "bulletin.xlsx.sheet_units")
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range []float64{8, 30, 10, 16, 16, 12, 12, 14} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: stride.T(lang, "bulletin.doc.table_units")}}, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	var head []any
	for _, k := range []string{"bulletin.doc.col.rank", "bulletin.doc.col.unit", "bulletin.doc.col.projects", "bulletin.doc.col.plan",
		"bulletin.doc.col.completed", "bulletin.doc.col.rate", "bulletin.doc.col.pace", "bulletin.doc.col.gap"} {
		head = append(head, excelize.Cell{StyleID: st.header, Value: stride.T(lang, k)})
	}
	if err := sw.SetRow("A2", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for i, u := range c.Units {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+3), []any{excelize.Cell{StyleID: st.center, Value: i + 1}, excelize.Cell{StyleID: st.text, Value: u.UnitName},
			excelize.Cell{StyleID: st.center, Value: u.Projects}, excelize.Cell{StyleID: st.wan, Value: wanValue(u.Plan)},
			excelize.Cell{StyleID: st.wan, Value: wanValue(u.Completed)}, excelize.Cell{StyleID: st.pct, Value: u.Rate},
			excelize.Cell{StyleID: st.pct, Value: u.Pace}, excelize.Cell{StyleID: st.pct, Value: u.Gap}}); err != nil {
			return err
		}
	}
	if err := sw.MergeCell("A1", "H1"); err != nil {
		return err
	}
	return sw.Flush()
}

// wanValue is an amount in 万元 as a spreadsheet number. Amounts have at most six decimals
// in 万元 (whole fen), which a float64 holds exactly enough to round-trip.
func wanValue(m stride.Money) float64 { return float64(m) / 1_000_000 }

func lightWord(c stride.Color, lang stride.Lang) string {
	switch c {
	case stride.ColorRed, stride.ColorYellow, stride.ColorGreen:
		return stride.T(lang, "bulletin.light."+string(c))
	}
	return ""
}

type xlsxStyles struct {
	title, header, text, center, wan, pct, totalLabel, totalText, wanTotal, pctTotal int
	red, yellow, green                                                               int
}

func (s *xlsxStyles) lightStyle(c stride.Color) int {
	switch c {
	case stride.ColorRed:
		return s.red
	case stride.ColorYellow:
		return s.yellow
	case stride.ColorGreen:
		return s.green
	}
	return s.center
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	wanFmt, pctFmt := "#,##0.00", "0.0"
	body := func(s *excelize.Style) *excelize.Style {
		s.Border = border
		if s.Font == nil {
			s.Font = &excelize.Font{Family: "宋体", Size: 10}
		}
		return s
	}
	out := &xlsxStyles{}
	for _, spec := range []struct {
		dst *int
		s   *excelize.Style
	}{
		{&out.title, &excelize.Style{Font: &excelize.Font{Family: "方正小标宋简体", Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&out.header, body(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 10, Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})},
		{&out.text, body(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})},
		{&out.center, body(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})},
		{&out.wan, body(&excelize.Style{CustomNumFmt: &wanFmt, Alignment: &excelize.Alignment{Vertical: "center"}})},
		{&out.pct, body(&excelize.Style{CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})},
		{&out.totalLabel, body(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 10, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})},
		{&out.totalText, body(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})},
		{&out.wanTotal, body(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Bold: true}, CustomNumFmt: &wanFmt})},
		{&out.pctTotal, body(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Bold: true}, CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Horizontal: "center"}})},
		{&out.red, body(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F56C6C"}}, Alignment: &excelize.Alignment{Horizontal: "center"}})},
		{&out.yellow, body(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6A23C"}}, Alignment: &excelize.Alignment{Horizontal: "center"}})},
		{&out.green, body(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"67C23A"}}, Alignment: &excelize.Alignment{Horizontal: "center"}})},
	} {
		id, err := f.NewStyle(spec.s)
		if err != nil {
			return nil, err
		}
		*spec.dst = id
	}
	return out, nil
}
