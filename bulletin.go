package stride

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Week is an ISO 8601 week: Monday to Sunday, numbered within its ISO year (the year of
// its Thursday). On the wire it is "2025-W14".
type Week struct {
	Year int
	Num  int
}

var weekPattern = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)

// ParseWeek parses "2025-W14". A week number the year does not have (W53 of a 52-week
// year, W00) is invalid.
func ParseWeek(s string) (Week, error) {
	m := weekPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Week{}, Errorf(EInvalid, "bulletin.week_format")
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{y, n}
	if y < 2000 || y > 2100 || n < 1 || n > WeeksIn(y) {
		return Week{}, Errorf(EInvalid, "bulletin.week_unknown", s)
	}
	return w, nil
}

// WeeksIn is the number of ISO weeks of year: 52 or 53.
func WeeksIn(year int) int {
	_, n := time.Date(year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return n
}

// WeekOf is the ISO week d falls in.
func WeekOf(d Date) Week {
	y, n := d.Time().ISOWeek()
	return Week{y, n}
}

// String formats the week as 2025-W14.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

// Monday is the week's first day.
func (w Week) Monday() Date {
	jan4 := NewDate(w.Year, time.January, 4)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDays(-offset + 7*(w.Num-1))
}

// Period is the stretch of days a bulletin for the week covers: seven days ending on the
// week's cut-off day (1 Monday … 7 Sunday; Sunday gives the ISO week itself).
func (w Week) Period(cutoff int) (from, to Date) {
	if cutoff < 1 || cutoff > 7 {
		cutoff = 7
	}
	to = w.Monday().AddDays(cutoff - 1)
	return to.AddDays(-6), to
}

// Before reports whether w is an earlier week than v.
func (w Week) Before(v Week) bool { return w.Year < v.Year || w.Year == v.Year && w.Num < v.Num }

// BulletinSettings say when the weekly bulletin is drafted and how it reads. They are a
// setting document of their own with these defaults.
type BulletinSettings struct {
	AutoDraft     bool   `json:"auto_draft"`     // draft every week on schedule
	DraftWeekday  int    `json:"draft_weekday"`  // 1 Monday … 7 Sunday
	DraftTime     string `json:"draft_time"`     // "16:00", the zone's time
	CutoffWeekday int    `json:"cutoff_weekday"` // the last day a week's bulletin covers
	Title         string `json:"title"`
	ListLimit     int    `json:"list_limit"` // projects listed by name per list; all are traceable
	OrderDays     int    `json:"order_days"` // default time for a rectification order, working days
	Version       int    `json:"version"`
}

// DefaultBulletinSettings: drafted Fridays at 16:00 Asia/Shanghai for the Monday–Sunday
// week.
func DefaultBulletinSettings() BulletinSettings {
	return BulletinSettings{AutoDraft: true, DraftWeekday: 5, DraftTime: "16:00", CutoffWeekday: 7,
		Title: "重点项目建设提速工作周通报", ListLimit: 30, OrderDays: 5}
}

var clockPattern = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)$`)

// Validate checks the settings.
func (s *BulletinSettings) Validate() error {
	f := Fields{}
	if s.DraftWeekday < 1 || s.DraftWeekday > 7 {
		f.Add("draft_weekday", "validate.range", 1, 7)
	}
	if !clockPattern.MatchString(s.DraftTime) {
		f.Add("draft_time", "bulletin.time_format")
	}
	if s.CutoffWeekday < 1 || s.CutoffWeekday > 7 {
		f.Add("cutoff_weekday", "validate.range", 1, 7)
	}
	f.Text("title", &s.Title, true, 60)
	if s.ListLimit < 5 || s.ListLimit > 200 {
		f.Add("list_limit", "validate.range", 5, 200)
	}
	if s.OrderDays < 1 || s.OrderDays > 60 {
		f.Add("order_days", "validate.range", 1, 60)
	}
	return f.Err()
}

// DraftDue returns the week whose bulletin is due for drafting at t (in the zone's time):
// from the draft weekday and time to the end of that ISO week. ok is false before then.
func (s BulletinSettings) DraftDue(t time.Time) (w Week, ok bool) {
	if !s.AutoDraft {
		return Week{}, false
	}
	m := clockPattern.FindStringSubmatch(s.DraftTime)
	if m == nil {
		return Week{}, false
	}
	hh, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	day := (int(t.Weekday())+6)%7 + 1
	if day < s.DraftWeekday || day == s.DraftWeekday && t.Hour()*60+t.Minute() < hh*60+mm {
		return Week{}, false
	}
	return WeekOf(DateOf(t)), true
}

// Bulletin statuses. A published bulletin never changes; a correction is a new revision
// with the same number, published in its turn.
const (
	BulletinDraft     = "draft"
	BulletinPublished = "published"
)

// Bulletin is one weekly bulletin (通报), numbered 第N期 within its year when published.
type Bulletin struct {
	ID               int64            `json:"id"`
	Year             int              `json:"year"`
	Week             string           `json:"week"`
	Number           int              `json:"number"` // 第N期: the next free number while a draft, fixed on publishing
	Revision         int              `json:"revision"`
	CorrectsID       *int64           `json:"corrects_id"`
	CorrectionReason string           `json:"correction_reason"`
	SupersededBy     *int64           `json:"superseded_by"`
	From             Date             `json:"from"`
	To               Date             `json:"to"`
	AsOf             Date             `json:"as_of"` // the data are the ledger's on this day
	Status           string           `json:"status"`
	Title            string           `json:"title"`
	Issuer           string           `json:"issuer"`
	IssuedOn         Date             `json:"issued_on"`
	Requirements     string           `json:"requirements"`  // 下一步工作要求, editable
	Commendations    string           `json:"commendations"` // 表扬与批评, editable
	Content          *BulletinContent `json:"content"`
	ScopeUnitID      *int64           `json:"scope_unit_id"` // nil: the whole zone
	CreatedBy        string           `json:"created_by"`
	CreatedAt        time.Time        `json:"created_at"`
	UpdatedAt        time.Time        `json:"updated_at"`
	PublishedAt      *time.Time       `json:"published_at"`
	PublishedBy      string           `json:"published_by"`
	Version          int              `json:"version"`
	Exports          []ExportFormat   `json:"exports,omitempty"`
}

// ExportFormat says whether a download format is offered, and why not when it is not.
type ExportFormat struct {
	Format    string `json:"format"`
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"`
}

