package demo

import (
	"context"
	"fmt"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// demoChecklist is the zone's site-inspection checklist.
var demoChecklist = []stride.ChecklistSection{
	{Title: "进度与投资", Items: []stride.ChecklistItem{{Text: "形象进度与月报填报一致"}, {Text: "投资完成达到序时进度"}, {Text: "推进节点按期完成"}}},
	{Title: "安全文明施工", Items: []stride.ChecklistItem{{Text: "施工围挡、扬尘治理措施到位"}, {Text: "安全防护设施齐全"}, {Text: "特种作业人员持证上岗"}}},
	{Title: "要素保障", Items: []stride.ChecklistItem{{Text: "用地、审批手续齐全"}, {Text: "水电气等配套到位"}, {Text: "劳动力和材料供应充足"}}},
}

// answered is the checklist with the items at the given positions (section, item) marked
// as problems with their notes, everything else ok.
func answered(problems map[[2]int]string) []stride.ChecklistSection {
	out := make([]stride.ChecklistSection, len(demoChecklist))
	for i, s := range demoChecklist {
		out[i] = stride.ChecklistSection{Title: s.Title, Items: make([]stride.ChecklistItem, len(s.Items))}
		for j, it := range s.Items {
			out[i].Items[j] = stride.ChecklistItem{Text: it.Text, Answer: stride.AnswerOK}
			if note, ok := problems[[2]int{i, j}]; ok {
				out[i].Items[j].Answer, out[i].Items[j].Note = stride.AnswerProblem, note
			}
		}
	}
	return out
}

// seedInspections adds the checklist, last week's inspection of four projects with its
// findings and rectification orders (one answered, one closed, the others open), this
// week's planned inspection, and last week's bulletin, published. ids are the zone's
// projects in seed order: the four the article names come first.
func seedInspections(ctx context.Context, db *store.DB, a *stride.Actor, today stride.Date, ids []int64, unitIDs map[string]int64) error {
	tmpl, err := db.SaveInspectionTemplate(ctx, a, 0, stride.InspectionTemplateInput{Name: "重点项目现场督查表", Sections: demoChecklist, Active: true})
	if err != nil {
		return fmt.Errorf("demo: checklist: %w", err)
	}
	this := stride.WeekOf(today)
	last := stride.WeekOf(this.Monday().AddDays(-7))
	visitDay := last.Monday().AddDays(2) // last Wednesday
	hospital, poly, talent, school := ids[0], ids[1], ids[2], ids[3]
	plan, err := db.SaveInspection(ctx, a, 0, stride.InspectionInput{Week: last.String(), Title: "重点项目建设提速现场督查（第一组）",
		PlannedOn: visitDay, Leader: "黄国平", Team: "林建华、陈志强、项目建设指挥部督查组", Status: stride.InspectionDone,
		ProjectIDs: []int64{hospital, poly, talent, school}, UnitIDs: []int64{unitIDs["社会事业局"], unitIDs["规划建设局"]}})
	if err != nil {
		return fmt.Errorf("demo: inspection: %w", err)
	}
	type finding struct {
		matter, item string
		severity     string
		unit         string
		days         int
	}
	visits := []struct {
		project  int64
		problems map[[2]int]string
		summary  string
		findings []finding
	}{
		{hospital, map[[2]int]string{{1, 0}: "东侧围挡破损，雾炮未开启"}, "主体已封顶，进入二次结构施工。",
			[]finding{{"东侧施工围挡破损、雾炮未开启，扬尘治理不到位", "施工围挡、扬尘治理措施到位", stride.SeverityGeneral, "福州高新区城市建设发展有限公司", 3}}},
		{poly, map[[2]int]string{{2, 1}: "二期用电增容未落实"}, "一期部分投用，光电企业陆续入驻。",
			[]finding{{"二期厂房用电增容方案未落实，影响企业入驻", "水电气等配套到位", stride.SeveritySerious, "经济发展局", 5}}},
		{talent, nil, "“一楼一中心”已竣工，人才服务中心运营正常。", nil},
		{school, map[[2]int]string{{0, 1}: "1-2月完成投资低于序时进度", {0, 2}: "主体封顶节点存在滞后风险"}, "教学楼主体施工至五层，预计5月封顶。",
			[]finding{
				{"投资完成低于序时进度，劳动力投入不足", "投资完成达到序时进度", stride.SeverityGeneral, "规划建设局", 5},
				{"主体封顶节点存在滞后风险，需倒排工期", "推进节点按期完成", stride.SeverityGeneral, "规划建设局", 10},
			}},
	}
	var orders []*stride.Order
	for _, v := range visits {
		visit, err := db.SaveVisit(ctx, a, plan.ID, 0, stride.VisitInput{ProjectID: v.project, TemplateID: &tmpl.ID, VisitedOn: visitDay,
			Inspectors: "林建华、陈志强", Checklist: answered(v.problems), Summary: v.summary})
		if err != nil {
			return fmt.Errorf("demo: visit: %w", err)
		}
		for _, f := range v.findings {
			fd, err := db.SaveFinding(ctx, a, visit.ID, 0, stride.FindingInput{Item: f.item, Matter: f.matter, Severity: f.severity})
			if err != nil {
				return fmt.Errorf("demo: finding: %w", err)
			}
			o, err := db.IssueOrder(ctx, a, fd.ID, stride.OrderInput{TargetUnitID: unitIDs[f.unit], LimitDays: f.days,
				Requirement: "立即整改，整改完成后上传整改前后对比照片。"})
			if stride.IsCode(err, stride.EInvalid) {
				continue // the working-day calendar of the year is not entered: no deadline can be set
			}
			if err != nil {
				return fmt.Errorf("demo: order: %w", err)
			}
			orders = append(orders, o)
		}
	}
	if len(orders) >= 2 {
		o := orders[0]
		if o, err = db.AnswerOrder(ctx, a, o.ID, stride.OrderFeedback{Feedback: "已修复东侧围挡，雾炮按时开启，并安排专人洒水保洁。", Version: o.Version}); err != nil {
			return fmt.Errorf("demo: answer: %w", err)
		}
		if _, err = db.CloseOrder(ctx, a, o.ID, stride.OrderClose{Result: stride.ResultDone, Note: "现场复核整改到位。", Version: o.Version}); err != nil {
			return fmt.Errorf("demo: close: %w", err)
		}
		o = orders[1]
		if _, err = db.AnswerOrder(ctx, a, o.ID, stride.OrderFeedback{Feedback: "已与供电公司对接，增容方案下周报审。", Version: o.Version}); err != nil {
			return fmt.Errorf("demo: answer: %w", err)
		}
	}
	if _, err := db.SaveInspection(ctx, a, 0, stride.InspectionInput{Week: this.String(), Title: "重点项目建设提速现场督查（第二组）",
		PlannedOn: this.Monday().AddDays(3), Leader: "黄国平", Team: "林建华、项目建设指挥部督查组",
		ProjectIDs: []int64{ids[4], ids[5], ids[6]}, UnitIDs: []int64{unitIDs["经济发展局"]}}); err != nil {
		return fmt.Errorf("demo: inspection: %w", err)
	}

	b, _, err := db.DraftBulletin(ctx, a, last)
	if err != nil {
		return fmt.Errorf("demo: bulletin: %w", err)
	}
	b, err = db.UpdateBulletin(ctx, a, b.ID, stride.BulletinInput{Title: b.Title, Issuer: b.Issuer, IssuedOn: last.Monday().AddDays(4),
		Requirements: b.Requirements + "\n对督查发现的问题，责任单位要举一反三，按督办单时限整改到位。", Commendations: b.Commendations, Version: b.Version})
	if err != nil {
		return fmt.Errorf("demo: bulletin: %w", err)
	}
	if _, err := db.PublishBulletin(ctx, a, b.ID, b.Version); err != nil {
		return fmt.Errorf("demo: publish: %w", err)
	}
	return nil
}
