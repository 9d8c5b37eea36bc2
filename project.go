package stride

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Category is a project's category.
type Category string

const (
	CategoryIndustrial     Category = "industrial"     // 产业
	CategoryLivelihood     Category = "livelihood"     // 民生
	CategoryInfrastructure Category = "infrastructure" // 基础设施
	CategorySocial         Category = "social"         // 社会事业
	CategoryOther          Category = "other"          // 其他
)

// Categories lists the categories in display order.
var Categories = []Category{CategoryIndustrial, CategoryLivelihood, CategoryInfrastructure, CategorySocial, CategoryOther}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Stage is where a project is in its life: 谋划 → 储备 → 前期 → 在建 → 竣工 → 投产, or 暂停 / 终止.
type Stage string

const (
	StagePlanning     Stage = "planning"
	StageReserve      Stage = "reserve"
	StagePreliminary  Stage = "preliminary"
	StageConstruction Stage = "construction"
	StageCompleted    Stage = "completed"
	StageProduction   Stage = "production"
	StageSuspended    Stage = "suspended"
	StageTerminated   Stage = "terminated"
)

// Stages lists the stages in life order.
var Stages = []Stage{StagePlanning, StageReserve, StagePreliminary, StageConstruction,
	StageCompleted, StageProduction, StageSuspended, StageTerminated}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// NeedsReason reports whether entering the stage needs a reason (暂停 and 终止 do).
func (s Stage) NeedsReason() bool { return s == StageSuspended || s == StageTerminated }

// KeyLevel is a level of key-project designation; a project may hold several.
type KeyLevel string

const (
	LevelProvince KeyLevel = "province" // 省重点
	LevelCity     KeyLevel = "city"     // 市重点
	LevelDistrict KeyLevel = "district" // 区重点
)

// KeyLevels lists the levels in order.
var KeyLevels = []KeyLevel{LevelProvince, LevelCity, LevelDistrict}

// Nature is a project's nature in a year (新开工/续建/竣工/前期/预备), derived from its stage and
// dates, never typed.
type Nature string

const (
	NatureNew        Nature = "new"        // 新开工: starts this year
	NatureContinuing Nature = "continuing" // 续建: started before, not finishing this year
	NatureCompleting Nature = "completing" // 竣工: started before, finishes this year
	NaturePrelim     Nature = "preliminary"
	NatureReserve    Nature = "reserve" // 预备
	NatureNone       Nature = ""        // finished before the year: not in its ledger
)

// Industries are the sections of GB/T 4754-2017.
var Industries = []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"}

// UnitRef names a unit.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Project is one construction project of the ledger.
type Project struct {
	ID                int64          `json:"id"`
	Code              string         `json:"code"` // national project code, empty until assigned
	Name              string         `json:"name"`
	Alias             string         `json:"alias"`
	KeyLevels         []KeyLevel     `json:"key_levels"`
	Category          Category       `json:"category"`
	Industry          string         `json:"industry"`
	Content           string         `json:"content"`
	Address           string         `json:"address"`
	Longitude         *float64       `json:"longitude"`
	Latitude          *float64       `json:"latitude"`
	TotalInvestment   Money          `json:"total_investment"`
	CompletedBefore   Money          `json:"completed_before"`  // 至上年底累计完成投资 as entered or imported
	CompletedToDate   Money          `json:"completed_to_date"` // since start: CompletedBefore plus every approved report
	StartYear         int            `json:"start_year"`
	EndYear           int            `json:"end_year"`
	OwnerUnitID       int64          `json:"owner_unit_id"`
	OwnerUnitName     string         `json:"owner_unit_name"`
	OwnerContact      string         `json:"owner_contact"`
	OwnerPhone        string         `json:"owner_phone"`
	LeadUnitID        int64          `json:"lead_unit_id"`
	LeadUnitName      string         `json:"lead_unit_name"`
	CoUnits           []UnitRef      `json:"co_units"`
	ResponsiblePerson string         `json:"responsible_person"`
	LiaisonLeader     string         `json:"liaison_leader"`
	Tags              []string       `json:"tags"`
	StatsEntryDate    Date           `json:"stats_entry_date"`
	Custom            map[string]any `json:"custom"`
	Stage             Stage          `json:"stage"`
	StageReason       string         `json:"stage_reason"`
	StartPlanned      Date           `json:"start_planned"` // from the 开工 milestone
	StartActual       Date           `json:"start_actual"`
	EndPlanned        Date           `json:"end_planned"` // from the 竣工验收 milestone
	EndActual         Date           `json:"end_actual"`
	Light             Color          `json:"light"`
	Nature            Nature         `json:"nature"` // in the year the request asks about
	CreatedBy         *int64         `json:"created_by"`
	Version           int            `json:"version"`
	CreatedAt         time.Time      `json:"created_at"`
	UpdatedAt         time.Time      `json:"updated_at"`
}