// BulletinInput is what an editor changes in a draft.
type BulletinInput struct {
	Title         string `json:"title"`
	Issuer        string `json:"issuer"`
	IssuedOn      Date   `json:"issued_on"`
	Requirements  string `json:"requirements"`
	Commendations string `json:"commendations"`
	Version       int    `json:"version"`
}

// Validate checks the editable parts.
func (in *BulletinInput) Validate() error {
	f := Fields{}
	f.Text("title", &in.Title, true, 60)
	f.Text("issuer", &in.Issuer, true, 50)
	if in.IssuedOn.IsZero() {
		f.Add("issued_on", "validate.required")
	}
	f.Text("requirements", &in.Requirements, false, 5000)
	f.Text("commendations", &in.Commendations, false, 5000)
	return f.Err()
}

// BulletinFilter selects bulletins.
type BulletinFilter struct {
	Year   int
	Status string
	Page   Page
}

// Figure keys name the sets of projects behind a bulletin's figures; "unit:ID" names a
// ranked unit's projects.
const (
	FigLedger        = "ledger"       // projects, total investment, plan, completed, rate, pace
	FigStarted       = "started"      // actual starts this year
	FigCompletions   = "completions"  // completions this year
	FigNewProjects   = "new_projects" // 新开工 this year: the start rate's denominator
	FigRed           = "red"
	FigYellow        = "yellow"
	FigGreen         = "green"
	FigNewRed        = "new_red"        // red now, not red in the last bulletin
	FigTurnedGreen   = "turned_green"   // green now, red or yellow in the last bulletin
	FigStartedWeek   = "started_week"   // started within the bulletin's period
	FigCompletedWeek = "completed_week" // completed within it
)

