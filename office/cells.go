package office

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/stride-hq/stride"
	"golang.org/x/text/width"
)

// Unit is the money unit a column states, as a multiplier to fen.
type Unit int64

// Money units.
const (
	Yuan Unit = 100
	Wan  Unit = 1_000_000
	Yi   Unit = 10_000_000_000
)

// String is the unit's Chinese name.
func (u Unit) String() string {
	switch u {
	case Yuan:
		return "元"
	case Yi:
		return "亿元"
	}
	return "万元"
}

// traditional maps the traditional characters that occur in ledger headings and labels
// to their simplified forms, so headings typed in either script match.
var traditional = strings.NewReplacer(
	"項", "项", "總", "总", "資", "资", "計", "计", "劃", "划", "設", "设", "內", "内", "規", "规",
	"單", "单", "負", "负", "責", "责", "聯", "联", "繫", "系", "係", "系", "電", "电", "話", "话",
	"號", "号", "業", "业", "開", "开", "續", "续", "備", "备", "進", "进", "實", "实", "際", "际",
	"況", "况", "額", "额", "積", "积", "掛", "挂", "鈎", "钩", "鉤", "钩", "領", "领", "導", "导",
	"問", "问", "題", "题", "註", "注", "稱", "称", "點", "点", "務", "务", "類", "类", "別", "别",
	"區", "区", "縣", "县", "鎮", "镇", "廳", "厅", "級", "级", "標", "标", "準", "准", "萬", "万",
	"億", "亿", "圓", "元", "數", "数", "個", "个", "經", "经", "濟", "济", "發", "发", "門", "门",
	"間", "间", "時", "时", "與", "与", "絡", "络", "統", "统", "碼", "码", "質", "质", "預", "预",
	"後", "后", "關", "关", "鍵", "键", "節", "节", "調", "调", "處", "处", "協", "协", "專", "专",
	"產", "产", "設", "设", "築", "筑", "態", "态", "狀", "状", "達", "达", "歲", "岁", "範", "范",
	"圍", "围", "條", "条", "線", "线", "為", "为", "來", "来", "這", "这", "對", "对", "見", "见",
	"報", "报", "於", "于", "應", "应", "該", "该", "當", "当", "長", "长", "機", "机", "構", "构",
	"權", "权", "書", "书", "證", "证", "辦", "办", "農", "农", "醫", "医", "療", "疗", "環", "环",
	"態", "态", "運", "运", "輸", "输", "鐵", "铁", "路", "路", "橋", "桥", "場", "场", "廠", "厂",
	"體", "体", "學", "学", "校", "校", "園", "园", "華", "华", "僑", "侨", "縮", "缩", "數", "数",
	"啟", "启", "動", "动", "時", "时", "間", "间", "順", "顺", "序", "序", "錄", "录", "號", "号",
	"說", "说", "明", "明", "總計", "总计", "合計", "合计", "小計", "小计",
)

// markers are the symbols ledgers put before or after a name or number to flag it
// (★ provincial key project, ● new, ▲ …); they are not part of the value.
const markers = "★☆●○◆◇■□▲△▼▽※*＊#＃√✔✓"

// Normalize folds a heading or label for matching: full-width forms to half-width,
// traditional characters to simplified, whitespace and line breaks removed, markers
// dropped, letters lower-cased. "总投资 （万元）" becomes "总投资(万元)".
func Normalize(s string) string {
	s = width.Fold.String(s)
	s = traditional.Replace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff', strings.ContainsRune(markers, r):
		case r == '【' || r == '〔' || r == '[':
			b.WriteRune('(')
		case r == '】' || r == '〕' || r == ']':
			b.WriteRune(')')
		case r == '~' || r == '〜' || r == '—' || r == '–':
			b.WriteRune('-')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// CleanText trims a value, collapses runs of blanks inside it to one space and strips
// the markers ledgers put on names.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(markers, r) {
			return -1
		}
		if r == '\u3000' || r == '\u00a0' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// empty reports whether a cell holds nothing a person would call a value.
func empty(s string) bool {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
	return s == "" || s == "-" || s == "—" || s == "/" || s == "／" || s == "——" || s == "--" || s == "无"
}

var moneyNoise = strings.NewReplacer(",", "", "，", "", " ", "", "约", "", "≈", "", "￥", "", "¥", "")

