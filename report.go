package stride

import "time"

// Report statuses.
const (
	ReportSubmitted  = "submitted"  // waiting for the lead unit
	ReportReturned   = "returned"   // sent back with a reason; the owner edits and resubmits
	ReportApproved   = "approved"   // locked; its figures count
	ReportSuperseded = "superseded" // an approved report replaced by an approved correction
)

// MonthlyReport is an owner's report of one month: investment completed in the month and
// 形象进度. A correction of an approved report is a new revision; the old one stays.
type MonthlyReport struct {
	ID               int64      `json:"id"`
	ProjectID        int64      `json:"project_id"`
	ProjectName      string     `json:"project_name"`
	Year             int        `json:"year"`
	Month            int        `json:"month"`
	Revision         int        `json:"revision"`
	Investment       Money      `json:"investment"`
	Progress         string     `json:"progress"`
	ProgressPct      int        `json:"progress_pct"`
	Problems         string     `json:"problems"`
	Status           string     `json:"status"`
	CorrectionReason string     `json:"correction_reason"`
	ReturnReason     string     `json:"return_reason"`
	SubmittedBy      string     `json:"submitted_by"`
	SubmittedAt      time.Time  `json:"submitted_at"`
	ReviewedBy       string     `json:"reviewed_by"`
	ReviewedAt       *time.Time `json:"reviewed_at"`
	Photos           []Photo    `json:"photos"`
	Version          int        `json:"version"`
}

// ReportInput is what an owner submits for a month.
type ReportInput struct {
	Year             int    `json:"year"`
	Month            int    `json:"month"`
	Investment       Money  `json:"investment"`
	Progress         string `json:"progress"`
	ProgressPct      int    `json:"progress_pct"`
	Problems         string `json:"problems"`
	CorrectionReason string `json:"correction_reason"`
	Version          int    `json:"version"`
}

// Validate checks the report; today bounds the month (no report for a future month).
func (in *ReportInput) Validate(today Date) error {
	f := Fields{}
	if in.Month < 1 || in.Month > 12 {
		f.Add("month", "validate.range", 1, 12)
	}
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "validate.range", 2000, 2100)
	} else if in.Year*12+in.Month-1 > today.MonthIndex() {
		f.Add("month", "report.future_month")
	}
	if in.Investment < 0 {
		f.Add("investment", "validate.money_negative")
	}
	f.Text("progress", &in.Progress, true, 2000)
	if in.ProgressPct < 0 || in.ProgressPct > 100 {
		f.Add("progress_pct", "validate.range", 0, 100)
	}
	f.Text("problems", &in.Problems, false, 2000)
	f.Text("correction_reason", &in.CorrectionReason, false, 500)
	return f.Err()
}

// ReportFilter selects reports.
type ReportFilter struct {
	ProjectID int64
	Year      int
	Month     int
	Status    string
	Page      Page
}

// Photo is an image attached to a report or, as evidence, to a node, with the EXIF time
// and place when the file had them.
type Photo struct {
	ID          int64      `json:"id"`
	ReportID    int64      `json:"report_id,omitempty"`
	MilestoneID int64      `json:"milestone_id,omitempty"`
	ContentType string     `json:"content_type"`
	Size        int64      `json:"size"`
	TakenAt     *time.Time `json:"taken_at"`
	Latitude    *float64   `json:"latitude"`
	Longitude   *float64   `json:"longitude"`
	File        string     `json:"-"`
	Thumb       string     `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
}