// UnitFigure is the figure key of a ranked unit's projects.
func UnitFigure(unitID int64) string { return "unit:" + strconv.FormatInt(unitID, 10) }

// BulletinContent is everything a bulletin says that comes from the data, fixed when the
// draft is generated.
type BulletinContent struct {
	Year        int                 `json:"year"`
	Period      int                 `json:"period"` // months 1..Period have their reports due
	AsOf        Date                `json:"as_of"`
	Overall     BulletinOverall     `json:"overall"`
	Units       []UnitRank          `json:"units"`  // lowest first
	Bottom      []UnitRank          `json:"bottom"` // the three lowest, lowest first
	Top         []UnitRank          `json:"top"`    // the three highest, highest first
	Lights      []Count             `json:"lights"`
	Red         BulletinList        `json:"red"`
	Yellow      BulletinList        `json:"yellow"`
	Changes     BulletinChanges     `json:"changes"`
	Inspections BulletinInspections `json:"inspections"`
	Blockages   BulletinOverdue     `json:"blockages"`
	Approvals   BulletinOverdue     `json:"approvals"`
	Campaigns   []BulletinCampaign  `json:"campaigns"`
	Trend       []TrendRow          `json:"trend"`
	// Figures maps each figure of the bulletin to the key of the project set behind it.
	Figures map[string]string `json:"figures"`
}

// BulletinOverall are the headline figures: the dashboard's for the year on the day.
type BulletinOverall struct {
	Projects    int     `json:"projects"`
	Total       Money   `json:"total_investment"`
	Plan        Money   `json:"plan"`
	Completed   Money   `json:"completed"`
	Rate        float64 `json:"rate"`
	Pace        float64 `json:"pace"`
	Gap         float64 `json:"gap"`
	Started     int     `json:"started"`
	NewProjects int     `json:"new_projects"`
	StartRate   float64 `json:"start_rate"`
	Completions int     `json:"completions"`
}

// BulletinList is a list of projects the bulletin names: the first ones by name, the total
// always, and the figure key that traces all of them.
type BulletinList struct {
	Figure string            `json:"figure"`
	Total  int               `json:"total"`
	Items  []BulletinProject `json:"items"`
}

// BulletinProject is one project named in a bulletin, with its light's reasons.
type BulletinProject struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	LeadUnit string   `json:"lead_unit"`
	Color    Color    `json:"color"`
	Why      []Phrase `json:"why,omitempty"`     // the reasons as stored: catalog keys
	Reasons  []string `json:"reasons,omitempty"` // … rendered in the reader's language
}

// BulletinChanges is what moved since the last bulletin (or, for the first, the last
// monthly light snapshot).
type BulletinChanges struct {
	Since       string       `json:"since"` // "2025-W13" or "2025-03"; "" when there is nothing to compare with
	NewRed      BulletinList `json:"new_red"`
	TurnedGreen BulletinList `json:"turned_green"`
	Started     BulletinList `json:"started"`
	Completed   BulletinList `json:"completed"`
}

// BulletinInspections are the week's inspection findings with the state of their orders,
// and every order still open.
type BulletinInspections struct {
	Visits   int               `json:"visits"`
	Findings int               `json:"findings"`
	Orders   int               `json:"orders"`   // orders issued in the period
	Open     int               `json:"open"`     // orders not closed, any week
	Overdue  int               `json:"overdue"`  // … of which past their due date
	Closed   int               `json:"closed"`   // orders closed in the period
	Items    []BulletinFinding `json:"items"`    // findings of the period, then older open orders
	Total    int               `json:"total"`    // items before the list limit
	Problems int               `json:"problems"` // checklist items answered "problem" in the period
}