// ParseMoney reads an amount written in unit: "1,378,400.00", "9200", "１２３", "0.5亿元"
// (a unit in the text wins over the column's), "1.2E+5" (as Excel stores large numbers),
// and floating-point noise from binary workbooks ("1378400.0000000002"), rounded to the
// fen. An empty cell, "-" or "/" is (0, false, nil): no value. Anything else that is not a
// number is an invalid error.
func ParseMoney(s string, unit Unit) (stride.Money, bool, error) {
	if empty(s) {
		return 0, false, nil
	}
	t := moneyNoise.Replace(width.Fold.String(strings.TrimSpace(s)))
	for _, u := range []struct {
		suffix string
		unit   Unit
	}{{"亿元", Yi}, {"万元", Wan}, {"亿", Yi}, {"万", Wan}, {"元", Yuan}} {
		if strings.HasSuffix(t, u.suffix) {
			t, unit = strings.TrimSuffix(t, u.suffix), u.unit
			break
		}
	}
	if unit == 0 {
		unit = Wan
	}
	if t == "" || len(t) > 40 || strings.ContainsAny(t, "/_") {
		return 0, false, stride.Errorf(stride.EInvalid, "validate.money")
	}
	// big.Rat accepts "1/3" and "0x10"; only plain decimals with an optional exponent
	// are amounts.
	for i, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' && i == 0 || r == '+' || r == 'e' || r == 'E') {
			return 0, false, stride.Errorf(stride.EInvalid, "validate.money")
		}
	}
	if e := strings.IndexAny(t, "eE"); e >= 0 {
		if exp, err := strconv.Atoi(t[e+1:]); err != nil || exp > 20 || exp < -20 {
			return 0, false, stride.Errorf(stride.EInvalid, "validate.money")
		}
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return 0, false, stride.Errorf(stride.EInvalid, "validate.money")
	}
	r.Mul(r, new(big.Rat).SetInt64(int64(unit)))
	fen := roundRat(r)
	limit := big.NewInt(1_000_000_000_000 * 1_000_000) // 10^12 万元, as ParseWan allows
	if !fen.IsInt64() || new(big.Int).Abs(fen).Cmp(limit) >= 0 {
		return 0, false, stride.Errorf(stride.EInvalid, "validate.money")
	}
	return stride.Money(fen.Int64()), true, nil
}

// roundRat rounds half away from zero.
func roundRat(r *big.Rat) *big.Int {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// ParsePercent reads a rate as a percentage with one decimal: "97.2%", "97.2", "１００％".
// A bare fraction of at most 1.5 with fraction true (a cell formatted as a percentage in
// Excel, stored as 0.972) is scaled by 100. Empty cells give ("", nil).
func ParsePercent(s string, fraction bool) (string, error) {
	if empty(s) {
		return "", nil
	}
	t := strings.ReplaceAll(width.Fold.String(strings.TrimSpace(s)), " ", "")
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	if t == "" || len(t) > 30 {
		return "", stride.Errorf(stride.EInvalid, "import.percent")
	}
	for i, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' && i == 0) {
			return "", stride.Errorf(stride.EInvalid, "import.percent")
		}
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return "", stride.Errorf(stride.EInvalid, "import.percent")
	}
	if !pct && fraction && r.Cmp(big.NewRat(3, 2)) <= 0 && r.Cmp(big.NewRat(-3, 2)) >= 0 {
		r.Mul(r, big.NewRat(100, 1))
	}
	return r.FloatString(1), nil
}

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// SerialDate converts an Excel date serial (1900 system; 40377 is 2010-07-17).
func SerialDate(serial float64) (stride.Date, bool) {
	if serial < 1 || serial > 2958465 {
		return stride.Date{}, false
	}
	return stride.DateOf(excelEpoch.AddDate(0, 0, int(serial))), true
}

var (
	datePattern = regexp.MustCompile(`^(\d{2}|\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*(?:(?:[-./月])\s*(\d{1,2})\s*日?|月)?$`)
	yearOnly    = regexp.MustCompile(`^(\d{4})\s*年?$`)
)

// ParseDate reads a date cell: an Excel serial, 2010-07-17, 2010/7/17, 2010.7.17,
// 2010年7月17日, or a month alone (2010年7月, 2010.7: its first day). ok is false when the
// text is no date.
func ParseDate(s string) (stride.Date, bool) {
	t := strings.TrimSpace(width.Fold.String(s))
	if t == "" || len(t) > 40 {
		return stride.Date{}, false
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "eExXpP") {
		if f < 10000 {
			return stride.Date{}, false // a year, or "09.10" (a month), not a serial before 1927
		}
		return SerialDate(f)
	}
	if i := strings.IndexAny(t, " T"); i > 0 { // "2010-07-17 00:00:00"
		t = t[:i]
	}
	m := datePattern.FindStringSubmatch(t)
	if m == nil {
		return stride.Date{}, false
	}
	y := fullYear(m[1])
	mo, _ := strconv.Atoi(m[2])
	d := 1
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	if y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return stride.Date{}, false
	}
	date := stride.NewDate(y, time.Month(mo), d)
	if int(date.Month) != mo {
		return stride.Date{}, false
	}
	return date, true
}

