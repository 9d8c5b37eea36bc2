package api

import (
	"net/http"

	"github.com/stride-hq/stride"
)

// access says who may call a route.
type access int

const (
	public    access = iota // anyone
	signedIn                // any signed-in user
	permitted               // a signed-in user holding any of the route's permissions
)

// route is one API endpoint: its pattern, who may call it, and what it takes and gives
// (types for the OpenAPI document).
type route struct {
	method, path string
	access       access
	perms        []string
	// beforePasswordChange lets a user who must change the password still call it.
	beforePasswordChange bool
	tag, summary         string
	in, out              any
	h                    handlerFunc
}

func perms(p ...string) []string { return p }

// routeTable is the whole API surface and its permission matrix.
func (s *Server) routeTable() []route {
	type (
		U  = stride.Unit
		Us = stride.User
		R  = stride.Role
		P  = stride.Project
	)
	return []route{
		{method: "GET", path: "/healthz", access: public, tag: "ops", summary: "Liveness: the process answers", h: s.healthz},
		{method: "GET", path: "/readyz", access: public, tag: "ops", summary: "Readiness: the database answers and is migrated", h: s.readyz},
		{method: "GET", path: "/metrics", access: public, tag: "ops", summary: "Prometheus metrics", h: s.metricsHandler},
		{method: "GET", path: "/api/v1/openapi.json", access: public, tag: "ops", summary: "This API as an OpenAPI 3 document", h: s.openapi},
		{method: "GET", path: "/api/v1/meta", access: public, tag: "auth", summary: "Platform name and version for the sign-in page", out: metaOut{}, h: s.meta},

		{method: "POST", path: "/api/v1/auth/login", access: public, tag: "auth", summary: "Sign in; sets the session cookie", in: loginIn{}, out: meOut{}, h: s.login},
		{method: "POST", path: "/api/v1/auth/logout", access: signedIn, beforePasswordChange: true, tag: "auth", summary: "Sign out; ends the session on the server", h: s.logout},
		{method: "GET", path: "/api/v1/me", access: signedIn, beforePasswordChange: true, tag: "auth", summary: "The signed-in user, permissions and password state", out: meOut{}, h: s.me},
		{method: "POST", path: "/api/v1/me/password", access: signedIn, beforePasswordChange: true, tag: "auth", summary: "Change one's own password", in: passwordIn{}, h: s.changePassword},
		{method: "GET", path: "/api/v1/permissions", access: permitted, perms: perms(stride.PermRoleRead), tag: "security", summary: "The permission tree for the role editor", out: []stride.PermissionNode{}, h: s.permissionTree},

		{method: "GET", path: "/api/v1/units", access: permitted, perms: perms(stride.PermUnitRead, stride.PermUserRead, stride.PermGrant, stride.PermRoleRead, stride.PermProjectCreate, stride.PermProjectUpdate), tag: "units", summary: "All units, flat, in tree order (also for pickers)", out: stride.List[U]{}, h: s.listUnits},
		{method: "POST", path: "/api/v1/units", access: permitted, perms: perms(stride.PermUnitCreate), tag: "units", summary: "Create a unit", in: stride.UnitInput{}, out: U{}, h: s.createUnit},
		{method: "GET", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitRead), tag: "units", summary: "One unit", out: U{}, h: s.getUnit},
		{method: "PUT", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitUpdate), tag: "units", summary: "Update a unit (send its version)", in: stride.UnitInput{}, out: U{}, h: s.updateUnit},
		{method: "DELETE", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitDelete), tag: "units", summary: "Delete a unit without sub-units, users or projects", h: s.deleteUnit},

		{method: "GET", path: "/api/v1/users", access: permitted, perms: perms(stride.PermUserRead, stride.PermGrant), tag: "users", summary: "Users, paged and filtered", out: stride.List[Us]{}, h: s.listUsers},
		{method: "POST", path: "/api/v1/users", access: permitted, perms: perms(stride.PermUserCreate), tag: "users", summary: "Create a user with an initial password", in: stride.UserInput{}, out: Us{}, h: s.createUser},
		{method: "GET", path: "/api/v1/users/{id}", access: permitted, perms: perms(stride.PermUserRead, stride.PermGrant), tag: "users", summary: "One user", out: Us{}, h: s.getUser},
		{method: "PUT", path: "/api/v1/users/{id}", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Update a user's profile (send its version)", in: stride.UserInput{}, out: Us{}, h: s.updateUser},
		{method: "POST", path: "/api/v1/users/{id}/disable", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Disable an account and end its sessions", out: Us{}, h: s.disableUser},
		{method: "POST", path: "/api/v1/users/{id}/enable", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Enable an account", out: Us{}, h: s.enableUser},
		{method: "POST", path: "/api/v1/users/{id}/password", access: permitted, perms: perms(stride.PermUserResetPwd), tag: "users", summary: "Reset a password; the user must change it at next sign-in", in: resetIn{}, h: s.resetPassword},
		{method: "POST", path: "/api/v1/users/{id}/unlock", access: permitted, perms: perms(stride.PermUserUnlock), tag: "users", summary: "Clear a lockout", out: Us{}, h: s.unlockUser},
		{method: "PUT", path: "/api/v1/users/{id}/roles", access: permitted, perms: perms(stride.PermGrant), tag: "users", summary: "Replace a user's roles (three-administrator separation enforced)", in: stride.GrantInput{}, out: Us{}, h: s.grantRoles},

		{method: "GET", path: "/api/v1/roles", access: permitted, perms: perms(stride.PermRoleRead, stride.PermGrant), tag: "roles", summary: "All roles", out: stride.List[R]{}, h: s.listRoles},
		{method: "POST", path: "/api/v1/roles", access: permitted, perms: perms(stride.PermRoleCreate), tag: "roles", summary: "Create a business role", in: stride.RoleInput{}, out: R{}, h: s.createRole},
		{method: "GET", path: "/api/v1/roles/{id}", access: permitted, perms: perms(stride.PermRoleRead), tag: "roles", summary: "One role", out: R{}, h: s.getRole},
		{method: "PUT", path: "/api/v1/roles/{id}", access: permitted, perms: perms(stride.PermRoleUpdate), tag: "roles", summary: "Update a role (send its version)", in: stride.RoleInput{}, out: R{}, h: s.updateRole},
		{method: "DELETE", path: "/api/v1/roles/{id}", access: permitted, perms: perms(stride.PermRoleDelete), tag: "roles", summary: "Delete a custom role nobody holds", h: s.deleteRole},

		{method: "GET", path: "/api/v1/settings", access: permitted, perms: perms(stride.PermSettingRead), tag: "settings", summary: "System settings", out: stride.Settings{}, h: s.getSettings},
		{method: "PUT", path: "/api/v1/settings", access: permitted, perms: perms(stride.PermSettingUpdate), tag: "settings", summary: "Update system settings (send the version)", in: stride.Settings{}, out: stride.Settings{}, h: s.updateSettings},
		{method: "GET", path: "/api/v1/security-policy", access: permitted, perms: perms(stride.PermPolicyRead), tag: "settings", summary: "Security policy", out: stride.SecurityPolicy{}, h: s.getPolicy},
		{method: "PUT", path: "/api/v1/security-policy", access: permitted, perms: perms(stride.PermPolicyEdit), tag: "settings", summary: "Update the security policy (send the version)", in: stride.SecurityPolicy{}, out: stride.SecurityPolicy{}, h: s.updatePolicy},
		{method: "GET", path: "/api/v1/backups", access: permitted, perms: perms(stride.PermBackup), tag: "settings", summary: "Backups in the data folder", out: stride.List[backup]{}, h: s.listBackups},
		{method: "POST", path: "/api/v1/backups", access: permitted, perms: perms(stride.PermBackup), tag: "settings", summary: "Make a consistent online backup (SQLite)", out: backup{}, h: s.createBackup},

		{method: "GET", path: "/api/v1/audit-logs", access: permitted, perms: perms(stride.PermAuditRead), tag: "audit", summary: "The audit log, newest first", out: stride.List[stride.AuditEntry]{}, h: s.listAudit},
		{method: "GET", path: "/api/v1/login-logs", access: permitted, perms: perms(stride.PermLoginRead), tag: "audit", summary: "The login log, newest first", out: stride.List[stride.LoginEntry]{}, h: s.listLogins},

		{method: "GET", path: "/api/v1/projects", access: permitted, perms: perms(stride.PermProjectRead), tag: "projects", summary: "Projects in the caller's scope, paged and filtered", out: stride.List[P]{}, h: s.listProjects},
		{method: "POST", path: "/api/v1/projects", access: permitted, perms: perms(stride.PermProjectCreate), tag: "projects", summary: "Create a project", in: stride.ProjectInput{}, out: P{}, h: s.createProject},
		{method: "GET", path: "/api/v1/projects/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "projects", summary: "One project in the caller's scope", out: P{}, h: s.getProject},
		{method: "PUT", path: "/api/v1/projects/{id}", access: permitted, perms: perms(stride.PermProjectUpdate), tag: "projects", summary: "Update a project (send its version)", in: stride.ProjectInput{}, out: P{}, h: s.updateProject},
		{method: "DELETE", path: "/api/v1/projects/{id}", access: permitted, perms: perms(stride.PermProjectDelete), tag: "projects", summary: "Delete a project", h: s.deleteProject},
	}
}

// noContent answers 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