// BulletinFinding is one finding and its order's state.
type BulletinFinding struct {
	FindingID   int64       `json:"finding_id"`
	OrderID     *int64      `json:"order_id"`
	OrderCode   string      `json:"order_code"`
	ProjectID   int64       `json:"project_id"`
	ProjectName string      `json:"project_name"`
	VisitedOn   Date        `json:"visited_on"`
	Matter      string      `json:"matter"`
	TargetUnit  string      `json:"target_unit"`
	DueOn       Date        `json:"due_on"`
	Status      string      `json:"status"` // the order's, "" without an order
	Result      OrderResult `json:"result"`
	Overdue     bool        `json:"overdue"`
}

// BulletinOverdue lists overdue items of a ledger kept elsewhere (blockages, approvals);
// Available is false while that ledger does not exist in this build.
type BulletinOverdue struct {
	Available bool                  `json:"available"`
	Total     int                   `json:"total"`
	Items     []BulletinOverdueItem `json:"items"`
}

// BulletinOverdueItem is one overdue blockage or approval.
type BulletinOverdueItem struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name"`
	Title       string `json:"title"`
	Unit        string `json:"unit"`
	DueOn       Date   `json:"due_on"`
	Overdue     int    `json:"overdue_days"` // working days past due
}

// BulletinCampaign is a running campaign against its targets.
type BulletinCampaign struct {
	ID       int64          `json:"id"`
	Name     string         `json:"name"`
	StartsOn Date           `json:"starts_on"`
	EndsOn   Date           `json:"ends_on"`
	DaysLeft int            `json:"days_left"`
	Projects int            `json:"projects"`
	Results  []TargetResult `json:"results"`
}

// Render fills the reasons of every named project in lang.
func (c *BulletinContent) Render(lang Lang) {
	for _, l := range []*BulletinList{&c.Red, &c.Yellow, &c.Changes.NewRed, &c.Changes.TurnedGreen, &c.Changes.Started, &c.Changes.Completed} {
		for i := range l.Items {
			p := &l.Items[i]
			p.Reasons = make([]string, len(p.Why))
			for j, w := range p.Why {
				p.Reasons[j] = w.Msg().In(lang)
			}
		}
	}
}

// Phrase is a catalog message kept inside a stored document, rendered when shown. Integer
// arguments stay integers through JSON, so %d verbs still render them.
type Phrase struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// PhraseOf keeps a message.
func PhraseOf(m Msg) Phrase { return Phrase{Key: m.Key, Args: m.Args} }

// Msg returns the message to render.
func (p Phrase) Msg() Msg { return Msg{Key: p.Key, Args: p.Args} }

