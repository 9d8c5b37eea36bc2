package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The demo zone's ledger exports, previews back with no change, and a shared real ledger
// previews in Chinese and imports.
func TestExportImportCommands(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		out := &syncBuffer{}
		m := newMain(t, out, nil)
		err := m.Run(context.Background(), append(args, "--data-dir", dir))
		return out.String(), err
	}
	m := newMain(t, &syncBuffer{}, nil, "--addr", "127.0.0.1:0", "--data-dir", dir)
	m.Config.Demo = true
	start(t, m)
	m.Close()
	file := filepath.Join(t.TempDir(), "台账.xlsx")
	year := m.Now().Year()
	out, err := run("export", "--year", strconv.Itoa(year), "--group-by", "category", "-o", file)
	if err != nil || !strings.Contains(out, "已导出") {
		t.Fatalf("export: %v %s", err, out)
	}
	out, err = run("import", file, "--dry-run")
	if err != nil || !strings.Contains(out, "新建0个，更新0个") || !strings.Contains(out, "合计核对（第5行）：一致") || !strings.Contains(out, "试运行") {
		t.Fatalf("import --dry-run: %v\n%s", err, out)
	}
	if _, err := run("export", "-o", file, "--group-by", "colour"); err == nil {
		t.Error("a bad grouping was accepted")
	}
	fixtures := filepath.Join("..", "..", "..", "shared", "fixtures", "ledgers")
	if _, err := os.Stat(fixtures); err != nil {
		t.Skip("shared fixtures not present")
	}
	out, err = run("import", filepath.Join(fixtures, "annual-project-detail.xls"), "--year", strconv.Itoa(year))
	if err != nil || !strings.Contains(out, "导入完成：新建1个项目") || !strings.Contains(out, "L   项目业主单位 / 业主名称 → 业主单位") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	// Rows without an owner cannot become projects: nothing is written.
	out, err = run("import", filepath.Join(fixtures, "annual-targets-progress.xls"))
	if err == nil || !strings.Contains(err.Error(), "有2处错误，未导入任何数据") || !strings.Contains(out, "跳过第5行（分组标题行）：一、交通5项") ||
		!strings.Contains(out, "错误：第6行（T6） 新项目须填写业主单位") {
		t.Fatalf("import without owners: %v\n%s", err, out)
	}
	if _, err := run("import", filepath.Join(t.TempDir(), "missing.xlsx")); err == nil {
		t.Error("a missing file was accepted")
	}
}
