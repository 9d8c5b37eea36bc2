package stride_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stride-hq/stride"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fen  int64
		wan  string
		fail bool
	}{
		{in: "12345.67", fen: 12345670000, wan: "12345.67"},
		{in: "12,345.67", fen: 12345670000, wan: "12345.67"},
		{in: "0", fen: 0, wan: "0.00"},
		{in: ".5", fen: 500000, wan: "0.50"},
		{in: "214100", fen: 214100000000, wan: "214100.00"},
		{in: "0.000001", fen: 1, wan: "0.000001"},
		{in: "-3.125", fen: -3125000, wan: "-3.125"},
		{in: "0.1", fen: 100000, wan: "0.10"}, // no float: 0.1 is exact
		{in: "1.0000001", fail: true},
		{in: "abc", fail: true},
		{in: "", fail: true},
		{in: ".", fail: true},
		{in: "1e5", fail: true},
		{in: "1.2.3", fail: true},
		{in: "9999999999999", fail: true},
	} {
		m, err := stride.ParseWan(tc.in)
		if tc.fail {
			if err == nil {
				t.Errorf("ParseWan(%q) = %d, want error", tc.in, m)
			}
			continue
		}
		if err != nil || int64(m) != tc.fen || m.Wan() != tc.wan {
			t.Errorf("ParseWan(%q) = %d %q %v, want %d %q", tc.in, m, m.Wan(), err, tc.fen, tc.wan)
		}
	}
}

func FuzzParseWan(f *testing.F) {
	for _, s := range []string{"12345.67", "-0.000001", "1,000", "", ".", "９", "1e9", "0.1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := stride.ParseWan(s)
		if err != nil {
			return
		}
		back, err := stride.ParseWan(m.Wan())
		if err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d %v", s, m, m.Wan(), back, err)
		}
	})
}

func TestPasswordPolicy(t *testing.T) {
	p := stride.DefaultSecurityPolicy()
	for _, tc := range []struct {
		pw, user string
		ok       bool
		key      string
	}{
		{"Stride@2025", "hq", true, ""},
		{"Ab1@", "hq", false, "password.too_short"},
		{"abcdefgh1", "hq", false, "password.classes"},
		{"ABCdefgh", "hq", false, "password.classes"},
		{"ABCdefgh1", "hq", true, ""},
		{"密码Abc12345", "hq", true, ""},
		{"Zhangsan@1", "zhangsan", false, "password.contains_username"},
	} {
		m, ok := p.Check(tc.pw, tc.user)
		if ok != tc.ok || m.Key != tc.key {
			t.Errorf("Check(%q) = %v %q, want %v %q", tc.pw, ok, m.Key, tc.ok, tc.key)
		}
	}
	changed := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if p.PasswordExpired(changed, changed.AddDate(0, 0, 90)) || !p.PasswordExpired(changed, changed.AddDate(0, 0, 91)) {
		t.Error("passwords expire after 90 days")
	}
	p.PasswordExpiryDays = 0
	if p.PasswordExpired(changed, changed.AddDate(10, 0, 0)) {
		t.Error("expiry 0 means never")
	}
}

func TestPasswordHash(t *testing.T) {
	h := stride.HashPassword("Stride@2025")
	if !strings.HasPrefix(h, "$argon2id$") || !stride.VerifyPassword(h, "Stride@2025") || stride.VerifyPassword(h, "stride@2025") {
		t.Fatalf("hash %s does not verify as it should", h)
	}
	if h == stride.HashPassword("Stride@2025") {
		t.Fatal("hashes are salted")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2id$v=19$m=x$a$b", "$bcrypt$a$b$c$d"} {
		if stride.VerifyPassword(bad, "") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
	for range 20 {
		if _, ok := stride.DefaultSecurityPolicy().Check(stride.RandomPassword(), "admin"); !ok {
			t.Fatal("a random password fails the policy")
		}
	}
}

func FuzzVerifyPassword(f *testing.F) {
	f.Add(stride.HashPassword("x"), "x")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if strings.Contains(hash, "m=") && len(hash) > 200 {
			return // huge memory parameters are a cost, not a crash; hashes come from our own store
		}
		stride.VerifyPassword(hash, pw)
	})
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]stride.Lang{"": stride.LangZH, "zh-CN,zh;q=0.9": stride.LangZH, "en-US,en;q=0.8": stride.LangEN, "EN": stride.LangEN, "fr": stride.LangZH} {
		if got := stride.ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %s, want %s", in, got, want)
		}
	}
}

