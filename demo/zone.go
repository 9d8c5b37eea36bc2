package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// The demo zone's figures, from the source article.
const (
	zoneProjectCount  = 293
	zonePlanWan       = 2_141_000 // 214.1亿元 in 万元
	lastYearStarts    = 43
	lastYearDone      = 34
	lastYearKeyCount  = 136       // provincial and municipal key projects
	lastYearKeyDone   = 1_930_000 // 193亿元 in 万元, completed by those
	demoSeed          = 2025
	enterprisesNeeded = 96
)

var (
	departments = []string{"经济发展局", "规划建设局", "自然资源和规划分局", "招商服务中心", "财政金融局", "社会事业局"}
	firmWords   = []string{"光电", "智能", "信息", "生物", "新材料", "数字", "科技", "置业", "建设", "医疗", "物流", "能源"}
)

// enterpriseUnits are the generated owner enterprises of the other projects.
func enterpriseUnits() []unitSpec {
	out := make([]unitSpec, enterprisesNeeded)
	for i := range out {
		out[i] = unitSpec{fmt.Sprintf("福州高新区%s%s有限公司（%02d）", firmWords[i%len(firmWords)], firmWords[(i/len(firmWords)+3)%len(firmWords)], i+1),
			"项目业主单位", stride.UnitEnterprise}
	}
	return out
}

// zoneProjects builds the demo zone's projects, deterministic for a given day.
func zoneProjects(today stride.Date, unitIDs map[string]int64) ([]store.SeedProject, error) {
	rng := rand.New(rand.NewPCG(demoSeed, uint64(today.Year)))
	year := today.Year
	period := stride.DefaultLightSettings().DuePeriod(year, today)
	var owners, leads []int64
	for _, e := range enterpriseUnits() {
		owners = append(owners, unitIDs[e.name])
	}
	for _, d := range departments {
		leads = append(leads, unitIDs[d])
	}
	o := Options{Today: today, Years: 3, OwnerUnits: owners, LeadUnits: leads}

	// This year's 293: the four named, then 58 new starts, 34 completing, 17 preliminary
	// and 180 continuing, of which the first 43 started last year.
	kinds := make([]int, 0, zoneProjectCount)
	kinds = append(kinds, kindContinuing, kindContinuing, kindCompleting, kindContinuing)
	for k, n := range map[int]int{kindNew: 58, kindCompleting: 34, kindPreliminary: 17, kindContinuing: 180} {
		for range n {
			kinds = append(kinds, k)
		}
	}
	sort.SliceStable(kinds[4:], func(i, j int) bool { return kinds[4+i] < kinds[4+j] })
	weights := make([]float64, zoneProjectCount)
	var sum float64
	for i := range weights {
		weights[i] = math.Exp(rng.NormFloat64()*0.9) + 0.05
		sum += weights[i]
	}
	weights[0], weights[1], weights[3] = sum*0.02, sum*0.03, sum*0.008 // the named projects are big ones
	sum = 0
	for _, w := range weights {
		sum += w
	}
	var out []store.SeedProject
	var planned stride.Money
	startedLastYear := 0
	for i, k := range kinds {
		plan := stride.Money(float64(zonePlanWan)*weights[i]/sum) * fenPerWan
		startYear := year - 2 - rng.IntN(2)
		if k == kindContinuing && i >= 4 && startedLastYear < lastYearStarts {
			startYear = year - 1
			startedLastYear++
		}
		sp := genProject(rng, o, i, k, startYear, year, 3, period, plan)
		planned += plan
		out = append(out, sp)
	}
	out[len(out)-1].Plans[len(out[len(out)-1].Plans)-1].Investment += stride.Money(zonePlanWan)*fenPerWan - planned
	for i := range lastYearDone {
		out = append(out, genProject(rng, o, zoneProjectCount+i, kindDoneLastYear, year-2-rng.IntN(2), year, 3, period,
			stride.Money(3000+rng.IntN(20000))*fenPerWan))
	}
	nameTheFour(out[:4], today, unitIDs)
	shapeLastYear(out, year)
	return out, nil
}

const fenPerWan = 1_000_000

