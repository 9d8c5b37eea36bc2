package office

import (
	"regexp"
	"strings"

	"github.com/stride-hq/stride"
)

var unitParens = regexp.MustCompile(`\((?:万元|亿元|元|%|个|项|年|月|人|亩|平方米|㎡)\)|单位:?(?:万元|亿元|元)`)

// has reports whether s contains any of subs.
func has(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// MatchField recognises a column heading (normalised or not) as a ledger field, by the
// synonyms real ledgers use. ok is false for headings Stride does not import
// ("大干150天力争完成的投资额", "分级管理项目").
func MatchField(heading string) (stride.LedgerField, bool) {
	n := unitParens.ReplaceAllString(Normalize(heading), "")
	p := ParsePeriod(heading)
	months := p.FromMonth > 0 || strings.Contains(n, "1-月")
	switch {
	case n == "":
		return "", false
	case n == "序号" || n == "序" || n == "编号" || n == "no" || n == "no." || n == "序列号":
		return stride.FieldSeq, true
	case has(n, "项目代码", "统一代码", "项目编码", "备案代码", "审批代码", "赋码") && !has(n, "信用"):
		return stride.FieldCode, true
	case has(n, "项目名称", "工程名称") || n == "项目" || n == "名称" || n == "项目简称":
		return stride.FieldName, true
	case has(n, "性质"):
		return stride.FieldNature, true
	case has(n, "级别") || has(n, "重点") && has(n, "级"):
		return stride.FieldKeyLevel, true
	case has(n, "类别", "项目类型", "所属行业", "产业类别", "行业类别", "行业分类") || n == "行业" || n == "类型" || n == "分类":
		return stride.FieldCategory, true
	case has(n, "建设地点", "项目地址", "建设地址", "项目地点", "所在地") || n == "地点" || n == "地址":
		return stride.FieldAddress, true
	case has(n, "建设内容", "建设规模", "主要内容") || n == "内容" || n == "规模":
		return stride.FieldContent, true
	case has(n, "起止", "年限", "建设期", "工期", "建设周期"):
		return stride.FieldYears, true
	case has(n, "开工") && has(n, "时间", "日期", "年份", "年月") && !has(n, "累计"):
		return stride.FieldStartYear, true
	case has(n, "竣工", "完工", "建成") && has(n, "时间", "日期", "年份", "年月"):
		return stride.FieldEndYear, true
	case has(n, "完成率", "占年", "完成比例", "完成进度%") || has(n, "完成") && has(n, "%"):
		return stride.FieldRate, true
	case has(n, "累计") && (p.YearEnd || has(n, "以前", "开工至", "开工累计", "至上年")):
		return stride.FieldCompletedBefore, true
	case has(n, "完成投资", "完成额", "完成的投资") && (months || has(n, "实际", "本年", "今年", "累计", "当年")) && !has(n, "力争", "计划", "目标"):
		return stride.FieldCompletedYTD, true
	case has(n, "计划投资", "年度计划", "年计划", "投资计划", "计划完成投资"):
		return stride.FieldPlan, true
	case has(n, "总投资", "投资总额", "总概算"):
		return stride.FieldTotalInvestment, true
	case has(n, "形象进度", "工程进度", "建设进度", "进展情况", "建设进展", "工程形象"):
		return stride.FieldProgress, true
	case has(n, "建设目标", "年度目标", "关键节点", "目标任务", "形象目标"):
		return stride.FieldGoals, true
	case has(n, "问题", "困难", "协调"):
		return stride.FieldProblems, true
	case has(n, "领导"):
		return stride.FieldLiaisonLeader, true
	case has(n, "业主", "建设单位", "项目单位", "实施单位", "法人单位", "建设主体", "项目法人"):
		return stride.FieldOwner, true
	case has(n, "责任单位", "牵头单位", "责任部门", "主管部门", "挂钩单位", "服务单位", "责任主体"):
		return stride.FieldLeadUnit, true
	case n == "责任人" || has(n, "项目责任人", "责任领导人"):
		return stride.FieldLeadPerson, true
	case n == "联系人" || n == "项目联系人":
		return stride.FieldOwnerContact, true
	case has(n, "联系电话", "联系方式") || n == "电话" || n == "手机":
		return stride.FieldOwnerPhone, true
	case has(n, "备注"):
		return stride.FieldRemark, true
	}
	return "", false
}

// block is a heading over sub-columns: the owner's or the responsible unit's.
type block int

const (
	noBlock block = iota
	ownerBlock
	leadBlock
)

func blockOf(heading string) block {
	n := Normalize(heading)
	switch {
	case has(n, "领导"):
		return noBlock
	case has(n, "业主", "建设单位", "项目单位", "实施单位", "法人单位", "项目法人"):
		return ownerBlock
	case has(n, "责任单位", "牵头单位", "责任部门", "主管部门", "挂钩单位", "服务单位"):
		return leadBlock
	}
	return noBlock
}

// subField recognises a sub-column of an owner or responsible-unit block.
func subField(b block, heading string) (stride.LedgerField, bool) {
	n := Normalize(heading)
	var role int
	switch {
	case has(n, "电话", "手机", "联系方式", "传真"):
		role = 4
	case has(n, "联系人", "联络人", "经办人", "联络员"):
		role = 3
	case has(n, "负责人", "责任人", "法人代表", "法定代表人", "法人", "主要领导"):
		role = 2
	case has(n, "名称", "单位") || n == "业主":
		role = 1
	default:
		return "", false
	}
	fields := map[block][5]stride.LedgerField{
		ownerBlock: {"", stride.FieldOwner, stride.FieldOwnerPerson, stride.FieldOwnerContact, stride.FieldOwnerPhone},
		leadBlock:  {"", stride.FieldLeadUnit, stride.FieldLeadPerson, stride.FieldLeadContact, stride.FieldLeadPhone},
	}
	f, ok := fields[b]
	if !ok {
		return "", false
	}
	return f[role], true
}

// combinedBlock reports whether an owner or unit heading holds the person too, in one
// cell ("建设单位及责任人", "业主、法人（责任）单位及负责人").
func combinedBlock(heading string) bool {
	n := Normalize(heading)
	return has(n, "及负责人", "及责任人", "及联系人", "负责人", "责任人") && blockOf(heading) != noBlock
}

// NatureFromText reads a 项目性质 cell: 新开工, 续建, 竣工, 前期, 预备 and their variants.
func NatureFromText(s string) (stride.Nature, bool) {
	n := Normalize(s)
	switch {
	case n == "":
		return "", false
	case has(n, "新开工", "新建", "新开", "拟开工"):
		return stride.NatureNew, true
	case has(n, "续建", "在建"):
		return stride.NatureContinuing, true
	case has(n, "竣工", "建成", "完工", "投产"):
		return stride.NatureCompleting, true
	case has(n, "前期", "筹建"):
		return stride.NaturePrelim, true
	case has(n, "预备", "储备", "谋划"):
		return stride.NatureReserve, true
	}
	return "", false
}

// CategoryFromText reads a category from a 项目类别 cell or a group heading ("一、交通5项",
// "（一）工业项目82个").
func CategoryFromText(s string) (stride.Category, bool) {
	n := Normalize(s)
	switch {
	case n == "":
		return "", false
	case has(n, "社会事业", "教育", "卫生", "医疗", "文化", "体育", "旅游"):
		return stride.CategorySocial, true
	case has(n, "民生", "保障", "安居", "住房"):
		return stride.CategoryLivelihood, true
	case has(n, "基础设施", "交通", "公路", "铁路", "港口", "水利", "能源", "市政", "电力", "城建", "高速"):
		return stride.CategoryInfrastructure, true
	case has(n, "产业", "工业", "制造", "农业", "服务业", "商贸", "物流", "科技", "高新"):
		return stride.CategoryIndustrial, true
	case has(n, "其他", "其它"):
		return stride.CategoryOther, true
	}
	return "", false
}

// KeyLevelsFromText reads the key levels a cell names: "省重点、市重点", "省级", "市级".
func KeyLevelsFromText(s string) []stride.KeyLevel {
	n := Normalize(s)
	var out []stride.KeyLevel
	if has(n, "省") {
		out = append(out, stride.LevelProvince)
	}
	if has(n, "市") {
		out = append(out, stride.LevelCity)
	}
	if has(n, "区", "县") {
		out = append(out, stride.LevelDistrict)
	}
	return out
}
