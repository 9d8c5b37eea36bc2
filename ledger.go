package stride

// LedgerField names one column of a project ledger (台账) as a workbook carries it. The
// office package maps a workbook's columns to these fields; the store writes the ones a
// project or its annual plan holds.
type LedgerField string

// The ledger fields, in the order of the standard ledger.
const (
	FieldSeq             LedgerField = "seq"              // 序号
	FieldName            LedgerField = "name"             // 项目名称
	FieldCode            LedgerField = "code"             // 项目代码
	FieldKeyLevel        LedgerField = "key_level"        // 重点级别
	FieldCategory        LedgerField = "category"         // 项目类别
	FieldNature          LedgerField = "nature"           // 项目性质
	FieldAddress         LedgerField = "address"          // 建设地点
	FieldContent         LedgerField = "content"          // 建设内容及规模
	FieldYears           LedgerField = "years"            // 建设起止年限
	FieldStartYear       LedgerField = "start_year"       // 开工时间
	FieldEndYear         LedgerField = "end_year"         // 竣工时间
	FieldTotalInvestment LedgerField = "total_investment" // 总投资
	FieldCompletedBefore LedgerField = "completed_before" // 至上年底累计完成投资
	FieldPlan            LedgerField = "plan"             // 年度计划投资
	FieldCompletedYTD    LedgerField = "completed_ytd"    // 1-X月完成投资
	FieldRate            LedgerField = "rate"             // 完成率
	FieldProgress        LedgerField = "progress"         // 形象进度
	FieldGoals           LedgerField = "goals"            // 年度建设目标
	FieldOwner           LedgerField = "owner"            // 业主单位
	FieldOwnerPerson     LedgerField = "owner_person"     // 业主负责人
	FieldOwnerContact    LedgerField = "owner_contact"    // 业主联系人
	FieldOwnerPhone      LedgerField = "owner_phone"      // 业主电话
	FieldLeadUnit        LedgerField = "lead_unit"        // 责任单位
	FieldLeadPerson      LedgerField = "lead_person"      // 责任人
	FieldLeadContact     LedgerField = "lead_contact"     // 责任单位联络人
	FieldLeadPhone       LedgerField = "lead_phone"       // 责任单位电话
	FieldLiaisonLeader   LedgerField = "liaison_leader"   // 挂钩领导
	FieldProblems        LedgerField = "problems"         // 存在问题
	FieldRemark          LedgerField = "remark"           // 备注
)

// LedgerFields lists every field in the standard ledger's order.
var LedgerFields = []LedgerField{FieldSeq, FieldName, FieldCode, FieldKeyLevel, FieldCategory, FieldNature,
	FieldAddress, FieldContent, FieldYears, FieldStartYear, FieldEndYear, FieldTotalInvestment, FieldCompletedBefore,
	FieldPlan, FieldCompletedYTD, FieldRate, FieldProgress, FieldGoals, FieldOwner, FieldOwnerPerson, FieldOwnerContact,
	FieldOwnerPhone, FieldLeadUnit, FieldLeadPerson, FieldLeadContact, FieldLeadPhone, FieldLiaisonLeader,
	FieldProblems, FieldRemark}

// Valid reports whether f is a known field.
func (f LedgerField) Valid() bool {
	for _, g := range LedgerFields {
		if f == g {
			return true
		}
	}
	return false
}

// Label is the field's column heading in lang.
func (f LedgerField) Label(lang Lang) string { return T(lang, "ledger."+string(f)) }

// LedgerRow is one project row as read from a ledger workbook. Amounts are nil where the
// workbook leaves them empty, so an import never overwrites a stored figure with nothing.
type LedgerRow struct {
	Line            int        `json:"line"` // the row number as Excel shows it
	Code            string     `json:"code"`
	Name            string     `json:"name"`
	KeyLevels       []KeyLevel `json:"key_levels"`
	Category        Category   `json:"category"`
	Nature          Nature     `json:"nature"` // as the workbook states it; only a new project's stage follows it
	Address         string     `json:"address"`
	Content         string     `json:"content"`
	StartYear       int        `json:"start_year"`
	EndYear         int        `json:"end_year"`
	TotalInvestment *Money     `json:"total_investment"`
	CompletedBefore *Money     `json:"completed_before"`
	Plan            *Money     `json:"plan"`
	CompletedYTD    *Money     `json:"completed_ytd"` // shown and cross-checked; completions come from monthly reports
	Rate            string     `json:"rate"`          // percent as written
	Progress        string     `json:"progress"`
	Goals           string     `json:"goals"`
	Owner           string     `json:"owner"`
	OwnerPerson     string     `json:"owner_person"`
	OwnerContact    string     `json:"owner_contact"`
	OwnerPhone      string     `json:"owner_phone"`
	LeadUnit        string     `json:"lead_unit"`
	LeadPerson      string     `json:"lead_person"`
	LeadContact     string     `json:"lead_contact"`
	LeadPhone       string     `json:"lead_phone"`
	LiaisonLeader   string     `json:"liaison_leader"`
	Problems        string     `json:"problems"`
	Remark          string     `json:"remark"`
	// Cells holds the cell each field was read from ("F12"), to mark errors on a copy of
	// the workbook.
	Cells map[LedgerField]string `json:"-"`
}