// UnmarshalJSON reads a stored phrase, keeping whole numbers as ints.
func (p *Phrase) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key  string `json:"key"`
		Args []any  `json:"args"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	for i, a := range raw.Args {
		if n, ok := a.(json.Number); ok {
			if v, err := n.Int64(); err == nil {
				raw.Args[i] = int(v)
			} else {
				raw.Args[i] = n.String()
			}
		}
	}
	p.Key, p.Args = raw.Key, raw.Args
	return nil
}

// BulletinRow is one project of the year's ledger as the bulletin saw it: the detail
// ledger of its attachment and the rows behind its figures. It never changes after the
// draft is generated.
type BulletinRow struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	LeadUnitID int64    `json:"lead_unit_id"`
	LeadUnit   string   `json:"lead_unit"`
	OwnerUnit  string   `json:"owner_unit"`
	Category   Category `json:"category"`
	Stage      Stage    `json:"stage"`
	Total      Money    `json:"total_investment"`
	Plan       Money    `json:"plan"`
	Completed  Money    `json:"completed"` // approved, months 1..Period
	Planned    Money    `json:"planned"`   // the plan's cumulative amount at Period's end
	Light      Color    `json:"light"`
	Why        []Phrase `json:"why,omitempty"`
	Started    Date     `json:"start_actual"`
	Ended      Date     `json:"end_actual"`
	New        bool     `json:"new"` // nature 新开工 this year
}

// Rate is the row's completion rate, in percent with one decimal.
func (r BulletinRow) Rate() float64 { return Percent(r.Completed, r.Plan) }

// Pace is the row's 序时进度, in percent with one decimal.
func (r BulletinRow) Pace() float64 { return Percent(r.Planned, r.Plan) }

// BulletinDetail is what a bulletin keeps beside its content: the frozen ledger rows and,
// for each figure key, the ids of the projects behind it.
type BulletinDetail struct {
	Rows    []BulletinRow      `json:"rows"`
	Figures map[string][]int64 `json:"figures"`
}

// FigureRow is one project behind a figure, as the trace view lists it.
type FigureRow struct {
	BulletinRow
	Rate    float64  `json:"rate"`
	Pace    float64  `json:"pace"`
	Gap     float64  `json:"gap"`
	Reasons []string `json:"reasons"`
}

// Cockpit is the leaders' big screen (大屏): the year's figures from the roll-ups, the red
// list, the campaigns' countdowns and this week's inspection findings.
type Cockpit struct {
	Year      int                `json:"year"`
	AsOf      Date               `json:"as_of"`
	Week      string             `json:"week"`
	Period    int                `json:"period"`
	Headline  BulletinOverall    `json:"headline"`
	Trend     []TrendRow         `json:"trend"`
	Units     []UnitRank         `json:"units"`
	Lights    []Count            `json:"lights"`
	Red       []RedRow           `json:"red"`
	Campaigns []BulletinCampaign `json:"campaigns"`
	Findings  []BulletinFinding  `json:"findings"`
	Orders    OrderTally         `json:"orders"`
	Bulletin  *BulletinRef       `json:"bulletin"` // the latest published one
}

// OrderTally counts rectification orders by state.
type OrderTally struct {
	Open     int `json:"open"`
	Answered int `json:"answered"`
	Overdue  int `json:"overdue"`
	Closed   int `json:"closed"`
}

// BulletinRef names a bulletin.
type BulletinRef struct {
	ID       int64  `json:"id"`
	Year     int    `json:"year"`
	Number   int    `json:"number"`
	Revision int    `json:"revision"`
	Title    string `json:"title"`
	Week     string `json:"week"`
	IssuedOn Date   `json:"issued_on"`
}

// OverallOf takes the headline figures of a dashboard.
func OverallOf(d *Dashboard) BulletinOverall {
	return BulletinOverall{Projects: d.Projects, Total: d.Total, Plan: d.Plan, Completed: d.Completed, Rate: d.Rate,
		Pace: d.Pace, Gap: d.Gap, Started: d.Started, NewProjects: d.NewProjects, StartRate: d.StartRate, Completions: d.Completions}
}

// Document formatting: figures as an official document writes them.

// WanText is an amount in 万元 with two decimals and thousands separators, rounded half
// away from zero: 12,345.67.
func WanText(m Money) string { return groupedDecimal(int64(m), fenPerWan/100) }

// YiText is an amount in 亿元 with two decimals: 214.10.
func YiText(m Money) string { return groupedDecimal(int64(m), fenPerWan*100) }

// groupedDecimal renders v/(unit*100) with two decimals, exactly, rounding half away from
// zero, with thousands separators.
func groupedDecimal(v, unit int64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	hundredths := v / unit
	if (v%unit)*2 >= unit {
		hundredths++
	}
	whole := strconv.FormatInt(hundredths/100, 10)
	var b strings.Builder
	if neg && hundredths > 0 {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ".%02d", hundredths%100)
	return b.String()
}

// DateText is a date as documents write it: 2025年3月31日, or March 31, 2025.
func DateText(d Date, lang Lang) string {
	if d.IsZero() {
		return ""
	}
	if lang == LangEN {
		return d.Time().Format("January 2, 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// PaceText says how far a rate is ahead of or behind 序时进度: 超序时进度7.3个百分点.
func PaceText(gap float64, lang Lang) string {
	if gap < 0 {
		return T(lang, "bulletin.behind_pace", fmt.Sprintf("%.1f", -gap))
	}
	return T(lang, "bulletin.ahead_pace", fmt.Sprintf("%.1f", gap))
}