// nameTheFour gives the first four projects the names, owners and states of the
// article's: 高新区综合医院 topped out, 保利通信产业园 partly in use, 福州国际人才港(一期)
// completed, 良存华侨学校新校区 topping out planned for May.
func nameTheFour(ps []store.SeedProject, today stride.Date, unitIDs map[string]int64) {
	year := today.Year
	set := func(p *store.SeedProject, name string, owner, lead string, c stride.Category) {
		p.Input.Name, p.Input.Code = name, ""
		p.Input.OwnerUnitID, p.Input.LeadUnitID, p.Input.Category = unitIDs[owner], unitIDs[lead], c
		p.Input.KeyLevels = []stride.KeyLevel{stride.LevelProvince, stride.LevelCity}
	}
	node := func(p *store.SeedProject, kind stride.MilestoneKind) *store.SeedMilestone {
		for i := range p.Milestones {
			if p.Milestones[i].Kind == kind {
				return &p.Milestones[i]
			}
		}
		return nil
	}
	before := func(d stride.Date) stride.Date {
		if d.After(today) {
			return today
		}
		return d
	}
	hospital, poly, talent, school := &ps[0], &ps[1], &ps[2], &ps[3]
	set(hospital, "高新区综合医院", "福州高新区城市建设发展有限公司", "社会事业局", stride.CategoryLivelihood)
	hospital.Input.Content = "建设三级综合医院，总床位1000张，总建筑面积约26万平方米。"
	t := node(hospital, stride.NodeTopping)
	t.Planned = stride.NewDate(year, 3, 31)
	t.Actual = before(stride.NewDate(year, 3, 28))

	set(poly, "保利通信产业园", "保利（福州）通信产业园开发有限公司", "经济发展局", stride.CategoryIndustrial)
	poly.Input.Content = "建设通信产业研发、生产及配套用房，一期已部分投用，光电企业陆续入驻。"
	poly.Milestones = append(poly.Milestones, store.SeedMilestone{Kind: stride.NodePartialUse, Name: "部分投用", Seq: 50,
		Planned: stride.NewDate(year, 4, 30), Actual: before(stride.NewDate(year, 4, 26)), Baseline: true})

	set(talent, "福州国际人才港(一期)", "福州国际人才港建设发展有限公司", "经济发展局", stride.CategorySocial)
	talent.Input.Content = "“一楼一中心”：人才服务大楼及人才服务中心。"
	talent.Input.Stage = stride.StageCompleted
	c := node(talent, stride.NodeCompletion)
	c.Planned = stride.NewDate(year, 6, 30)
	c.Actual = before(stride.NewDate(year, 6, 18))
	node(talent, stride.NodeTopping).Actual = before(node(talent, stride.NodeTopping).Planned)

	set(school, "良存华侨学校新校区", "福州良存华侨学校", "规划建设局", stride.CategoryLivelihood)
	school.Input.Content = "新建教学楼、宿舍楼、综合楼等，预计5月主体封顶。"
	t = node(school, stride.NodeTopping)
	t.Planned = stride.NewDate(year, 5, 31)
	t.Actual = stride.Date{}
	if today.After(t.Planned) {
		t.Actual = stride.NewDate(year, 5, 29)
	}
	for _, p := range ps {
		for i := range p.Milestones {
			if m := &p.Milestones[i]; !m.Actual.IsZero() && m.Actual.After(today) {
				m.Actual = today
			}
		}
	}
}

// shapeLastYear makes last year's ledger say what the article says: the 136 biggest
// projects of last year are the provincial and municipal key projects, and what they
// completed adds up to 193亿元.
func shapeLastYear(ps []store.SeedProject, year int) {
	type entry struct {
		p    *store.SeedProject
		done stride.Money
	}
	var ledger []entry
	for i := range ps {
		p := &ps[i]
		var done stride.Money
		inLedger := false
		for _, pl := range p.Plans {
			inLedger = inLedger || pl.Year == year-1
		}
		for _, r := range p.Reports {
			if r.Year == year-1 && r.Status == stride.ReportApproved {
				done += r.Investment
			}
		}
		if inLedger {
			ledger = append(ledger, entry{p, done})
		}
	}
	sort.SliceStable(ledger, func(i, j int) bool { return ledger[i].done > ledger[j].done })
	var keyDone stride.Money
	for i, e := range ledger {
		switch {
		case i < lastYearKeyCount:
			if len(e.p.Input.KeyLevels) == 0 || e.p.Input.KeyLevels[0] == stride.LevelDistrict {
				e.p.Input.KeyLevels = []stride.KeyLevel{stride.LevelCity}
			}
			keyDone += e.done
		default:
			e.p.Input.KeyLevels = []stride.KeyLevel{stride.LevelDistrict}
		}
	}
	// Scale the key projects' last-year reports and plans to the article's total.
	if keyDone == 0 {
		return
	}
	factor := float64(lastYearKeyDone) * fenPerWan / float64(keyDone)
	var scaled stride.Money
	var lastReport *store.SeedReport
	for _, e := range ledger[:min(lastYearKeyCount, len(ledger))] {
		for i := range e.p.Reports {
			r := &e.p.Reports[i]
			if r.Year == year-1 && r.Status == stride.ReportApproved {
				r.Investment = stride.Money(float64(r.Investment)*factor) / 10_000 * 10_000
				scaled += r.Investment
				lastReport = r
			}
		}
		for i := range e.p.Plans {
			if pl := &e.p.Plans[i]; pl.Year == year-1 {
				pl.Investment = stride.Money(float64(pl.Investment)*factor) / 10_000 * 10_000
			}
		}
	}
	if lastReport != nil {
		lastReport.Investment += stride.Money(lastYearKeyDone)*fenPerWan - scaled
	}
}

// seedCampaign starts the 奋战60天 campaign, halfway through its 60 days, over every
// 建设提速 project.
func seedCampaign(ctx context.Context, db *store.DB, a *stride.Actor, today stride.Date) error {
	_, err := db.SaveCampaign(ctx, a, 0, stride.CampaignInput{
		Name:     "落实“四法一机制”奋战60天",
		StartsOn: today.AddDays(-30), EndsOn: today.AddDays(29),
		Targets: stride.CampaignTargets{Starts: 10, Completions: 6, Accelerated: 60, Investment: 300_000 * fenPerWan},
		Rule:    stride.CampaignRule{Tags: []string{"建设提速"}},
		Note:    "以时间倒逼责任、倒逼进度：新开工、续建提速、竣工投产全面超目标。",
	})
	return err
}