// Cell returns the cell reference field was read from, or "".
func (r *LedgerRow) Cell(f LedgerField) string {
	if r.Cells == nil {
		return ""
	}
	return r.Cells[f]
}

// ImportIssue is a problem with one row (or, with Line 0, the whole workbook) that stops
// the import until it is fixed.
type ImportIssue struct {
	Line    int         `json:"line"`
	Field   LedgerField `json:"field,omitempty"`
	Cell    string      `json:"cell,omitempty"`
	Msg     Msg         `json:"-"`
	Message string      `json:"message"`
}

// ImportSkip is a row that is not a project: a total, a group heading, a note.
type ImportSkip struct {
	Line    int    `json:"line"`
	Reason  string `json:"reason"` // total, subtotal, group, note, header
	Text    string `json:"text"`
	Message string `json:"message"`
}

// Import row actions.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
)

// ImportRowPlan is what committing a row will do.
type ImportRowPlan struct {
	Line      int           `json:"line"`
	Action    string        `json:"action"`
	ProjectID int64         `json:"project_id,omitempty"`
	Name      string        `json:"name"`
	Owner     string        `json:"owner"`
	Changes   []LedgerField `json:"changes,omitempty"`
}

// ImportUnit is a unit an import creates because the ledger names it and no unit has
// that name yet.
type ImportUnit struct {
	Name   string   `json:"name"`
	Kind   UnitKind `json:"kind"`
	Parent string   `json:"parent"`
}

// ImportPlan is the store's answer to a set of ledger rows: what each row does, the units
// it creates, and the problems that block it.
type ImportPlan struct {
	Year     int             `json:"year"`
	Rows     []ImportRowPlan `json:"rows"`
	NewUnits []ImportUnit    `json:"new_units"`
	Issues   []ImportIssue   `json:"issues"`
	Creates  int             `json:"creates"`
	Updates  int             `json:"updates"`
	Same     int             `json:"unchanged"`
}

// ImportResult is what a committed import did.
type ImportResult struct {
	Year         int     `json:"year"`
	Created      int     `json:"created"`
	Updated      int     `json:"updated"`
	Unchanged    int     `json:"unchanged"`
	UnitsCreated int     `json:"units_created"`
	ProjectIDs   []int64 `json:"project_ids"`
}

// NatureLabel is the ledger wording of a nature (新开工, 续建 …).
func NatureLabel(n Nature) string {
	switch n {
	case NatureNew:
		return "新开工"
	case NatureContinuing:
		return "续建"
	case NatureCompleting:
		return "竣工"
	case NaturePrelim:
		return "前期"
	case NatureReserve:
		return "预备"
	}
	return ""
}

// CategoryLabel is the ledger wording of a category.
func CategoryLabel(c Category) string {
	switch c {
	case CategoryIndustrial:
		return "产业"
	case CategoryLivelihood:
		return "民生"
	case CategoryInfrastructure:
		return "基础设施"
	case CategorySocial:
		return "社会事业"
	case CategoryOther:
		return "其他"
	}
	return ""
}

// KeyLevelLabel is the ledger wording of a key level.
func KeyLevelLabel(l KeyLevel) string {
	switch l {
	case LevelProvince:
		return "省重点"
	case LevelCity:
		return "市重点"
	case LevelDistrict:
		return "区重点"
	}
	return ""
}

// StageForNature is the stage a project new to the ledger starts in, given the nature its
// ledger row states: 新开工, 续建 and 竣工 are under construction, 前期 preliminary, 预备
// in reserve.
func StageForNature(n Nature) Stage {
	switch n {
	case NatureNew, NatureContinuing, NatureCompleting:
		return StageConstruction
	case NatureReserve:
		return StageReserve
	}
	return StagePreliminary
}
