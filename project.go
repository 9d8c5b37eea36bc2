package stride

import (
	"regexp"
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

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	switch c {
	case CategoryIndustrial, CategoryLivelihood, CategoryInfrastructure, CategorySocial, CategoryOther:
		return true
	}
	return false
}

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
func (s Stage) Valid() bool {
	for _, v := range Stages {
		if s == v {
			return true
		}
	}
	return false
}

// Project is one construction project of the ledger.
type Project struct {
	ID              int64     `json:"id"`
	Code            string    `json:"code"` // national project code, empty until assigned
	Name            string    `json:"name"`
	Category        Category  `json:"category"`
	Stage           Stage     `json:"stage"`
	OwnerUnitID     int64     `json:"owner_unit_id"`
	OwnerUnitName   string    `json:"owner_unit_name"`
	LeadUnitID      int64     `json:"lead_unit_id"`
	LeadUnitName    string    `json:"lead_unit_name"`
	TotalInvestment Money     `json:"total_investment"`
	StartYear       int       `json:"start_year"`
	EndYear         int       `json:"end_year"`
	CreatedBy       *int64    `json:"created_by"`
	Version         int       `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// ProjectInput is what a client sends to create or update a project.
type ProjectInput struct {
	Code            string   `json:"code"`
	Name            string   `json:"name"`
	Category        Category `json:"category"`
	Stage           Stage    `json:"stage"`
	OwnerUnitID     int64    `json:"owner_unit_id"`
	LeadUnitID      int64    `json:"lead_unit_id"`
	TotalInvestment Money    `json:"total_investment"`
	StartYear       int      `json:"start_year"`
	EndYear         int      `json:"end_year"`
	Version         int      `json:"version"`
}

// ProjectCodePattern is the national investment project code (投资项目统一代码,
// GB/T 40058-2021): YYYY-AAAAAA-DD-TT-NNNNNN.
var ProjectCodePattern = regexp.MustCompile(`^(19|20)[0-9]{2}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$`)

// Validate normalizes the input and returns field errors.
func (in *ProjectInput) Validate() error {
	f := Fields{}
	f.Text("name", &in.Name, true, 100)
	f.Text("code", &in.Code, false, 24)
	if in.Code != "" && !ProjectCodePattern.MatchString(in.Code) {
		f.Add("code", "validate.project_code")
	}
	if !in.Category.Valid() {
		f.Add("category", "validate.choice")
	}
	if !in.Stage.Valid() {
		f.Add("stage", "validate.choice")
	}
	f.Ref("owner_unit_id", in.OwnerUnitID)
	f.Ref("lead_unit_id", in.LeadUnitID)
	if in.TotalInvestment < 0 {
		f.Add("total_investment", "validate.money_negative")
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
	return f.Err()
}

// ProjectFilter selects projects for a list page.
type ProjectFilter struct {
	Query       string // name or code contains
	Category    Category
	Stage       Stage
	OwnerUnitID int64
	LeadUnitID  int64
	Page        Page
}
