package stride

import (
	"context"
	"slices"
	"strings"
)

// Permission keys, module:entity:action. The api package names one (or a set, any of
// which suffices) on every route; the web app hides what the user lacks by the same keys.
const (
	PermUnitRead   = "system:unit:read"
	PermUnitCreate = "system:unit:create"
	PermUnitUpdate = "system:unit:update"
	PermUnitDelete = "system:unit:delete"

	PermUserRead     = "system:user:read"
	PermUserCreate   = "system:user:create"
	PermUserUpdate   = "system:user:update"
	PermUserResetPwd = "system:user:resetpwd"

	PermSettingRead   = "system:setting:read"
	PermSettingUpdate = "system:setting:update"
	PermBackup        = "system:backup:create"

	PermRoleRead   = "security:role:read"
	PermRoleCreate = "security:role:create"
	PermRoleUpdate = "security:role:update"
	PermRoleDelete = "security:role:delete"
	PermGrant      = "security:grant:update"
	PermUserUnlock = "security:user:unlock"
	PermPolicyRead = "security:policy:read"
	PermPolicyEdit = "security:policy:update"

	PermAuditRead = "audit:log:read"
	PermLoginRead = "audit:login:read"

	PermProjectRead     = "project:project:read"
	PermProjectCreate   = "project:project:create"
	PermProjectUpdate   = "project:project:update"
	PermProjectDelete   = "project:project:delete"
	PermFieldManage     = "project:field:update"
	PermPlanEdit        = "project:plan:update"
	PermPlanApprove     = "project:plan:approve"
	PermMilestoneEdit   = "project:milestone:update"
	PermMilestoneVerify = "project:milestone:verify"

	PermReportSubmit = "report:report:submit"
	PermReportReview = "report:report:review"

	PermCampaignRead = "campaign:campaign:read"
	PermCampaignEdit = "campaign:campaign:update"

	PermDashboard = "dashboard:dashboard:read"

	PermCatalogEdit    = "approval:catalog:update"
	PermApprovalRead   = "approval:item:read"
	PermApprovalEdit   = "approval:item:update" // build and change projects' approval paths
	PermApprovalApply  = "approval:item:apply"  // the applicant's moves: prepare, file
	PermApprovalHandle = "approval:item:handle" // the authority's moves: accept, 补正, decide
	PermCaseRead       = "approval:case:read"
	PermCaseEdit       = "approval:case:update"
	PermCaseEvaluate   = "approval:case:evaluate"

	PermLandRead   = "land:file:read"
	PermLandCreate = "land:file:create"
	PermLandUpdate = "land:file:update"

	PermBlockageRead       = "blockage:blockage:read"
	PermBlockageCreate     = "blockage:blockage:create"     // raise, and as the raiser confirm or reopen
	PermBlockageHandle     = "blockage:blockage:handle"     // as the owner unit: accept, handle, answer, return
	PermBlockageAssign     = "blockage:blockage:assign"     // HQ: assign the owner unit, escalate, return
	PermBlockageCoordinate = "blockage:blockage:coordinate" // leaders' instructions (批示) on escalated ones

	PermCalendarEdit = "system:calendar:update"
)

// Inspection and bulletin permissions (一周一督查一通报).
const (
	PermInspectionRead = "inspection:inspection:read"
	PermInspectionEdit = "inspection:inspection:update" // plans, visits, checklists, findings, orders
	PermOrderFeedback  = "inspection:order:feedback"    // the target unit answers an order

	PermBulletinRead    = "bulletin:bulletin:read"
	PermBulletinEdit    = "bulletin:bulletin:update"
	PermBulletinPublish = "bulletin:bulletin:publish"
)

// Permissions lists every permission key in display order.
var Permissions = []string{
	PermProjectRead, PermProjectCreate, PermProjectUpdate, PermProjectDelete, PermFieldManage,
	PermPlanEdit, PermPlanApprove, PermMilestoneEdit, PermMilestoneVerify,
	PermReportSubmit, PermReportReview, PermCampaignRead, PermCampaignEdit, PermDashboard,
	PermCatalogEdit, PermApprovalRead, PermApprovalEdit, PermApprovalApply, PermApprovalHandle,
	PermCaseRead, PermCaseEdit, PermCaseEvaluate,
	PermLandRead, PermLandCreate, PermLandUpdate,
	PermBlockageRead, PermBlockageCreate, PermBlockageHandle, PermBlockageAssign, PermBlockageCoordinate,
	PermInspectionRead, PermInspectionEdit, PermOrderFeedback, PermBulletinRead, PermBulletinEdit, PermBulletinPublish,
	PermUnitRead, PermUnitCreate, PermUnitUpdate, PermUnitDelete,
	PermUserRead, PermUserCreate, PermUserUpdate, PermUserResetPwd,
	PermSettingRead, PermSettingUpdate, PermCalendarEdit, PermBackup,
	PermRoleRead, PermRoleCreate, PermRoleUpdate, PermRoleDelete, PermGrant, PermUserUnlock,
	PermPolicyRead, PermPolicyEdit,
	PermAuditRead, PermLoginRead,
}

