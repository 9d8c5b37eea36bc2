package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Portfolio options: the shape of a generated ledger.
type Options struct {
	Projects   int          // how many projects
	PlanTotal  stride.Money // the current year's plans add up to this exactly (0: whatever comes out)
	Years      int          // plan years of history, the current one included
	Seed       uint64
	Today      stride.Date // the day the portfolio is seen on: the current plan year is Today's
	OwnerUnits []int64     // enterprises to own the projects
	LeadUnits  []int64     // departments to lead them
	// EveryMonth has every project report every month of every generated year that has
	// come due: before it starts (or while it prepares) with no investment and its
	// preliminary work as progress, like a zone's 前期 projects. Without it, projects
	// report from their start only.
	EveryMonth bool
}

var (
	projectWords = []string{"智能制造产业园", "光电产业基地", "生物医药中心", "数字经济产业园", "新材料研发楼", "人才公寓", "安置房",
		"市政道路", "污水处理厂", "综合管廊", "中小学校", "社区卫生服务中心", "科创孵化器", "物流园", "数据中心", "标准厂房",
		"研发总部", "邻里中心", "公园景观", "充电基础设施"}
	places   = []string{"上街", "南屿", "建平", "马保", "旗山", "溪源江", "科学城", "大学城", "乌龙江", "高新"}
	progress = []string{"基础施工", "主体结构施工", "装饰装修", "设备安装调试", "室外配套施工", "桩基施工", "土方开挖"}
	// What a project not yet started reports doing.
	preliminary = []string{"开展项目策划生成", "编制可行性研究报告", "办理用地预审与选址意见书", "办理建设用地规划许可", "开展方案设计及审查",
		"办理建设工程规划许可", "开展施工图设计及审查", "开展施工招标", "征地拆迁及场地平整", "办理施工许可"}
)

// Generate makes a deterministic portfolio: for the same options, the same projects,
// plans, nodes and reports. Most projects keep close to their pace; some fall behind by
// 10–30 points and a few by more, some miss reports or statistics entry, some nodes run
// late, so the lights come out in a realistic mix.
func Generate(o Options) []store.SeedProject {
	out := GenerateRange(o, 0, o.Projects)
	if o.PlanTotal <= 0 || len(out) == 0 {
		return out
	}
	// Scale this year's plans to the total; the biggest plan absorbs the rounding.
	var sum stride.Money
	for _, p := range out {
		sum += p.Plans[len(p.Plans)-1].Investment
	}
	big, planned := 0, stride.Money(0)
	for i := range out {
		p := &out[i].Plans[len(out[i].Plans)-1]
		p.Investment = stride.Money(float64(o.PlanTotal)*float64(p.Investment)/float64(sum)) / 10_000 * 10_000
		planned += p.Investment
		if p.Investment > out[big].Plans[len(out[big].Plans)-1].Investment {
			big = i
		}
	}
	p := &out[big].Plans[len(out[big].Plans)-1]
	p.Investment += o.PlanTotal - planned
	return out
}