// fullYear reads a two- or four-digit year: "09" is 2009, "98" is 1998.
func fullYear(s string) int {
	y, _ := strconv.Atoi(s)
	if len(s) == 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

var (
	rangeSep  = regexp.MustCompile(`\s*(?:-|~|至|到|—|–|－|～|〜)+\s*`)
	leadYear  = regexp.MustCompile(`^(\d{4}|\d{2})(?:$|[./年\s]|\d{0}$)`)
	yearToken = regexp.MustCompile(`(\d{4})`)
)

// ParseYears reads a construction period: "2009-2011", "2010-" (start only),
// "2009～2011年", "2009.10-2011.3", "09.10-11.3", "2010年3月-2012年12月", a single year
// "2010", a date, or an Excel serial (its year). start and end are 0 where absent.
func ParseYears(s string) (start, end int, err error) {
	t := strings.TrimSpace(width.Fold.String(s))
	if empty(t) {
		return 0, 0, nil
	}
	if len(t) > 60 {
		return 0, 0, stride.Errorf(stride.EInvalid, "import.years")
	}
	if m := yearOnly.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		return checkYears(y, 0)
	}
	if d, ok := ParseDate(t); ok {
		return checkYears(d.Year, 0)
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "年"), "止")
	parts := rangeSep.Split(t, -1)
	if len(parts) == 3 && parts[2] == "" || len(parts) > 2 {
		// "2010-07-17" style dates were handled above; more parts is not a range.
		if len(parts) != 3 || parts[2] != "" {
			return 0, 0, stride.Errorf(stride.EInvalid, "import.years")
		}
		parts = parts[:2]
	}
	if len(parts) == 1 {
		return 0, 0, stride.Errorf(stride.EInvalid, "import.years")
	}
	year := func(p string) (int, error) {
		if p == "" {
			return 0, nil
		}
		if d, ok := ParseDate(p); ok {
			return d.Year, nil
		}
		m := leadYear.FindStringSubmatch(p)
		if m == nil {
			if y := yearToken.FindString(p); y != "" {
				n, _ := strconv.Atoi(y)
				return n, nil
			}
			return 0, stride.Errorf(stride.EInvalid, "import.years")
		}
		return fullYear(m[1]), nil
	}
	if start, err = year(parts[0]); err != nil {
		return 0, 0, err
	}
	if end, err = year(parts[1]); err != nil {
		return 0, 0, err
	}
	if start == 0 {
		return 0, 0, stride.Errorf(stride.EInvalid, "import.years")
	}
	return checkYears(start, end)
}

func checkYears(start, end int) (int, int, error) {
	if start < 1990 || start > 2100 || end != 0 && (end < start || end > 2100) {
		return 0, 0, stride.Errorf(stride.EInvalid, "import.years")
	}
	return start, end, nil
}

// Period is the time a heading speaks of: "2010年1-7月完成投资" is year 2010, months 1–7;
// "至2009年底累计" is the end of 2009 (YearEnd).
type Period struct {
	Year      int  `json:"year,omitempty"`
	FromMonth int  `json:"from_month,omitempty"`
	ToMonth   int  `json:"to_month,omitempty"`
	YearEnd   bool `json:"year_end,omitempty"` // "至…年底" / "上年底"
	PrevYear  bool `json:"prev_year,omitempty"`
}

var (
	periodYear   = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	periodMonths = regexp.MustCompile(`(\d{1,2})\s*(?:-|~|至|到|—|－|～)\s*(\d{1,2})?\s*月`)
	periodMonth  = regexp.MustCompile(`(?:^|[^\d-])(\d{1,2})\s*月(?:份)?(?:完成|实际|累计|形象|当月|$)`)
)

// ParsePeriod reads the year and month range a heading names. Headings without one
// give the zero Period.
func ParsePeriod(heading string) Period {
	t := width.Fold.String(traditional.Replace(heading))
	if len(t) > 400 {
		t = t[:400]
	}
	var p Period
	if m := periodYear.FindStringSubmatch(t); m != nil {
		p.Year, _ = strconv.Atoi(m[1])
	}
	if strings.Contains(t, "年底") || strings.Contains(t, "年末") || strings.Contains(t, "年度底") {
		p.YearEnd = true
	}
	if strings.Contains(t, "上年") || strings.Contains(t, "上一年") || strings.Contains(t, "以前年度") {
		p.PrevYear, p.YearEnd = true, true
	}
	if m := periodMonths.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a >= 1 && a <= 12 && (b == 0 || b >= a && b <= 12) {
			p.FromMonth, p.ToMonth = a, b
		}
	} else if m := periodMonth.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		if a >= 1 && a <= 12 {
			p.FromMonth, p.ToMonth = a, a
		}
	}
	return p
}

// unitOf reads the money unit a heading or a note ("单位：亿元") states; 0 when none.
func unitOf(heading string) Unit {
	t := Normalize(heading)
	switch {
	case strings.Contains(t, "亿元"):
		return Yi
	case strings.Contains(t, "万元"):
		return Wan
	case strings.Contains(t, "(元)") || strings.Contains(t, "单位:元") || strings.HasSuffix(t, "元)"):
		return Yuan
	}
	return 0
}

var phonePattern = regexp.MustCompile(`(?:\+?86[- ]?)?(?:0\d{2,3}[- ]?)?\d{7,8}(?:-\d{1,5})?|1[3-9]\d{9}`)

// Phone picks the first telephone number out of a cell such as "0596-6789012 传真…".
func Phone(s string) string {
	return phonePattern.FindString(width.Fold.String(s))
}

// cnNumerals are the numerals group headings count with.
const cnNumerals = "一二三四五六七八九十百零〇两"

// ChineseNumber renders 1..99 as a Chinese numeral for group headings (一, 十二, 二十).
func ChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}
