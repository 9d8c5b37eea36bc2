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
		{method: "GET", path: "/api/v1/projects/{id}/stages", access: permitted, perms: perms(stride.PermProjectRead), tag: "projects", summary: "A project's stage history", out: []stride.StageChange{}, h: s.projectStages},
		{method: "GET", path: "/api/v1/projects/{id}/lights", access: permitted, perms: perms(stride.PermProjectRead), tag: "projects", summary: "A project's lights with their reasons", out: []lightOut{}, h: s.projectLights},
		{method: "GET", path: "/api/v1/custom-fields", access: permitted, perms: perms(stride.PermProjectRead, stride.PermFieldManage), tag: "projects", summary: "Custom project field definitions", out: stride.List[stride.CustomField]{}, h: s.listCustomFields},
		{method: "POST", path: "/api/v1/custom-fields", access: permitted, perms: perms(stride.PermFieldManage), tag: "projects", summary: "Define a custom project field", in: stride.CustomFieldInput{}, out: stride.CustomField{}, h: s.createCustomField},
		{method: "PUT", path: "/api/v1/custom-fields/{id}", access: permitted, perms: perms(stride.PermFieldManage), tag: "projects", summary: "Change a custom field (not its key or type)", in: stride.CustomFieldInput{}, out: stride.CustomField{}, h: s.updateCustomField},
		{method: "DELETE", path: "/api/v1/custom-fields/{id}", access: permitted, perms: perms(stride.PermFieldManage), tag: "projects", summary: "Remove a custom field definition", h: s.deleteCustomField},

		{method: "GET", path: "/api/v1/projects/{id}/plans/{year}", access: permitted, perms: perms(stride.PermProjectRead), tag: "plans", summary: "A project's plan for a year, with its baseline and changes", out: stride.AnnualPlan{}, h: s.getPlan},
		{method: "PUT", path: "/api/v1/projects/{id}/plans/{year}", access: permitted, perms: perms(stride.PermPlanEdit), tag: "plans", summary: "Create or change a year's plan (a baselined plan needs a change reason)", in: stride.PlanInput{}, out: stride.AnnualPlan{}, h: s.savePlan},
		{method: "POST", path: "/api/v1/projects/{id}/plans/{year}/approve", access: permitted, perms: perms(stride.PermPlanApprove), tag: "plans", summary: "Approve and baseline a year's plan", in: versionIn{}, out: stride.AnnualPlan{}, h: s.approvePlan},

		{method: "GET", path: "/api/v1/projects/{id}/milestones", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "A project's promotion-plan nodes", out: stride.List[stride.Milestone]{}, h: s.listMilestones},
		{method: "POST", path: "/api/v1/projects/{id}/milestones", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Add a node", in: stride.MilestoneInput{}, out: stride.Milestone{}, h: s.createMilestone},
		{method: "POST", path: "/api/v1/projects/{id}/milestones/schedule", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Propose node dates back from a target date, in working days", in: scheduleIn{}, out: []scheduleOut{}, h: s.scheduleMilestones},
		{method: "PUT", path: "/api/v1/milestones/{id}", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Change a node (a baselined date needs a change reason)", in: stride.MilestoneInput{}, out: stride.Milestone{}, h: s.updateMilestone},
		{method: "DELETE", path: "/api/v1/milestones/{id}", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Remove a node", h: s.deleteMilestone},
		{method: "POST", path: "/api/v1/milestones/{id}/verify", access: permitted, perms: perms(stride.PermMilestoneVerify), tag: "milestones", summary: "Verify a node's actual date", in: versionIn{}, out: stride.Milestone{}, h: s.verifyMilestone},
		{method: "GET", path: "/api/v1/milestone-templates", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "The standard node library of a category", out: stride.List[stride.MilestoneTemplate]{}, h: s.milestoneTemplates},
		{method: "PUT", path: "/api/v1/milestone-templates/{category}", access: permitted, perms: perms(stride.PermFieldManage), tag: "milestones", summary: "Replace the node library of a category", in: templatesIn{}, h: s.saveMilestoneTemplates},

		{method: "GET", path: "/api/v1/reports", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "Monthly reports of projects in scope", out: stride.List[stride.MonthlyReport]{}, h: s.listReports},
		{method: "GET", path: "/api/v1/reports/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "One monthly report with its photos", out: stride.MonthlyReport{}, h: s.getReport},
		{method: "POST", path: "/api/v1/projects/{id}/reports", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Submit a month's report, or a correction of an approved one", in: stride.ReportInput{}, out: stride.MonthlyReport{}, h: s.submitReport},
		{method: "PUT", path: "/api/v1/reports/{id}", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Change a report awaiting review or returned, and resubmit it", in: stride.ReportInput{}, out: stride.MonthlyReport{}, h: s.updateReport},
		{method: "POST", path: "/api/v1/reports/{id}/approve", access: permitted, perms: perms(stride.PermReportReview), tag: "reports", summary: "Approve a report: its figures lock and count", in: reviewIn{}, out: stride.MonthlyReport{}, h: s.approveReport},
		{method: "POST", path: "/api/v1/reports/{id}/return", access: permitted, perms: perms(stride.PermReportReview), tag: "reports", summary: "Return a report with a reason", in: reviewIn{}, out: stride.MonthlyReport{}, h: s.returnReport},
		{method: "POST", path: "/api/v1/reports/{id}/photos", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Attach a photo (multipart field file: JPEG, PNG or WebP)", out: stride.Photo{}, h: s.uploadPhoto},
		{method: "GET", path: "/api/v1/photos/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "A photo", h: s.getPhoto},
		{method: "GET", path: "/api/v1/photos/{id}/thumb", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "A photo's thumbnail", h: s.getPhotoThumb},

		{method: "GET", path: "/api/v1/dashboard", access: permitted, perms: perms(stride.PermDashboard), tag: "dashboard", summary: "The year's figures over the projects in scope", out: stride.Dashboard{}, h: s.dashboard},
		{method: "GET", path: "/api/v1/campaigns", access: permitted, perms: perms(stride.PermCampaignRead), tag: "campaigns", summary: "Campaigns with live tallies", out: stride.List[stride.Campaign]{}, h: s.listCampaigns},
		{method: "POST", path: "/api/v1/campaigns", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Create a campaign", in: stride.CampaignInput{}, out: stride.Campaign{}, h: s.createCampaign},
		{method: "GET", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignRead), tag: "campaigns", summary: "One campaign with its tally", out: stride.Campaign{}, h: s.getCampaign},
		{method: "PUT", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Change a campaign", in: stride.CampaignInput{}, out: stride.Campaign{}, h: s.updateCampaign},
		{method: "DELETE", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Delete a campaign", h: s.deleteCampaign},
		{method: "GET", path: "/api/v1/light-settings", access: permitted, perms: perms(stride.PermSettingRead, stride.PermDashboard), tag: "settings", summary: "Light thresholds", out: stride.LightSettings{}, h: s.getLightSettings},
		{method: "PUT", path: "/api/v1/light-settings", access: permitted, perms: perms(stride.PermSettingUpdate), tag: "settings", summary: "Change light thresholds and recompute every light", in: stride.LightSettings{}, out: stride.LightSettings{}, h: s.updateLightSettings},

		{method: "GET", path: "/api/v1/messages", access: signedIn, tag: "messages", summary: "The caller's to-dos and notices (state=done for finished ones)", out: stride.List[stride.Message]{}, h: s.listMessages},
		{method: "POST", path: "/api/v1/messages/{id}/done", access: signedIn, tag: "messages", summary: "Mark a message done", h: s.doneMessage},
	}
}

// noContent answers 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
