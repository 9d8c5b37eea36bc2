package stride

import "time"

// Role is a permission set plus a data scope.
type Role struct {
	ID          int64     `json:"id"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Builtin     bool      `json:"builtin"`
	Admin       AdminKind `json:"admin"`
	Permissions []string  `json:"permissions"`
	DataScope   DataScope `json:"data_scope"`
	UnitIDs     []int64   `json:"unit_ids"`
	UserCount   int       `json:"user_count"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// RoleInput is what the security administrator sends to create or update a role.
type RoleInput struct {
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Permissions []string  `json:"permissions"`
	DataScope   DataScope `json:"data_scope"`
	UnitIDs     []int64   `json:"unit_ids"`
	Version     int       `json:"version"`
}

// Validate checks the role: a known code shape, known business permissions only (the
// administrators' permissions stay with the three built-in admin roles), a valid scope,
// and units exactly when the scope is custom.
func (in *RoleInput) Validate() error {
	f := Fields{}
	f.Text("name", &in.Name, true, 50)
	f.Text("code", &in.Code, true, 32)
	if in.Code != "" && !usernamePattern.MatchString(in.Code) {
		f.Add("code", "validate.code")
	}
	f.Text("description", &in.Description, false, 200)
	for _, p := range in.Permissions {
		if !IsPermission(p) {
			f.Add("permissions", "validate.permission_unknown", p)
		} else if !IsBusinessPermission(p) {
			f.Add("permissions", "role.admin_permission", p)
		}
	}
	if !in.DataScope.Valid() {
		f.Add("data_scope", "validate.choice")
	}
	if in.DataScope == ScopeCustom && len(in.UnitIDs) == 0 {
		f.Add("unit_ids", "role.custom_scope_units")
	}
	if in.DataScope != ScopeCustom {
		in.UnitIDs = nil
	}
	if in.Permissions == nil {
		in.Permissions = []string{}
	}
	return f.Err()
}

// GrantInput replaces the roles a user holds.
type GrantInput struct {
	RoleIDs []int64 `json:"role_ids"`
	Version int     `json:"version"`
}