// NatureIn derives the project's nature in year from its stage and its start and end dates
// (actual where known, else planned).
func (p *Project) NatureIn(year int) Nature {
	start, end := p.StartActual, p.EndActual
	if start.IsZero() {
		start = p.StartPlanned
	}
	if end.IsZero() {
		end = p.EndPlanned
	}
	switch {
	case !end.IsZero() && end.Year < year && (p.Stage == StageCompleted || p.Stage == StageProduction):
		return NatureNone
	case !start.IsZero() && start.Year == year:
		return NatureNew
	case !start.IsZero() && start.Year < year && !end.IsZero() && end.Year == year:
		return NatureCompleting
	case !start.IsZero() && start.Year < year:
		return NatureContinuing
	case p.Stage == StagePlanning || p.Stage == StageReserve:
		return NatureReserve
	}
	return NaturePrelim
}

// ProjectInput is what a client sends to create or update a project.
type ProjectInput struct {
	Code              string         `json:"code"`
	Name              string         `json:"name"`
	Alias             string         `json:"alias"`
	KeyLevels         []KeyLevel     `json:"key_levels"`
	Category          Category       `json:"category"`
	Industry          string         `json:"industry"`
	Content           string         `json:"content"`
	Address           string         `json:"address"`
	Longitude         *float64       `json:"longitude"`
	Latitude          *float64       `json:"latitude"`
	TotalInvestment   Money          `json:"total_investment"`
	CompletedBefore   Money          `json:"completed_before"`
	StartYear         int            `json:"start_year"`
	EndYear           int            `json:"end_year"`
	OwnerUnitID       int64          `json:"owner_unit_id"`
	OwnerContact      string         `json:"owner_contact"`
	OwnerPhone        string         `json:"owner_phone"`
	LeadUnitID        int64          `json:"lead_unit_id"`
	CoUnitIDs         []int64        `json:"co_unit_ids"`
	ResponsiblePerson string         `json:"responsible_person"`
	LiaisonLeader     string         `json:"liaison_leader"`
	Tags              []string       `json:"tags"`
	StatsEntryDate    Date           `json:"stats_entry_date"`
	Custom            map[string]any `json:"custom"`
	Stage             Stage          `json:"stage"`
	StageReason       string         `json:"stage_reason"`
	Version           int            `json:"version"`
}

// ProjectCodePattern is the national investment project code (投资项目统一代码,
// GB/T 40058-2021): YYYY-AAAAAA-DD-TT-NNNNNN.
var ProjectCodePattern = regexp.MustCompile(`^(19|20)[0-9]{2}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$`)

