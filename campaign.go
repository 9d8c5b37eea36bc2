package stride

import "time"

// CampaignTargets are what a campaign (专项行动) sets out to reach in its window.
type CampaignTargets struct {
	Starts      int   `json:"starts"`      // projects started
	Completions int   `json:"completions"` // projects completed or in production
	Accelerated int   `json:"accelerated"` // continuing projects at or ahead of their plan in the window
	Investment  Money `json:"investment"`  // investment completed in the window
}

// CampaignRule selects projects into a campaign; an empty rule selects none, so a campaign
// holds only the projects added by hand.
type CampaignRule struct {
	Tags       []string   `json:"tags"`
	Stages     []Stage    `json:"stages"`
	Categories []Category `json:"categories"`
	KeyLevels  []KeyLevel `json:"key_levels"`
}

// Empty reports whether the rule selects nothing.
func (r CampaignRule) Empty() bool {
	return len(r.Tags) == 0 && len(r.Stages) == 0 && len(r.Categories) == 0 && len(r.KeyLevels) == 0
}

// Campaign is a time-boxed drive with targets, such as 奋战60天.
type Campaign struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	StartsOn   Date            `json:"starts_on"`
	EndsOn     Date            `json:"ends_on"`
	Targets    CampaignTargets `json:"targets"`
	Rule       CampaignRule    `json:"rule"`
	ProjectIDs []int64         `json:"project_ids"` // added by hand
	Note       string          `json:"note"`
	Version    int             `json:"version"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
	Tally      *CampaignTally  `json:"tally,omitempty"`
}

// CampaignInput creates or changes a campaign.
type CampaignInput struct {
	Name       string          `json:"name"`
	StartsOn   Date            `json:"starts_on"`
	EndsOn     Date            `json:"ends_on"`
	Targets    CampaignTargets `json:"targets"`
	Rule       CampaignRule    `json:"rule"`
	ProjectIDs []int64         `json:"project_ids"`
	Note       string          `json:"note"`
	Version    int             `json:"version"`
}

// Validate checks the campaign.
func (in *CampaignInput) Validate() error {
	f := Fields{}
	f.Text("name", &in.Name, true, 100)
	if in.StartsOn.IsZero() {
		f.Add("starts_on", "validate.required")
	}
	if in.EndsOn.IsZero() {
		f.Add("ends_on", "validate.required")
	} else if in.EndsOn.Before(in.StartsOn) {
		f.Add("ends_on", "campaign.end_before_start")
	}
	t := in.Targets
	if t.Starts < 0 || t.Completions < 0 || t.Accelerated < 0 || t.Investment < 0 {
		f.Add("targets", "validate.money_negative")
	}
	for _, s := range in.Rule.Stages {
		if !s.Valid() {
			f.Add("rule", "validate.choice")
		}
	}
	for _, c := range in.Rule.Categories {
		if !c.Valid() {
			f.Add("rule", "validate.choice")
		}
	}
	in.ProjectIDs = dedupeIDs(in.ProjectIDs)
	if len(in.ProjectIDs) > 5000 {
		f.Add("project_ids", "validate.too_many", 5000)
	}
	f.Text("note", &in.Note, false, 1000)
	return f.Err()
}

// CampaignTally is a campaign's live count against its targets.
type CampaignTally struct {
	Status      string            `json:"status"` // upcoming, running, closed
	DaysLeft    int               `json:"days_left"`
	Projects    int               `json:"projects"`
	Starts      int               `json:"starts"`
	Completions int               `json:"completions"`
	Accelerated int               `json:"accelerated"`
	Investment  Money             `json:"investment"`
	Results     []TargetResult    `json:"results"`
	ByUnit      []CampaignUnitRow `json:"by_unit"`
}

// TargetResult compares one target with what was reached.
type TargetResult struct {
	Target  string `json:"target"` // starts, completions, accelerated, investment
	Goal    string `json:"goal"`
	Reached string `json:"reached"`
	Beaten  bool   `json:"beaten"`
	Rate    string `json:"rate"` // reached / goal in percent, one decimal; "" without a goal
}

// CampaignUnitRow is one responsible unit's part of a campaign's tally.
type CampaignUnitRow struct {
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	Projects    int    `json:"projects"`
	Starts      int    `json:"starts"`
	Completions int    `json:"completions"`
	Investment  Money  `json:"investment"`
}