// IsPermission reports whether key is a known permission.
func IsPermission(key string) bool { return slices.Contains(Permissions, key) }

// PermissionModule returns the module part of a key ("system" for "system:unit:read").
func PermissionModule(key string) string { return strings.SplitN(key, ":", 2)[0] }

// AdminKind names one of the three separated administrators (三员分立). A role with an admin
// kind holds only that administrator's permissions, and no user holds two admin kinds or
// an admin role beside a business role.
type AdminKind string

const (
	AdminNone     AdminKind = ""
	AdminSystem   AdminKind = "system"
	AdminSecurity AdminKind = "security"
	AdminAudit    AdminKind = "audit"
)

// adminModule maps each administrator to the permission module it alone may hold.
var adminModule = map[AdminKind]string{AdminSystem: "system", AdminSecurity: "security", AdminAudit: "audit"}

// IsBusinessPermission reports whether key belongs to business data rather than to one of
// the three administrators' modules. Custom roles may hold only business permissions.
func IsBusinessPermission(key string) bool {
	m := PermissionModule(key)
	for _, am := range adminModule {
		if m == am {
			return false
		}
	}
	return true
}

// DataScope says which records a role reaches (RuoYi's codes and labels).
type DataScope int

const (
	ScopeAll         DataScope = 1 // 全部数据权限
	ScopeCustom      DataScope = 2 // 自定数据权限: the role's chosen units
	ScopeUnit        DataScope = 3 // 本部门数据权限
	ScopeUnitAndDown DataScope = 4 // 本部门及以下数据权限
	ScopeSelf        DataScope = 5 // 仅本人数据权限: records the user created
)

// Valid reports whether s is one of the five scopes.
func (s DataScope) Valid() bool { return s >= ScopeAll && s <= ScopeSelf }

// RoleScope is one role's reach; an actor's reach is the union over its roles.
type RoleScope struct {
	Scope   DataScope
	UnitIDs []int64 // for ScopeCustom
}

// Actor is whoever acts: a signed-in user, or the system for jobs and the CLI. Stores
// apply its scope in SQL to every read and write of business records.
type Actor struct {
	UserID   int64
	Username string
	Name     string
	UnitID   int64
	UnitName string
	UnitPath string // the unit's materialized path, "/1/4/", for ScopeUnitAndDown
	Perms    map[string]bool
	Scopes   []RoleScope
	IP       string
	System   bool // jobs and command-line operations: every record, every permission

	SessionID          string
	MustChangePassword bool
	PasswordExpired    bool
}

// SystemActor is the actor of jobs, bootstrapping and command-line operations. Its writes
// are audited under the name given.
func SystemActor(name string) *Actor {
	return &Actor{Username: name, Name: name, System: true}
}

// Can reports whether the actor holds any of the permissions.
func (a *Actor) Can(perms ...string) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	for _, p := range perms {
		if a.Perms[p] {
			return true
		}
	}
	return false
}

// PermissionList returns the actor's permissions in catalogue order.
func (a *Actor) PermissionList() []string {
	out := []string{}
	for _, p := range Permissions {
		if a.Can(p) {
			out = append(out, p)
		}
	}
	return out
}

