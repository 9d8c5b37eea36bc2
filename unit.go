package stride

import (
	"regexp"
	"time"
)

// UnitKind classifies a node of the organisation tree.
type UnitKind string

const (
	UnitHQ         UnitKind = "hq"
	UnitDepartment UnitKind = "department"
	UnitEnterprise UnitKind = "enterprise"
	UnitBank       UnitKind = "bank"
	UnitOther      UnitKind = "other"
)

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	switch k {
	case UnitHQ, UnitDepartment, UnitEnterprise, UnitBank, UnitOther:
		return true
	}
	return false
}

// Unit is a node of the organisation tree: the HQ, a department, an enterprise that owns
// projects, a bank. Users belong to one unit.
type Unit struct {
	ID        int64     `json:"id"`
	ParentID  *int64    `json:"parent_id"`
	Name      string    `json:"name"`
	Kind      UnitKind  `json:"kind"`
	Code      string    `json:"code"` // unified social credit code, optional
	Contact   string    `json:"contact"`
	Phone     string    `json:"phone"`
	Sort      int       `json:"sort"`
	Path      string    `json:"-"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnitInput is what a client sends to create or update a unit.
type UnitInput struct {
	ParentID *int64   `json:"parent_id"`
	Name     string   `json:"name"`
	Kind     UnitKind `json:"kind"`
	Code     string   `json:"code"`
	Contact  string   `json:"contact"`
	Phone    string   `json:"phone"`
	Sort     int      `json:"sort"`
	Version  int      `json:"version"`
}

// Validate normalizes the input and returns field errors.
func (in *UnitInput) Validate() error {
	f := Fields{}
	f.Text("name", &in.Name, true, 100)
	if !in.Kind.Valid() {
		f.Add("kind", "validate.choice")
	}
	f.Text("code", &in.Code, false, 18)
	if in.Code != "" && !creditCodePattern.MatchString(in.Code) {
		f.Add("code", "validate.credit_code")
	}
	f.Text("contact", &in.Contact, false, 50)
	f.Phone("phone", &in.Phone)
	if in.Sort < 0 || in.Sort > 99999 {
		f.Add("sort", "validate.range", 0, 99999)
	}
	return f.Err()
}

// UnitFilter selects units.
type UnitFilter struct {
	Name string
	Kind UnitKind
}

// creditCodePattern is the shape of a unified social credit code (GB 32100-2015).
var creditCodePattern = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$`)
