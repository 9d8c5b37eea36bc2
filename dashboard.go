package stride

import "slices"

// Dashboard is the leaders' picture of one plan year over the year's ledger (the projects
// with a plan for the year, not terminated) within the reader's scope.
type Dashboard struct {
	Year        int     `json:"year"`
	AsOf        Date    `json:"as_of"`
	Period      int     `json:"period"` // months 1..Period have their reports due
	Projects    int     `json:"projects"`
	Total       Money   `json:"total_investment"`
	Plan        Money   `json:"plan"`
	Completed   Money   `json:"completed"` // approved, months 1..Period
	Rate        float64 `json:"rate"`      // Completed / Plan, percent, one decimal
	Pace        float64 `json:"pace"`      // planned through Period / Plan, percent, one decimal
	Gap         float64 `json:"gap"`       // Rate − Pace, points
	Started     int     `json:"started"`   // actual starts this year
	Completions int     `json:"completions"`
	NewProjects int     `json:"new_projects"` // nature 新开工 this year
	StartRate   float64 `json:"start_rate"`   // Started / NewProjects, percent

	ByStage    []Count     `json:"by_stage"`
	ByCategory []Count     `json:"by_category"`
	ByLevel    []Count     `json:"by_level"`
	ByLight    []Count     `json:"by_light"`
	Trend      []TrendRow  `json:"trend"`
	Units      []UnitRank  `json:"units"`
	Red        []RedRow    `json:"red"`
	Campaigns  []*Campaign `json:"campaigns"`
}

// Count is a number of projects sharing a value.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// TrendRow is one month of the year: cumulative plan and cumulative completed.
type TrendRow struct {
	Month     int   `json:"month"`
	Planned   Money `json:"planned"`
	Completed Money `json:"completed"`
}

// UnitRank is one lead unit's completion against its pace.
type UnitRank struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Projects  int     `json:"projects"`
	Plan      Money   `json:"plan"`
	Completed Money   `json:"completed"`
	Rate      float64 `json:"rate"`
	Pace      float64 `json:"pace"`
	Gap       float64 `json:"gap"`
}

// RedRow is a red project with its reasons.
type RedRow struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	LeadUnit string   `json:"lead_unit"`
	Reasons  []string `json:"reasons"`
	reasons  []Msg
}

// SetReasons keeps the reasons to render per language.
func (r *RedRow) SetReasons(m []Msg) { r.reasons = m }

// Render fills Reasons in lang.
func (r *RedRow) Render(lang Lang) {
	r.Reasons = make([]string, len(r.reasons))
	for i, m := range r.reasons {
		r.Reasons[i] = m.In(lang)
	}
}

// Percent returns part/whole in percent rounded to one decimal; 0 when whole is 0.
func Percent(part, whole Money) float64 {
	if whole <= 0 {
		return 0
	}
	return round1(100 * float64(part) / float64(whole))
}

func round1(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*10+0.5)) / 10
	}
	return float64(int64(v*10+0.5)) / 10
}

// PointsGap is a rate minus a pace, rounded to one decimal.
func PointsGap(rate, pace float64) float64 { return round1(rate - pace) }

// Clone copies the dashboard deeply enough that the copy's red list can be rendered and
// its slices changed without touching the original. An empty list stays empty, not nil:
// the copy encodes as the original does ([] and not null, which the web app cannot read).
func (d *Dashboard) Clone() *Dashboard {
	c := *d
	c.ByStage = slices.Clone(d.ByStage)
	c.ByCategory = slices.Clone(d.ByCategory)
	c.ByLevel = slices.Clone(d.ByLevel)
	c.ByLight = slices.Clone(d.ByLight)
	c.Trend = slices.Clone(d.Trend)
	c.Units = slices.Clone(d.Units)
	c.Red = slices.Clone(d.Red)
	for i, r := range c.Red {
		c.Red[i].Reasons = slices.Clone(r.Reasons)
	}
	c.Campaigns = slices.Clone(d.Campaigns)
	return &c
}