// Validate normalizes the input and checks it, custom fields against their definitions.
func (in *ProjectInput) Validate(defs []CustomField) error {
	f := Fields{}
	f.Text("name", &in.Name, true, 100)
	f.Text("alias", &in.Alias, false, 50)
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	f.Text("code", &in.Code, false, 24)
	if in.Code != "" && !ProjectCodePattern.MatchString(in.Code) {
		f.Add("code", "validate.project_code")
	}
	levels := []KeyLevel{}
	for _, l := range in.KeyLevels {
		if !slices.Contains(KeyLevels, l) {
			f.Add("key_levels", "validate.choice")
		} else if !slices.Contains(levels, l) {
			levels = append(levels, l)
		}
	}
	in.KeyLevels = levels
	if !in.Category.Valid() {
		f.Add("category", "validate.choice")
	}
	if in.Industry != "" && !slices.Contains(Industries, in.Industry) {
		f.Add("industry", "validate.choice")
	}
	f.Text("content", &in.Content, false, 2000)
	f.Text("address", &in.Address, false, 200)
	if in.Longitude != nil && (*in.Longitude < 73 || *in.Longitude > 136) {
		f.Add("longitude", "validate.coordinate")
	}
	if in.Latitude != nil && (*in.Latitude < 3 || *in.Latitude > 54) {
		f.Add("latitude", "validate.coordinate")
	}
	if in.TotalInvestment < 0 {
		f.Add("total_investment", "validate.money_negative")
	}
	if in.CompletedBefore < 0 {
		f.Add("completed_before", "validate.money_negative")
	}
	if in.StartYear != 0 && (in.StartYear < 1990 || in.StartYear > 2100) {
		f.Add("start_year", "validate.range", 1990, 2100)
	}
	if in.EndYear != 0 && (in.EndYear < 1990 || in.EndYear > 2100) {
		f.Add("end_year", "validate.range", 1990, 2100)
	}
	if in.StartYear != 0 && in.EndYear != 0 && in.EndYear < in.StartYear {
		f.Add("end_year", "validate.end_before_start")
	}
	f.Ref("owner_unit_id", in.OwnerUnitID)
	f.Text("owner_contact", &in.OwnerContact, false, 50)
	f.Phone("owner_phone", &in.OwnerPhone)
	f.Ref("lead_unit_id", in.LeadUnitID)
	if len(in.CoUnitIDs) > 20 {
		f.Add("co_unit_ids", "validate.too_many", 20)
	}
	in.CoUnitIDs = slices.DeleteFunc(dedupeIDs(in.CoUnitIDs), func(id int64) bool { return id == in.LeadUnitID })
	f.Text("responsible_person", &in.ResponsiblePerson, false, 50)
	f.Text("liaison_leader", &in.LiaisonLeader, false, 50)
	tags := []string{}
	for _, t := range in.Tags {
		t = strings.TrimSpace(t)
		if t == "" || slices.Contains(tags, t) {
			continue
		}
		if len([]rune(t)) > 20 || strings.Contains(t, ",") {
			f.Add("tags", "validate.tag")
		}
		tags = append(tags, t)
	}
	if len(tags) > 10 {
		f.Add("tags", "validate.too_many", 10)
	}
	in.Tags = tags
	if in.Stage == "" {
		in.Stage = StagePlanning
	}
	if !in.Stage.Valid() {
		f.Add("stage", "validate.choice")
	}
	f.Text("stage_reason", &in.StageReason, false, 500)
	in.Custom = validateCustom(f, in.Custom, defs)
	return f.Err()
}

func dedupeIDs(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ProjectFilter selects projects for a list page.
type ProjectFilter struct {
	Query       string // name, alias or code contains
	Category    Category
	Stage       Stage
	KeyLevel    KeyLevel
	Light       Color
	Tag         string
	UnitID      int64 // owner, lead or co-unit
	OwnerUnitID int64
	LeadUnitID  int64
	Nature      Nature // in Year
	Year        int    // the plan year the nature and plan figures refer to
	Ledger      bool   // only Year's ledger: projects with a plan for Year, not terminated
	StartedIn   int    // only projects that actually started in this year
	CompletedIn int    // only projects that were actually completed in this year
	Custom      map[string]string
	IDs         []int64 // restrict to these (drill-down from a figure)
	Page        Page
}

// ProjectRow is a project as the ledger list shows it: the project and its year's figures.
type ProjectRow struct {
	Project
	Plan      Money `json:"plan"`      // the year's planned investment
	Completed Money `json:"completed"` // approved investment completed this year
}

// StageChange is one entry of a project's stage history.
type StageChange struct {
	From   Stage     `json:"from"`
	To     Stage     `json:"to"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}
