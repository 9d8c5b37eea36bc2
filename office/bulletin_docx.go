package office

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
)

// headingNumbers are the numerals of first-level headings (一、二、…) and, in brackets,
// second-level ones (（一）（二）…).
var headingNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}

// BulletinDocx writes a bulletin as a Word document in the official-document layout: the
// red masthead with its number, issuer and date; the title; numbered sections (一、（一）)
// with the overall figures, the unit ranking table and its chart, the red and yellow
// projects with their reasons, the week's changes, inspection findings and orders, overdue
// approvals and blockages, campaigns, and the editable requirements and commendations.
func BulletinDocx(b *stride.Bulletin, lang stride.Lang, created time.Time) ([]byte, error) {
	c := b.Content
	if c == nil {
		c = &stride.BulletinContent{}
	}
	c.Render(lang)
	d := NewDocx(b.Title, b.Issuer)

	d.Para(StyleMasthead, b.Title)
	issue := stride.T(lang, "bulletin.doc.number", b.Number)
	if b.Revision > 1 {
		issue += stride.T(lang, "bulletin.doc.revised")
	}
	if b.Status != stride.BulletinPublished {
		issue += stride.T(lang, "bulletin.doc.draft_mark")
	}
	d.Para(StyleIssue, issue)
	d.Para(StyleIssuerLine, b.Issuer+"\t"+stride.DateText(b.IssuedOn, lang))
	d.Para(StyleTitle, stride.T(lang, "bulletin.doc.title", c.Year, stride.DateText(c.AsOf, lang)))
	if b.Revision > 1 && b.CorrectionReason != "" {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.correction", b.CorrectionReason))
	}

	h1, h2 := 0, 0
	heading := func(key string, args ...any) {
		d.Para(StyleHeading1, headingNumbers[min(h1, len(headingNumbers)-1)]+"、"+stride.T(lang, key, args...))
		h1, h2 = h1+1, 0
	}
	sub := func(key string, args ...any) {
		d.Para(StyleHeading2, "（"+headingNumbers[min(h2, len(headingNumbers)-1)]+"）"+stride.T(lang, key, args...))
		h2++
	}
	pct := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	o := c.Overall

	heading("bulletin.doc.h.overall")
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.overall", stride.DateText(c.AsOf, lang), c.Year, o.Projects, stride.YiText(o.Total), stride.YiText(o.Plan)))
	if c.Period > 0 {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.progress", c.Period, stride.YiText(o.Completed), pct(o.Rate), stride.PaceText(o.Gap, lang), pct(o.Pace)))
	} else {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.no_period"))
	}
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.starts", o.Started, o.NewProjects, pct(o.StartRate), o.Completions))
	lights := map[string]int{}
	for _, l := range c.Lights {
		lights[l.Key] = l.Count
	}
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.lights", lights["red"], lights["yellow"], lights["green"]))

	heading("bulletin.doc.h.units")
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.ranking_intro"))
	d.Para(StyleCaption, stride.T(lang, "bulletin.doc.table_units"))
	var rows [][]TableCell
	var bars []BarPair
	for i, u := range c.Units {
		rows = append(rows, []TableCell{{Text: strconv.Itoa(i + 1)}, {Text: u.UnitName, Align: "left"}, {Text: strconv.Itoa(u.Projects)},
			{Text: stride.WanText(u.Plan), Align: "right"}, {Text: stride.WanText(u.Completed), Align: "right"}, {Text: pct(u.Rate)},
			{Text: pct(u.Pace)}, {Text: signed(u.Gap)}})
		bars = append(bars, BarPair{Label: strconv.Itoa(i + 1), Value: u.Rate, Mark: u.Pace})
	}
	rows = append(rows, []TableCell{{Text: stride.T(lang, "bulletin.doc.total"), Span: 2, Bold: true}, {Text: strconv.Itoa(o.Projects), Bold: true},
		{Text: stride.WanText(o.Plan), Align: "right", Bold: true}, {Text: stride.WanText(o.Completed), Align: "right", Bold: true},
		{Text: pct(o.Rate), Bold: true}, {Text: pct(o.Pace), Bold: true}, {Text: signed(o.Gap), Bold: true}})
	d.Table([]int{5, 17, 7, 19, 19, 9, 9, 12}, []string{stride.T(lang, "bulletin.doc.col.rank"), stride.T(lang, "bulletin.doc.col.unit"), stride.T(lang, "bulletin.doc.col.projects"),
		stride.T(lang, "bulletin.doc.col.plan"), stride.T(lang, "bulletin.doc.col.completed"), stride.T(lang, "bulletin.doc.col.rate"), stride.T(lang, "bulletin.doc.col.pace"), stride.T(lang, "bulletin.doc.col.gap")}, rows)
	if len(bars) > 0 {
		chart, err := BarChart(bars, 1200, 560)
		if err != nil {
			return nil, err
		}
		d.Image(chart, 1200, 560, 15.5, "chart.png")
		d.Para(StyleCaption, stride.T(lang, "bulletin.doc.chart"))
	}
	if len(c.Top) > 0 {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.top", unitNames(c.Top, lang), unitNames(c.Bottom, lang)))
	}

	heading("bulletin.doc.h.lights")
	projectList := func(l stride.BulletinList, withReasons bool) {
		if l.Total == 0 {
			d.Para(StyleNormal, stride.T(lang, "bulletin.doc.none"))
			return
		}
		for i, p := range l.Items {
			text := stride.T(lang, "bulletin.doc.project_unit", p.LeadUnit)
			if withReasons && len(p.Reasons) > 0 {
				text += stride.T(lang, "bulletin.doc.colon") + strings.Join(p.Reasons, stride.T(lang, "bulletin.doc.semicolon")) + stride.T(lang, "bulletin.doc.period")
			} else {
				text += stride.T(lang, "bulletin.doc.period")
			}
			d.LeadPara(fmt.Sprintf("%d. %s", i+1, p.Name), text)
		}
		if l.Total > len(l.Items) {
			d.Para(StyleNormal, stride.T(lang, "bulletin.doc.more", l.Total-len(l.Items)))
		}
	}
	sub("bulletin.doc.h.red", c.Red.Total)
	projectList(c.Red, true)
	sub("bulletin.doc.h.yellow", c.Yellow.Total)
	projectList(c.Yellow, true)

	heading("bulletin.doc.h.changes")
	if c.Changes.Since != "" {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.since", c.Changes.Since))
	} else {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.since_none"))
	}
	names := func(l stride.BulletinList) string {
		if l.Total == 0 {
			return stride.T(lang, "bulletin.doc.none_short")
		}
		var ns []string
		for _, p := range l.Items {
			ns = append(ns, p.Name)
		}
		s := strings.Join(ns, stride.T(lang, "bulletin.doc.list_sep"))
		if l.Total > len(l.Items) {
			s += stride.T(lang, "bulletin.doc.and_more", l.Total)
		}
		return s
	}
	d.LeadPara(stride.T(lang, "bulletin.doc.new_red", c.Changes.NewRed.Total), names(c.Changes.NewRed))
	d.LeadPara(stride.T(lang, "bulletin.doc.turned_green", c.Changes.TurnedGreen.Total), names(c.Changes.TurnedGreen))
	d.LeadPara(stride.T(lang, "bulletin.doc.started_week", c.Changes.Started.Total), names(c.Changes.Started))
	d.LeadPara(stride.T(lang, "bulletin.doc.completed_week", c.Changes.Completed.Total), names(c.Changes.Completed))

	heading("bulletin.doc.h.inspections")
	in := c.Inspections
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.inspections", in.Visits, in.Problems, in.Findings, in.Orders, in.Open, in.Overdue, in.Closed))
	if len(in.Items) > 0 {
		d.Para(StyleCaption, stride.T(lang, "bulletin.doc.table_findings"))
		var frows [][]TableCell
		for i, f := range in.Items {
			status := stride.T(lang, "bulletin.doc.no_order")
			if f.OrderID != nil {
				status = stride.T(lang, "order.status."+f.Status)
				if f.Result != stride.ResultNone {
					status = stride.T(lang, "order.result."+string(f.Result))
				} else if f.Overdue {
					status += stride.T(lang, "bulletin.doc.overdue_mark")
				}
			}
			frows = append(frows, []TableCell{{Text: strconv.Itoa(i + 1)}, {Text: f.ProjectName, Align: "left"}, {Text: f.Matter, Align: "left"},
				{Text: f.TargetUnit}, {Text: f.OrderCode}, {Text: f.DueOn.String()}, {Text: status}})
		}
		d.Table([]int{6, 18, 30, 14, 14, 12, 10}, []string{stride.T(lang, "bulletin.doc.col.seq"), stride.T(lang, "bulletin.doc.col.project"), stride.T(lang, "bulletin.doc.col.matter"),
			stride.T(lang, "bulletin.doc.col.target"), stride.T(lang, "bulletin.doc.col.order"), stride.T(lang, "bulletin.doc.col.due"), stride.T(lang, "bulletin.doc.col.status")}, frows)
		if in.Total > len(in.Items) {
			d.Para(StyleNormal, stride.T(lang, "bulletin.doc.more", in.Total-len(in.Items)))
		}
	}

	heading("bulletin.doc.h.overdue")
	overdue := func(key string, l stride.BulletinOverdue) {
		sub(key, l.Total)
		switch {
		case !l.Available:
			d.Para(StyleNormal, stride.T(lang, "bulletin.doc.ledger_missing"))
		case l.Total == 0:
			d.Para(StyleNormal, stride.T(lang, "bulletin.doc.none"))
		default:
			for i, it := range l.Items {
				d.LeadPara(fmt.Sprintf("%d. %s", i+1, it.ProjectName), stride.T(lang, "bulletin.doc.overdue_item", it.Title, it.Unit, stride.DateText(it.DueOn, lang), it.Overdue))
			}
			if l.Total > len(l.Items) {
				d.Para(StyleNormal, stride.T(lang, "bulletin.doc.more", l.Total-len(l.Items)))
			}
		}
	}
	overdue("bulletin.doc.h.approvals", c.Approvals)
	overdue("bulletin.doc.h.blockages", c.Blockages)

	heading("bulletin.doc.h.campaigns")
	if len(c.Campaigns) == 0 {
		d.Para(StyleNormal, stride.T(lang, "bulletin.doc.none"))
	}
	for _, cp := range c.Campaigns {
		var parts []string
		for _, r := range cp.Results {
			if r.Goal == "0" || r.Goal == "0.00" {
				continue
			}
			rate := r.Rate
			if rate == "" {
				rate = "—"
			}
			reached, goal := r.Reached, r.Goal
			if r.Target == "investment" {
				reached, goal = wanOf(reached), wanOf(goal)
			}
			parts = append(parts, stride.T(lang, "bulletin.doc.target."+r.Target, reached, goal, rate))
		}
		d.LeadPara(stride.T(lang, "bulletin.doc.campaign", cp.Name), stride.T(lang, "bulletin.doc.campaign_window", stride.DateText(cp.StartsOn, lang),
			stride.DateText(cp.EndsOn, lang), cp.DaysLeft, cp.Projects)+strings.Join(parts, stride.T(lang, "bulletin.doc.semicolon"))+stride.T(lang, "bulletin.doc.period"))
	}

	if strings.TrimSpace(b.Requirements) != "" {
		heading("bulletin.doc.h.requirements")
		d.Para(StyleNormal, b.Requirements)
	}
	if strings.TrimSpace(b.Commendations) != "" {
		heading("bulletin.doc.h.commendations")
		d.Para(StyleNormal, b.Commendations)
	}

	d.Para(StyleNormal, "")
	d.Para(StyleNormal, stride.T(lang, "bulletin.doc.attachment"))
	d.Para(StyleNormal, "")
	d.Para(StyleSignature, b.Issuer)
	d.Para(StyleSignature, stride.DateText(b.IssuedOn, lang))
	return d.Bytes(created)
}

// wanOf rewrites a 万元 decimal as documents write it: 123,101.94.
func wanOf(s string) string {
	m, err := stride.ParseWan(s)
	if err != nil {
		return s
	}
	return stride.WanText(m)
}

// signed writes a gap in points with its sign: +7.3, -8.3.
func signed(v float64) string {
	if v > 0 {
		return "+" + strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func unitNames(us []stride.UnitRank, lang stride.Lang) string {
	var ns []string
	for _, u := range us {
		ns = append(ns, u.UnitName)
	}
	return strings.Join(ns, stride.T(lang, "bulletin.doc.list_sep"))
}