// GenerateRange makes projects from..to-1 of a portfolio; each block of a thousand has its
// own random stream, so a large portfolio can be made and loaded block by block and still
// come out the same.
func GenerateRange(o Options, from, to int) []store.SeedProject {
	year := o.Today.Year
	years := max(o.Years, 1)
	period := stride.DefaultLightSettings().DuePeriod(year, o.Today)
	out := make([]store.SeedProject, 0, to-from)
	var rng *rand.Rand
	for i := from; i < to; i++ {
		if rng == nil || i%1000 == 0 {
			rng = rand.New(rand.NewPCG(o.Seed, uint64(i/1000)))
		}
		// A few big projects and many small ones, like real ledgers.
		plan := stride.Money((math.Exp(rng.NormFloat64()*0.9)+0.05)*7000*fenPerWan) / 10_000 * 10_000
		kind := kindContinuing
		switch r := rng.Float64(); {
		case r < 0.20:
			kind = kindNew
		case r < 0.32:
			kind = kindCompleting
		case r < 0.38:
			kind = kindPreliminary
		}
		out = append(out, genProject(rng, o, i, kind, 0, year, years, period, plan))
	}
	return out
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// What a project does in the current plan year.
const (
	kindNew          = iota // starts this year
	kindContinuing          // started before, goes on after
	kindCompleting          // started before, completes this year
	kindPreliminary         // preparing, no start yet
	kindDoneLastYear        // completed in the year before: in last year's ledger only
)

// genProject makes project i of the given kind. startYear, when not 0, fixes the year it
// started (continuing projects).
func genProject(rng *rand.Rand, o Options, i, kind, startYear, year, years, period int, plan stride.Money) store.SeedProject {
	categories := []stride.Category{stride.CategoryIndustrial, stride.CategoryIndustrial, stride.CategoryIndustrial,
		stride.CategoryIndustrial, stride.CategoryIndustrial, stride.CategoryLivelihood, stride.CategoryLivelihood,
		stride.CategoryInfrastructure, stride.CategoryInfrastructure, stride.CategorySocial, stride.CategoryOther}
	cat := pick(rng, categories)
	var levels []stride.KeyLevel
	switch r := rng.Float64(); {
	case r < 0.18:
		levels = []stride.KeyLevel{stride.LevelProvince, stride.LevelCity}
	case r < 0.50:
		levels = []stride.KeyLevel{stride.LevelCity}
	default:
		levels = []stride.KeyLevel{stride.LevelDistrict}
	}
	total := plan * stride.Money(2+rng.IntN(4))
	if startYear == 0 {
		startYear = year - 1 - rng.IntN(3)
	}
	endYear := year + 1 + rng.IntN(2)
	switch kind {
	case kindNew, kindPreliminary:
		startYear = year
	case kindCompleting:
		endYear = year
	case kindDoneLastYear:
		startYear, endYear = min(startYear, year-2), year-1
	}
	stage := stride.StageConstruction
	if kind == kindPreliminary {
		stage = stride.StagePreliminary
	}
	owner := o.OwnerUnits[i%len(o.OwnerUnits)]
	lead := o.LeadUnits[rng.IntN(len(o.LeadUnits))]
	name := fmt.Sprintf("%s%s项目", pick(rng, places), pick(rng, projectWords))
	sp := store.SeedProject{Input: stride.ProjectInput{
		Code:      fmt.Sprintf("%d-350100-%02d-%02d-%06d", startYear-1, 40+rng.IntN(50), 1+rng.IntN(3), 100000+i),
		Name:      fmt.Sprintf("%s（%03d）", name, i+1),
		KeyLevels: levels, Category: cat, Industry: pick(rng, []string{"C", "E", "I", "M", "N", "P", "Q"}),
		Content:         "总建筑面积约" + fmt.Sprint(2+rng.IntN(30)) + "万平方米，建设" + pick(rng, projectWords) + "及配套设施。",
		Address:         "福州高新区" + pick(rng, places) + "片区",
		TotalInvestment: total, StartYear: startYear, EndYear: endYear,
		OwnerUnitID: owner, LeadUnitID: lead, Tags: []string{"建设提速"}, Stage: stage,
		ResponsiblePerson: pick(rng, []string{"陈", "林", "黄", "王", "张", "李", "吴", "郑"}) + pick(rng, []string{"建国", "海燕", "志明", "丽华", "伟", "敏"}),
		LiaisonLeader:     pick(rng, []string{"黄国平", "林晓东", "陈立新"}),
	}}
	if total >= 500*1_000_000 && kind != kindPreliminary && rng.Float64() > 0.04 {
		sp.Input.StatsEntryDate = stride.NewDate(startYear, time.Month(1+rng.IntN(12)), 15)
	}

	// Nodes: start, topping, completion. New starts are planned this year; some are late.
	start := stride.NewDate(startYear, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
	startActual := start
	if kind == kindPreliminary || start.After(o.Today) || kind == kindNew && rng.Float64() < 0.15 {
		startActual = stride.Date{} // not started yet, some of them late
		sp.Input.Stage = stride.StagePreliminary
	}
	if !sp.Input.StatsEntryDate.IsZero() && (startActual.IsZero() || sp.Input.StatsEntryDate.Before(startActual)) {
		sp.Input.StatsEntryDate = stride.Date{}
		if !startActual.IsZero() && rng.Float64() > 0.05 {
			sp.Input.StatsEntryDate = startActual.AddDays(10 + rng.IntN(20))
		}
	}
	topping := start.AddMonths(8 + rng.IntN(10))
	completion := stride.NewDate(endYear, time.Month(3+rng.IntN(9)), 1+rng.IntN(28))
	if !completion.After(topping) {
		completion = topping.AddMonths(4)
	}
	actualIf := func(planned stride.Date, late float64) stride.Date {
		if startActual.IsZero() || planned.After(o.Today) || rng.Float64() < late {
			return stride.Date{}
		}
		return planned.AddDays(rng.IntN(20) - 5)
	}
	toppingActual := actualIf(topping, 0.05)
	if !toppingActual.IsZero() && toppingActual.After(o.Today) {
		toppingActual = o.Today
	}
	completionActual := actualIf(completion, 0.08)
	if !completionActual.IsZero() && completionActual.After(o.Today) {
		completionActual = o.Today
	}
	if kind == kindDoneLastYear {
		toppingActual = topping
		completionActual = completion
		if !completionActual.Before(stride.NewDate(year, 1, 1)) {
			completionActual = stride.NewDate(year-1, 12, 20)
		}
		sp.Input.Stage = pick(rng, []stride.Stage{stride.StageCompleted, stride.StageProduction})
	}
	if !completionActual.IsZero() && sp.Input.Stage == stride.StageConstruction {
		sp.Input.Stage = stride.StageCompleted
	}
	sp.Milestones = []store.SeedMilestone{
		{Kind: stride.NodeStart, Name: "开工", Seq: 20, Planned: start, Actual: startActual, Baseline: true},
		{Kind: stride.NodeTopping, Name: "主体封顶", Seq: 40, Planned: topping, Actual: toppingActual, Baseline: true},
		{Kind: stride.NodeCompletion, Name: "竣工验收", Seq: 60, Planned: completion, Actual: completionActual, Baseline: true},
	}

	// Plans and reports: full past years, and this year up to the due period.
	behind := 0.0
	switch r := rng.Float64(); {
	case r < 0.07:
		behind = 0.35 + rng.Float64()*0.25 // red
	case r < 0.22:
		behind = 0.12 + rng.Float64()*0.15 // yellow
	}
	lastYear := year
	if kind == kindDoneLastYear {
		lastYear = year - 1
	}
	for y := year - years + 1; y <= lastYear; y++ {
		// A year before the project's start has no plan: the project is not in that
		// year's ledger, though with EveryMonth it reports its preliminary work.
		var p stride.Money
		if y >= startYear || kind == kindPreliminary {
			p = plan
			if y < year {
				p = plan * stride.Money(80+rng.IntN(40)) / 100
			}
			sp.Plans = append(sp.Plans, store.SeedPlan{Year: y, Investment: p, Approved: true, Goals: fmt.Sprintf("%d年完成投资%s万元", y, p.Wan())})
		} else if !o.EveryMonth {
			continue
		}
		if !o.EveryMonth && (kind == kindPreliminary || startActual.IsZero()) {
			continue
		}
		last := 12
		if y == year {
			last = period
		}
		var done stride.Money
		for m := 1; m <= last; m++ {
			started := !startActual.IsZero() && (y > startActual.Year || y == startActual.Year && m >= int(startActual.Month))
			if !started && !o.EveryMonth {
				continue
			}
			if !started {
				if r, ok := preliminaryReport(rng, y, m, year, last); ok {
					sp.Reports = append(sp.Reports, r)
				}
				continue
			}
			share := 1.0 - behind
			if y < year {
				share = 0.9 + rng.Float64()*0.2
			}
			target := stride.Money(float64(p) * share * float64(m) / 12)
			inv := max(target-done, 0)
			inv = inv / 10_000 * 10_000
			done += inv
			status := stride.ReportApproved
			if y == year && m == last {
				switch r := rng.Float64(); {
				case r < 0.06:
					continue // missing
				case r < 0.25:
					status = stride.ReportSubmitted
				}
			}
			if y == year && m == last-1 && rng.Float64() < 0.02 {
				continue // a second month missing
			}
			submitted := stride.NewDate(y, time.Month(m+1), 1+rng.IntN(5)).Time().Add(9 * time.Hour)
			sp.Reports = append(sp.Reports, store.SeedReport{Year: y, Month: m, Investment: inv, Status: status,
				Progress: pick(rng, progress) + "，完成形象进度" + fmt.Sprint(min(99, 10+m*7)) + "%", ProgressPct: min(99, 10+m*7),
				SubmittedAt: submitted, Photos: sitePhotos(rng, i, y, m, submitted)})
		}
	}
	if len(sp.Plans) == 0 {
		sp.Plans = []store.SeedPlan{{Year: lastYear, Investment: plan, Approved: true}}
	}
	sort.Slice(sp.Plans, func(a, b int) bool { return sp.Plans[a].Year < sp.Plans[b].Year })
	return sp
}

// sitePhotos are the photo records of project i's report for month m of year y: a third
// of construction reports carry one or two site photos, most with the place they were
// taken (around the zone), taken in the days before the report.
func sitePhotos(rng *rand.Rand, i, y, m int, submitted time.Time) []store.SeedPhoto {
	n := 0
	switch r := rng.Float64(); {
	case r < 0.05:
		n = 2
	case r < 0.33:
		n = 1
	}
	var out []store.SeedPhoto
	for k := range n {
		ph := store.SeedPhoto{File: fmt.Sprintf("gen/%06d/%d-%02d-%d.jpg", i+1, y, m, k+1), Size: 1_500_000 + rng.Int64N(3_000_000),
			TakenAt: submitted.Add(-time.Duration(24+rng.IntN(24*10)) * time.Hour)}
		if rng.Float64() < 0.7 {
			ph.Latitude, ph.Longitude = 26.05+rng.Float64()*0.1, 119.15+rng.Float64()*0.15
		}
		out = append(out, ph)
	}
	return out
}

// preliminaryReport is month m of year's report by a project not started yet: no
// investment, its preliminary work as progress. Like a construction report, the due
// month's is missing for a few projects and waits for review for some more; false when
// it is missing.
func preliminaryReport(rng *rand.Rand, y, m, year, last int) (store.SeedReport, bool) {
	status := stride.ReportApproved
	if y == year && m == last {
		switch r := rng.Float64(); {
		case r < 0.06:
			return store.SeedReport{}, false
		case r < 0.25:
			status = stride.ReportSubmitted
		}
	}
	if y == year && m == last-1 && rng.Float64() < 0.02 {
		return store.SeedReport{}, false
	}
	return store.SeedReport{Year: y, Month: m, Status: status, Progress: "前期工作：" + pick(rng, preliminary),
		SubmittedAt: stride.NewDate(y, time.Month(m+1), 1+rng.IntN(5)).Time().Add(9 * time.Hour)}, true
}