// SeesAll reports whether the actor's scope is unrestricted.
func (a *Actor) SeesAll() bool {
	if a.System {
		return true
	}
	for _, s := range a.Scopes {
		if s.Scope == ScopeAll {
			return true
		}
	}
	return false
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// BuiltinRole is a role Stride creates on first start. Business roles can have their
// permissions edited later by the security administrator; the three admin roles cannot.
type BuiltinRole struct {
	Code   string
	Name   Msg
	Admin  AdminKind
	Scope  DataScope
	Perms  []string
	Remark Msg
}

// Built-in role codes.
const (
	RoleHQ       = "hq"
	RoleDept     = "dept"
	RoleOwner    = "owner"
	RoleBank     = "bank"
	RoleLeader   = "leader"
	RoleAgent    = "agent"
	RoleSysAdmin = "sysadmin"
	RoleSecAdmin = "secadmin"
	RoleAuditor  = "auditor"
)

// BuiltinRoles is what a fresh database gets.
var BuiltinRoles = []BuiltinRole{
	{Code: RoleHQ, Name: Msg{Key: "role.hq"}, Scope: ScopeAll, Remark: Msg{Key: "role.hq.remark"},
		Perms: []string{PermProjectRead, PermProjectCreate, PermProjectUpdate, PermProjectDelete, PermFieldManage,
			PermPlanEdit, PermPlanApprove, PermMilestoneEdit, PermMilestoneVerify, PermReportSubmit, PermReportReview,
			PermCampaignRead, PermCampaignEdit, PermDashboard, PermUnitRead,
			PermCatalogEdit, PermApprovalRead, PermApprovalEdit, PermApprovalApply, PermApprovalHandle,
			PermCaseRead, PermCaseEdit, PermCaseEvaluate, PermLandRead, PermLandCreate, PermLandUpdate,
			PermBlockageRead, PermBlockageCreate, PermBlockageHandle, PermBlockageAssign, PermBlockageCoordinate,
			PermInspectionRead, PermInspectionEdit, PermOrderFeedback, PermBulletinRead, PermBulletinEdit, PermBulletinPublish}},
	{Code: RoleDept, Name: Msg{Key: "role.dept"}, Scope: ScopeUnit, Remark: Msg{Key: "role.dept.remark"},
		Perms: []string{PermProjectRead, PermProjectUpdate, PermPlanEdit, PermMilestoneEdit, PermMilestoneVerify,
			PermReportReview, PermCampaignRead, PermDashboard,
			PermApprovalRead, PermApprovalHandle, PermLandRead, PermLandCreate, PermLandUpdate,
			PermBlockageRead, PermBlockageCreate, PermBlockageHandle,
			PermInspectionRead, PermOrderFeedback, PermBulletinRead}},
	{Code: RoleOwner, Name: Msg{Key: "role.owner"}, Scope: ScopeUnit, Remark: Msg{Key: "role.owner.remark"},
		Perms: []string{PermProjectRead, PermMilestoneEdit, PermReportSubmit,
			PermApprovalRead, PermApprovalApply, PermCaseRead, PermCaseEvaluate, PermLandRead,
			PermBlockageRead, PermBlockageCreate,
			PermInspectionRead, PermOrderFeedback}},
	{Code: RoleBank, Name: Msg{Key: "role.bank"}, Scope: ScopeUnit, Remark: Msg{Key: "role.bank.remark"},
		Perms: []string{}},
	{Code: RoleLeader, Name: Msg{Key: "role.leader"}, Scope: ScopeAll, Remark: Msg{Key: "role.leader.remark"},
		Perms: []string{PermProjectRead, PermCampaignRead, PermDashboard,
			PermApprovalRead, PermCaseRead, PermLandRead, PermBlockageRead, PermBlockageCoordinate,
			PermInspectionRead, PermBulletinRead}},
	{Code: RoleAgent, Name: Msg{Key: "role.agent"}, Scope: ScopeAll, Remark: Msg{Key: "role.agent.remark"},
		Perms: []string{PermProjectRead, PermCampaignRead, PermDashboard,
			PermApprovalRead, PermApprovalEdit, PermApprovalApply, PermCaseRead, PermCaseEdit, PermLandRead,
			PermBlockageRead, PermBlockageCreate}},
	{Code: RoleSysAdmin, Name: Msg{Key: "role.sysadmin"}, Admin: AdminSystem, Scope: ScopeAll, Remark: Msg{Key: "role.sysadmin.remark"},
		Perms: []string{PermUnitRead, PermUnitCreate, PermUnitUpdate, PermUnitDelete,
			PermUserRead, PermUserCreate, PermUserUpdate, PermUserResetPwd,
			PermSettingRead, PermSettingUpdate, PermCalendarEdit, PermBackup}},
	{Code: RoleSecAdmin, Name: Msg{Key: "role.secadmin"}, Admin: AdminSecurity, Scope: ScopeAll, Remark: Msg{Key: "role.secadmin.remark"},
		Perms: []string{PermRoleRead, PermRoleCreate, PermRoleUpdate, PermRoleDelete, PermGrant, PermUserUnlock,
			PermPolicyRead, PermPolicyEdit}},
	{Code: RoleAuditor, Name: Msg{Key: "role.auditor"}, Admin: AdminAudit, Scope: ScopeAll, Remark: Msg{Key: "role.auditor.remark"},
		Perms: []string{PermAuditRead, PermLoginRead}},
}

// BuiltinRoleByCode returns the built-in role with code, if any.
func BuiltinRoleByCode(code string) (BuiltinRole, bool) {
	for _, r := range BuiltinRoles {
		if r.Code == code {
			return r, true
		}
	}
	return BuiltinRole{}, false
}

// PermissionNode is one node of the permission tree the role editor shows.
type PermissionNode struct {
	Key      string           `json:"key"`
	Label    string           `json:"label"`
	Children []PermissionNode `json:"children,omitempty"`
}

// PermissionTree groups the permissions by module and entity, labelled in lang.
func PermissionTree(lang Lang) []PermissionNode {
	var tree []PermissionNode
	for _, p := range Permissions {
		parts := strings.Split(p, ":")
		module, entity := parts[0], parts[0]+":"+parts[1]
		if len(tree) == 0 || tree[len(tree)-1].Key != module {
			tree = append(tree, PermissionNode{Key: module, Label: T(lang, "perm."+module)})
		}
		m := &tree[len(tree)-1]
		if len(m.Children) == 0 || m.Children[len(m.Children)-1].Key != entity {
			m.Children = append(m.Children, PermissionNode{Key: entity, Label: T(lang, "perm."+entity)})
		}
		e := &m.Children[len(m.Children)-1]
		e.Children = append(e.Children, PermissionNode{Key: p, Label: T(lang, "perm.action."+parts[2])})
	}
	return tree
}
