package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/office"
)

// importLedger previews a ledger workbook in Chinese and, unless --dry-run, imports it.
func (m *Main) importLedger(ctx context.Context, args []string) error {
	var sheet string
	var year int
	var dry bool
	pos, err := m.flags("import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&sheet, "sheet", "", "the sheet to read (default: the first with a recognisable heading)")
		fs.IntVar(&year, "year", 0, "the plan year (default: from the headings, else this year)")
		fs.BoolVar(&dry, "dry-run", false, "print the preview and write nothing")
	})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprint(m.Stderr, "usage: stride import FILE [--sheet NAME] [--year Y] [--dry-run]\n")
		return errUsage
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	zone, err := m.Config.zone()
	if err != nil {
		return err
	}
	book, err := office.Read(filepath.Base(pos[0]), data)
	if err != nil {
		return cliError(err)
	}
	l, err := office.Parse(book, office.Options{Sheet: sheet, Year: year, DefaultYear: m.Now().In(zone).Year()})
	if err != nil {
		return cliError(err)
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	a := stride.SystemActor("stride import")
	plan, err := m.DB.PlanImport(ctx, a, l.Year, l.Rows)
	if err != nil {
		return err
	}
	issues := printPreview(m.Stdout, pos[0], l, plan)
	if issues > 0 {
		return fmt.Errorf("有%d处错误，未导入任何数据", issues)
	}
	if dry {
		fmt.Fprintln(m.Stdout, "试运行（--dry-run）：未写入任何数据。")
		return nil
	}
	res, _, err := m.DB.CommitImport(ctx, a, l.Year, l.Rows)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(m.Stdout, "导入完成：新建%d个项目，更新%d个，未变化%d个，新建单位%d个。\n", res.Created, res.Updated, res.Unchanged, res.UnitsCreated)
	return nil
}

// printPreview prints what an import would do, in Chinese, and returns the number of
// problems that block it.
func printPreview(w io.Writer, file string, l *office.Ledger, plan *stride.ImportPlan) int {
	l.Localize(stride.LangZH)
	fmt.Fprintf(w, "文件：%s（%s）\n", file, l.Format)
	var sheets []string
	for _, s := range l.Sheets {
		mark := ""
		if !s.Recognised {
			mark = "（无表头）"
		}
		sheets = append(sheets, s.Name+mark)
	}
	fmt.Fprintf(w, "工作表：%s；全部：%s\n", l.Sheet, strings.Join(sheets, "、"))
	if l.Title != "" {
		fmt.Fprintf(w, "标题：%s\n", l.Title)
	}
	rows := make([]string, len(l.HeaderRows))
	for i, r := range l.HeaderRows {
		rows[i] = fmt.Sprint(r)
	}
	fmt.Fprintf(w, "表头：第%s行；年度：%d年", strings.Join(rows, "、"), l.Year)
	if l.Months[0] > 0 {
		fmt.Fprintf(w, "；完成投资期间：%d-%d月", l.Months[0], l.Months[1])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "列映射：")
	for _, c := range l.Columns {
		target := "（不导入）"
		if c.Field != "" {
			target = c.Field.Label(stride.LangZH)
		}
		if c.Ignored == "duplicate" {
			target = "（重复，不导入）"
		}
		unit := ""
		if c.Unit != "" {
			unit = "，" + c.Unit
		}
		fmt.Fprintf(w, "  %-3s %s → %s%s\n", c.Col, c.Heading, target, unit)
	}
	fmt.Fprintf(w, "项目行：%d；新建%d个，更新%d个，未变化%d个；跳过%d行，空行%d行\n",
		len(l.Rows), plan.Creates, plan.Updates, plan.Same, len(l.Skipped), l.Blank)
	for _, r := range plan.Rows {
		if r.Action == stride.ImportUnchanged {
			continue
		}
		verb := "新建"
		if r.Action == stride.ImportUpdate {
			var ch []string
			for _, f := range r.Changes {
				ch = append(ch, f.Label(stride.LangZH))
			}
			verb = "更新（" + strings.Join(ch, "、") + "）"
		}
		fmt.Fprintf(w, "  第%d行 %s %s\n", r.Line, verb, r.Name)
	}
	for _, u := range plan.NewUnits {
		fmt.Fprintf(w, "  新建单位：%s（%s下）\n", u.Name, u.Parent)
	}
	for _, s := range l.Skipped {
		fmt.Fprintf(w, "  跳过第%d行（%s）：%s\n", s.Line, s.Message, s.Text)
	}
	if t := l.Totals; t != nil {
		fmt.Fprintf(w, "合计核对（第%d行）：", t.Line)
		if t.Match {
			fmt.Fprintln(w, "一致")
		} else {
			fmt.Fprintln(w, "有差异")
		}
	}
	for _, is := range l.Warnings {
		fmt.Fprintf(w, "  提示：%s\n", is.Message)
	}
	issues := append(slices.Clone(l.Issues), plan.Issues...)
	slices.SortStableFunc(issues, func(a, b stride.ImportIssue) int { return a.Line - b.Line })
	for _, is := range issues {
		where := ""
		if is.Cell != "" {
			where = "（" + is.Cell + "）"
		}
		fmt.Fprintf(w, "  错误：第%d行%s %s\n", is.Line, where, is.Msg.In(stride.LangZH))
	}
	return len(issues)
}

// exportLedger writes the standard ledger of a year.
func (m *Main) exportLedger(ctx context.Context, args []string) error {
	var year int
	var groupBy, out string
	if _, err := m.flags("export", args, func(fs *flag.FlagSet) {
		fs.IntVar(&year, "year", 0, "the ledger year (default: this year)")
		fs.StringVar(&groupBy, "group-by", "", "group with subtotals by nature, category or unit")
		fs.StringVar(&out, "o", "", "the .xlsx file to write")
	}); err != nil {
		return err
	}
	if out == "" || !slices.Contains(office.GroupBys, groupBy) {
		fmt.Fprint(m.Stderr, "usage: stride export --year Y [--group-by nature|category|unit] -o FILE.xlsx\n")
		return errUsage
	}
	zone, err := m.Config.zone()
	if err != nil {
		return err
	}
	today := stride.DateOf(m.Now().In(zone))
	if year == 0 {
		year = today.Year
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	rows, err := m.DB.ExportProjects(ctx, stride.SystemActor("stride export"), stride.ProjectFilter{Year: year})
	if err != nil {
		return err
	}
	settings, err := m.DB.Settings(ctx)
	if err != nil {
		return err
	}
	b, err := office.ExportLedger(rows, office.ExportOptions{Zone: settings.ZoneName, Year: year,
		Months: api.ExportMonths(year, today), GroupBy: groupBy, AsOf: today})
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已导出%d个项目：%s\n", len(rows), out)
	return nil
}