// Every message key the code uses is in the catalog, in both languages.
func TestCatalogCoversCode(t *testing.T) {
	uses := regexp.MustCompile(`(?:Errorf\((?:stride\.)?E\w+, |\.Add\("\w+", |Key: |fieldError\("\w+", |T\((?:stride\.)?Lang\w+, |T\(lang, )"([a-z_]+\.[a-z_.:]+)"[,)}]`)
	found := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "web" || d.Name() == "node_modules") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range uses.FindAllStringSubmatch(string(src), -1) {
			found++
			if !stride.HasMessage(m[1]) {
				t.Errorf("%s uses message %q, missing from the catalog", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 50 {
		t.Fatalf("found only %d message uses: the scan is broken", found)
	}
	for _, p := range stride.Permissions {
		parts := strings.Split(p, ":")
		for _, k := range []string{"perm." + parts[0], "perm." + parts[0] + ":" + parts[1], "perm.action." + parts[2]} {
			if !stride.HasMessage(k) {
				t.Errorf("permission label %q missing", k)
			}
		}
	}
	for _, r := range stride.BuiltinRoles {
		if !stride.HasMessage(r.Name.Key) || !stride.HasMessage(r.Remark.Key) {
			t.Errorf("role %s lacks its labels", r.Code)
		}
	}
}

func TestCatalogLanguagesAgree(t *testing.T) {
	verbs := regexp.MustCompile(`%[dsv]`)
	for _, key := range stride.MessageKeys() {
		zh, en := stride.T(stride.LangZH, key), stride.T(stride.LangEN, key)
		if zh == "" || en == "" {
			t.Errorf("%s: empty text", key)
		}
		if a, b := verbs.FindAllString(stride.Format(stride.LangZH, key), -1), verbs.FindAllString(stride.Format(stride.LangEN, key), -1); strings.Join(a, "") != strings.Join(b, "") {
			t.Errorf("%s: zh has %v, en has %v", key, a, b)
		}
	}
}

func TestPermissionTree(t *testing.T) {
	tree := stride.PermissionTree(stride.LangZH)
	seen := map[string]bool{}
	leaves := 0
	for _, m := range tree {
		if seen[m.Key] {
			t.Errorf("module %s appears twice", m.Key)
		}
		seen[m.Key] = true
		for _, e := range m.Children {
			if seen[e.Key] {
				t.Errorf("entity %s appears twice", e.Key)
			}
			seen[e.Key] = true
			leaves += len(e.Children)
		}
	}
	if leaves != len(stride.Permissions) || tree[0].Label != "项目管理" {
		t.Fatalf("tree has %d leaves for %d permissions; first module %q", leaves, len(stride.Permissions), tree[0].Label)
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "0591-8888": "059**8888", "12345": "12345", "": ""} {
		if got := stride.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProjectValidate(t *testing.T) {
	in := stride.ProjectInput{Name: "  项目 ", Code: "2025-350100-47-01-000123", Category: stride.CategoryIndustrial,
		Stage: stride.StagePlanning, OwnerUnitID: 1, LeadUnitID: 2, StartYear: 2025, EndYear: 2024}
	err := in.Validate(nil)
	var e *stride.Error
	if !asError(err, &e) || e.Fields["end_year"].Key != "validate.end_before_start" || len(e.Fields) != 1 {
		t.Fatalf("Validate: %v", err)
	}
	if in.Name != "项目" {
		t.Fatalf("name not trimmed: %q", in.Name)
	}
}

func asError(err error, target **stride.Error) bool {
	e, ok := err.(*stride.Error)
	*target = e
	return ok
}

func TestDateArithmetic(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-11-30", 2, "2026-01-30"},
		{"2025-05-15", 0, "2025-05-15"},
	} {
		if got := stride.MustDate(tc.from).AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if got := stride.MustDate("2024-02-10").MonthEnd().String(); got != "2024-02-29" {
		t.Errorf("month end: %s", got)
	}
	if d := stride.MustDate("2025-01-01").DaysUntil(stride.MustDate("2025-12-31")); d != 364 {
		t.Errorf("days: %d", d)
	}
}

// A message kept unrendered comes back with the same key, integer arguments still
// integers, nested messages and dates intact, and renders the same in both languages.
func TestMsgStoredForm(t *testing.T) {
	due := stride.NewDate(2026, 12, 1)
	m := stride.Msg{Key: "order.todo_body", Args: []any{"围挡破损", due}}
	nested := stride.Msg{Key: "notify.blockage_escalated", Args: []any{"道路未贯通", stride.Msg{Key: "blockage.level.2"}, 3}}
	for _, in := range []stride.Msg{m, nested, {Key: "notify.report_missing", Args: []any{"项目", 2026, 11}}} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out stride.Msg
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		for _, lang := range []stride.Lang{stride.LangZH, stride.LangEN} {
			if got, want := out.In(lang), in.In(lang); got != want {
				t.Errorf("%s in %s: %q, want %q", b, lang, got, want)
			}
		}
	}
	if got := m.In(stride.LangZH); !strings.Contains(got, "2026年12月1日") {
		t.Errorf("date in Chinese: %q", got)
	}
	if got := m.In(stride.LangEN); !strings.Contains(got, "December 1, 2026") {
		t.Errorf("date in English: %q", got)
	}
}

// A cached dashboard is a clone: its empty lists must encode as the computed one's do.
func TestDashboardCloneKeepsEmptyLists(t *testing.T) {
	d := &stride.Dashboard{ByStage: []stride.Count{}, ByCategory: []stride.Count{}, ByLevel: []stride.Count{},
		ByLight: []stride.Count{}, Trend: []stride.TrendRow{}, Units: []stride.UnitRank{}, Red: []stride.RedRow{},
		Campaigns: []*stride.Campaign{}}
	want, _ := json.Marshal(d)
	got, _ := json.Marshal(d.Clone())
	if string(got) != string(want) {
		t.Errorf("clone encodes as\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(got), `"campaigns":[]`) {
		t.Errorf("an empty list encodes as null: %s", got)
	}
	red := &stride.Dashboard{Red: []stride.RedRow{{ID: 1, Reasons: []string{"a"}}}}
	c := red.Clone()
	c.Red[0].Reasons[0] = "b"
	if red.Red[0].Reasons[0] != "a" {
		t.Error("the clone shares the original's reasons")
	}
}
