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
	// xlsx: the list also answers format=xlsx (and columns=) with a workbook of every row
	// it selects (answerList); the OpenAPI document says so.
	xlsx bool
	h    handlerFunc
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

		{method: "GET", path: "/api/v1/units", access: permitted, perms: perms(stride.PermUnitRead, stride.PermUserRead, stride.PermGrant, stride.PermRoleRead, stride.PermProjectCreate, stride.PermProjectUpdate), tag: "units", summary: "All units, flat, in tree order (also for pickers)", out: stride.List[U]{}, xlsx: true, h: s.listUnits},
		{method: "POST", path: "/api/v1/units", access: permitted, perms: perms(stride.PermUnitCreate), tag: "units", summary: "Create a unit", in: stride.UnitInput{}, out: U{}, h: s.createUnit},
		{method: "GET", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitRead), tag: "units", summary: "One unit", out: U{}, h: s.getUnit},
		{method: "PUT", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitUpdate), tag: "units", summary: "Update a unit (send its version)", in: stride.UnitInput{}, out: U{}, h: s.updateUnit},
		{method: "DELETE", path: "/api/v1/units/{id}", access: permitted, perms: perms(stride.PermUnitDelete), tag: "units", summary: "Delete a unit without sub-units, users or projects", h: s.deleteUnit},

		{method: "GET", path: "/api/v1/users", access: permitted, perms: perms(stride.PermUserRead, stride.PermGrant), tag: "users", summary: "Users, paged and filtered", out: stride.List[Us]{}, xlsx: true, h: s.listUsers},
		{method: "POST", path: "/api/v1/users", access: permitted, perms: perms(stride.PermUserCreate), tag: "users", summary: "Create a user with an initial password", in: stride.UserInput{}, out: Us{}, h: s.createUser},
		{method: "GET", path: "/api/v1/users/{id}", access: permitted, perms: perms(stride.PermUserRead, stride.PermGrant), tag: "users", summary: "One user", out: Us{}, h: s.getUser},
		{method: "PUT", path: "/api/v1/users/{id}", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Update a user's profile (send its version)", in: stride.UserInput{}, out: Us{}, h: s.updateUser},
		{method: "POST", path: "/api/v1/users/{id}/disable", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Disable an account and end its sessions", out: Us{}, h: s.disableUser},
		{method: "POST", path: "/api/v1/users/{id}/enable", access: permitted, perms: perms(stride.PermUserUpdate), tag: "users", summary: "Enable an account", out: Us{}, h: s.enableUser},
		{method: "POST", path: "/api/v1/users/{id}/password", access: permitted, perms: perms(stride.PermUserResetPwd), tag: "users", summary: "Reset a password; the user must change it at next sign-in", in: resetIn{}, h: s.resetPassword},
		{method: "POST", path: "/api/v1/users/{id}/unlock", access: permitted, perms: perms(stride.PermUserUnlock), tag: "users", summary: "Clear a lockout", out: Us{}, h: s.unlockUser},
		{method: "PUT", path: "/api/v1/users/{id}/roles", access: permitted, perms: perms(stride.PermGrant), tag: "users", summary: "Replace a user's roles (three-administrator separation enforced)", in: stride.GrantInput{}, out: Us{}, h: s.grantRoles},

		{method: "GET", path: "/api/v1/roles", access: permitted, perms: perms(stride.PermRoleRead, stride.PermGrant), tag: "roles", summary: "All roles", out: stride.List[R]{}, xlsx: true, h: s.listRoles},
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

		{method: "GET", path: "/api/v1/audit-logs", access: permitted, perms: perms(stride.PermAuditRead), tag: "audit", summary: "The audit log, newest first", out: stride.List[stride.AuditEntry]{}, xlsx: true, h: s.listAudit},
		{method: "GET", path: "/api/v1/login-logs", access: permitted, perms: perms(stride.PermLoginRead), tag: "audit", summary: "The login log, newest first", out: stride.List[stride.LoginEntry]{}, xlsx: true, h: s.listLogins},

		{method: "GET", path: "/api/v1/projects", access: permitted, perms: perms(stride.PermProjectRead), tag: "projects", summary: "Projects in the caller's scope, paged and filtered", out: stride.List[P]{}, h: s.listProjects},
		{method: "POST", path: "/api/v1/projects", access: permitted, perms: perms(stride.PermProjectCreate), tag: "projects", summary: "Create a project", in: stride.ProjectInput{}, out: P{}, h: s.createProject},
		{method: "GET", path: "/api/v1/projects/export", access: permitted, perms: perms(stride.PermProjectRead), tag: "imports", summary: "The standard ledger (.xlsx) of the projects the list's filters select; group_by=nature, category or unit", h: s.exportProjects},
		{method: "GET", path: "/api/v1/imports/template", access: permitted, perms: perms(stride.PermProjectCreate), tag: "imports", summary: "The ledger import template (.xlsx)", h: s.importTemplate},
		{method: "POST", path: "/api/v1/imports/preview", access: permitted, perms: perms(stride.PermProjectCreate), tag: "imports", summary: "Upload a ledger (multipart: file, optional sheet, year, mapping JSON) and preview its import; writes nothing", out: importPreview{}, h: s.previewImport},
		{method: "POST", path: "/api/v1/imports/{token}/preview", access: permitted, perms: perms(stride.PermProjectCreate), tag: "imports", summary: "Preview a kept upload again with a corrected mapping, sheet or year", in: importOptions{}, out: importPreview{}, h: s.reviewImport},
		{method: "POST", path: "/api/v1/imports/{token}/commit", access: permitted, perms: perms(stride.PermProjectCreate), tag: "imports", summary: "Import a kept upload with the confirmed options, all or nothing", in: importOptions{}, out: stride.ImportResult{}, h: s.commitImport},
		{method: "GET", path: "/api/v1/imports/{token}/errors", access: permitted, perms: perms(stride.PermProjectCreate), tag: "imports", summary: "The upload with every problem marked (.xlsx)", h: s.importErrors},
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

		{method: "GET", path: "/api/v1/projects/{id}/milestones", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "A project's promotion-plan nodes", out: stride.List[stride.Milestone]{}, xlsx: true, h: s.listMilestones},
		{method: "POST", path: "/api/v1/projects/{id}/milestones", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Add a node", in: stride.MilestoneInput{}, out: stride.Milestone{}, h: s.createMilestone},
		{method: "POST", path: "/api/v1/projects/{id}/milestones/schedule", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Propose node dates back from a target date, in working days", in: scheduleIn{}, out: []scheduleOut{}, h: s.scheduleMilestones},
		{method: "PUT", path: "/api/v1/milestones/{id}", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Change a node (a baselined date needs a change reason)", in: stride.MilestoneInput{}, out: stride.Milestone{}, h: s.updateMilestone},
		{method: "DELETE", path: "/api/v1/milestones/{id}", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Remove a node", h: s.deleteMilestone},
		{method: "POST", path: "/api/v1/milestones/{id}/photos", access: permitted, perms: perms(stride.PermMilestoneEdit), tag: "milestones", summary: "Attach an evidence photo to a node (multipart field file)", out: stride.Photo{}, h: s.uploadMilestonePhoto},
		{method: "GET", path: "/api/v1/milestone-photos/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "A node's evidence photo", h: s.getMilestonePhoto},
		{method: "GET", path: "/api/v1/milestone-photos/{id}/thumb", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "A node's evidence photo thumbnail", h: s.getMilestonePhotoThumb},
		{method: "POST", path: "/api/v1/milestones/{id}/verify", access: permitted, perms: perms(stride.PermMilestoneVerify), tag: "milestones", summary: "Verify a node's actual date", in: versionIn{}, out: stride.Milestone{}, h: s.verifyMilestone},
		{method: "GET", path: "/api/v1/milestone-templates", access: permitted, perms: perms(stride.PermProjectRead), tag: "milestones", summary: "The standard node library of a category", out: stride.List[stride.MilestoneTemplate]{}, h: s.milestoneTemplates},
		{method: "PUT", path: "/api/v1/milestone-templates/{category}", access: permitted, perms: perms(stride.PermFieldManage), tag: "milestones", summary: "Replace the node library of a category", in: templatesIn{}, h: s.saveMilestoneTemplates},

		{method: "GET", path: "/api/v1/reports", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "Monthly reports of projects in scope", out: stride.List[stride.MonthlyReport]{}, xlsx: true, h: s.listReports},
		{method: "GET", path: "/api/v1/reports/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "One monthly report with its photos", out: stride.MonthlyReport{}, h: s.getReport},
		{method: "POST", path: "/api/v1/projects/{id}/reports", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Submit a month's report, or a correction of an approved one", in: stride.ReportInput{}, out: stride.MonthlyReport{}, h: s.submitReport},
		{method: "PUT", path: "/api/v1/reports/{id}", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Change a report awaiting review or returned, and resubmit it", in: stride.ReportInput{}, out: stride.MonthlyReport{}, h: s.updateReport},
		{method: "POST", path: "/api/v1/reports/{id}/approve", access: permitted, perms: perms(stride.PermReportReview), tag: "reports", summary: "Approve a report: its figures lock and count", in: reviewIn{}, out: stride.MonthlyReport{}, h: s.approveReport},
		{method: "POST", path: "/api/v1/reports/{id}/return", access: permitted, perms: perms(stride.PermReportReview), tag: "reports", summary: "Return a report with a reason", in: reviewIn{}, out: stride.MonthlyReport{}, h: s.returnReport},
		{method: "POST", path: "/api/v1/reports/{id}/photos", access: permitted, perms: perms(stride.PermReportSubmit), tag: "reports", summary: "Attach a photo (multipart field file: JPEG, PNG or WebP)", out: stride.Photo{}, h: s.uploadPhoto},
		{method: "GET", path: "/api/v1/photos/{id}", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "A photo", h: s.getPhoto},
		{method: "GET", path: "/api/v1/photos/{id}/thumb", access: permitted, perms: perms(stride.PermProjectRead), tag: "reports", summary: "A photo's thumbnail", h: s.getPhotoThumb},

		{method: "GET", path: "/api/v1/dashboard", access: permitted, perms: perms(stride.PermDashboard), tag: "dashboard", summary: "The year's figures over the projects in scope", out: stride.Dashboard{}, h: s.dashboard},
		{method: "GET", path: "/api/v1/campaigns", access: permitted, perms: perms(stride.PermCampaignRead), tag: "campaigns", summary: "Campaigns with live tallies", out: stride.List[stride.Campaign]{}, xlsx: true, h: s.listCampaigns},
		{method: "POST", path: "/api/v1/campaigns", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Create a campaign", in: stride.CampaignInput{}, out: stride.Campaign{}, h: s.createCampaign},
		{method: "GET", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignRead), tag: "campaigns", summary: "One campaign with its tally", out: stride.Campaign{}, h: s.getCampaign},
		{method: "PUT", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Change a campaign", in: stride.CampaignInput{}, out: stride.Campaign{}, h: s.updateCampaign},
		{method: "DELETE", path: "/api/v1/campaigns/{id}", access: permitted, perms: perms(stride.PermCampaignEdit), tag: "campaigns", summary: "Delete a campaign", h: s.deleteCampaign},
		{method: "GET", path: "/api/v1/light-settings", access: permitted, perms: perms(stride.PermSettingRead, stride.PermDashboard), tag: "settings", summary: "Light thresholds", out: stride.LightSettings{}, h: s.getLightSettings},
		{method: "PUT", path: "/api/v1/light-settings", access: permitted, perms: perms(stride.PermSettingUpdate), tag: "settings", summary: "Change light thresholds and recompute every light", in: stride.LightSettings{}, out: stride.LightSettings{}, h: s.updateLightSettings},

		// 一周一督查一通报: checklists, inspections, visits, findings, rectification orders,
		// weekly bulletins and the cockpit.
		{method: "GET", path: "/api/v1/inspection-templates", access: permitted, perms: perms(stride.PermInspectionRead, stride.PermInspectionEdit), tag: "inspections", summary: "Checklist templates", out: stride.List[stride.InspectionTemplate]{}, h: s.listInspectionTemplates},
		{method: "POST", path: "/api/v1/inspection-templates", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Create a checklist template", in: stride.InspectionTemplateInput{}, out: stride.InspectionTemplate{}, h: s.createInspectionTemplate},
		{method: "PUT", path: "/api/v1/inspection-templates/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Change a checklist template (recorded visits keep their copy)", in: stride.InspectionTemplateInput{}, out: stride.InspectionTemplate{}, h: s.updateInspectionTemplate},
		{method: "DELETE", path: "/api/v1/inspection-templates/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Remove a checklist template", h: s.deleteInspectionTemplate},
		{method: "GET", path: "/api/v1/inspections", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "Weekly inspection plans in scope (week=2025-W14, status)", out: stride.List[stride.Inspection]{}, xlsx: true, h: s.listInspections},
		{method: "POST", path: "/api/v1/inspections", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Plan a week's inspection: projects, units, team, date", in: stride.InspectionInput{}, out: stride.Inspection{}, h: s.createInspection},
		{method: "GET", path: "/api/v1/inspections/{id}", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "An inspection with its visits, photos, findings and orders", out: stride.Inspection{}, h: s.getInspection},
		{method: "PUT", path: "/api/v1/inspections/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Change an inspection plan (send its version)", in: stride.InspectionInput{}, out: stride.Inspection{}, h: s.updateInspection},
		{method: "DELETE", path: "/api/v1/inspections/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Remove an inspection plan without visits", h: s.deleteInspection},
		{method: "POST", path: "/api/v1/inspections/{id}/visits", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Record a site visit with its checklist (from a template when none is given)", in: stride.VisitInput{}, out: stride.InspectionVisit{}, h: s.createVisit},
		{method: "GET", path: "/api/v1/visits/{id}", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "One visit", out: stride.InspectionVisit{}, h: s.getVisit},
		{method: "PUT", path: "/api/v1/visits/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Change a visit's checklist answers (send its version)", in: stride.VisitInput{}, out: stride.InspectionVisit{}, h: s.updateVisit},
		{method: "POST", path: "/api/v1/visits/{id}/photos", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Attach a site photo (multipart field file: JPEG, PNG or WebP)", out: stride.Photo{}, h: s.uploadVisitPhoto},
		{method: "POST", path: "/api/v1/visits/{id}/findings", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Record a finding of a visit", in: stride.FindingInput{}, out: stride.InspectionFinding{}, h: s.createFinding},
		{method: "PUT", path: "/api/v1/findings/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Change a finding without an order", in: stride.FindingInput{}, out: stride.InspectionFinding{}, h: s.updateFinding},
		{method: "DELETE", path: "/api/v1/findings/{id}", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Remove a finding without an order", h: s.deleteFinding},
		{method: "POST", path: "/api/v1/findings/{id}/order", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Issue a rectification order (督办单) for a finding, due in working days", in: stride.OrderInput{}, out: stride.Order{}, h: s.issueOrder},
		{method: "GET", path: "/api/v1/inspection-photos/{id}", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "A site or evidence photo", h: s.getInspectionPhoto},
		{method: "GET", path: "/api/v1/inspection-photos/{id}/thumb", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "A site or evidence photo's thumbnail", h: s.getInspectionPhotoThumb},
		{method: "GET", path: "/api/v1/orders", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "Rectification orders in scope, nearest due first (status, unit_id, project_id, overdue=true)", out: stride.List[stride.Order]{}, xlsx: true, h: s.listOrders},
		{method: "GET", path: "/api/v1/orders/{id}", access: permitted, perms: perms(stride.PermInspectionRead), tag: "inspections", summary: "One rectification order with its evidence", out: stride.Order{}, h: s.getOrder},
		{method: "POST", path: "/api/v1/orders/{id}/feedback", access: permitted, perms: perms(stride.PermOrderFeedback), tag: "inspections", summary: "The target unit answers an order", in: stride.OrderFeedback{}, out: stride.Order{}, h: s.answerOrder},
		{method: "POST", path: "/api/v1/orders/{id}/evidence", access: permitted, perms: perms(stride.PermOrderFeedback), tag: "inspections", summary: "Attach an evidence photo to an order (multipart field file)", out: stride.Photo{}, h: s.uploadOrderEvidence},
		{method: "POST", path: "/api/v1/orders/{id}/close", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Close an order: done (办结), overdue (逾期) or interview (约谈)", in: stride.OrderClose{}, out: stride.Order{}, h: s.closeOrder},
		{method: "POST", path: "/api/v1/orders/{id}/return", access: permitted, perms: perms(stride.PermInspectionEdit), tag: "inspections", summary: "Send an answered order back with the reason (note)", in: stride.OrderClose{}, out: stride.Order{}, h: s.returnOrder},
		{method: "GET", path: "/api/v1/bulletins", access: permitted, perms: perms(stride.PermBulletinRead, stride.PermBulletinEdit), tag: "bulletins", summary: "Weekly bulletins the caller may see (drafts for editors), newest first", out: stride.List[stride.Bulletin]{}, xlsx: true, h: s.listBulletins},
		{method: "POST", path: "/api/v1/bulletins", access: permitted, perms: perms(stride.PermBulletinEdit), tag: "bulletins", summary: "Draft the bulletin of an ISO week ({\"week\":\"2025-W14\"}), or regenerate its draft", in: draftIn{}, out: stride.Bulletin{}, h: s.draftBulletin},
		{method: "GET", path: "/api/v1/bulletins/{id}", access: permitted, perms: perms(stride.PermBulletinRead, stride.PermBulletinEdit), tag: "bulletins", summary: "One bulletin with its content and the download formats offered", out: stride.Bulletin{}, h: s.getBulletin},
		{method: "PUT", path: "/api/v1/bulletins/{id}", access: permitted, perms: perms(stride.PermBulletinEdit), tag: "bulletins", summary: "Edit a draft's title, issuer, date, requirements and commendations (send its version)", in: stride.BulletinInput{}, out: stride.Bulletin{}, h: s.updateBulletin},
		{method: "POST", path: "/api/v1/bulletins/{id}/publish", access: permitted, perms: perms(stride.PermBulletinPublish), tag: "bulletins", summary: "Publish a draft under its year's next number; it never changes afterwards", in: versionIn{}, out: stride.Bulletin{}, h: s.publishBulletin},
		{method: "POST", path: "/api/v1/bulletins/{id}/correct", access: permitted, perms: perms(stride.PermBulletinPublish), tag: "bulletins", summary: "Start a correction of a published bulletin: a new draft revision with the same number", in: correctIn{}, out: stride.Bulletin{}, h: s.correctBulletin},
		{method: "GET", path: "/api/v1/bulletins/{id}/figures", access: permitted, perms: perms(stride.PermBulletinRead, stride.PermBulletinEdit), tag: "bulletins", summary: "The projects behind one figure (figure=red, ledger, unit:3 …), as the bulletin saw them, in the caller's scope", out: stride.List[stride.FigureRow]{}, h: s.bulletinFigure},
		{method: "GET", path: "/api/v1/bulletins/{id}/export", access: permitted, perms: perms(stride.PermBulletinRead, stride.PermBulletinEdit), tag: "bulletins", summary: "Download as format=docx (official layout), xlsx (detail ledger) or pdf (where LibreOffice is installed)", h: s.exportBulletin},
		{method: "GET", path: "/api/v1/bulletin-settings", access: permitted, perms: perms(stride.PermSettingRead, stride.PermBulletinEdit), tag: "bulletins", summary: "The bulletin's schedule, week cut-off and layout", out: stride.BulletinSettings{}, h: s.getBulletinSettings},
		{method: "PUT", path: "/api/v1/bulletin-settings", access: permitted, perms: perms(stride.PermSettingUpdate), tag: "bulletins", summary: "Change the bulletin's schedule, week cut-off and layout (send the version)", in: stride.BulletinSettings{}, out: stride.BulletinSettings{}, h: s.updateBulletinSettings},
		{method: "GET", path: "/api/v1/cockpit", access: permitted, perms: perms(stride.PermDashboard), tag: "dashboard", summary: "The leaders' big screen: headline figures, trend, ranking, lights, red list, campaigns, this week's findings", out: stride.Cockpit{}, h: s.cockpit},

		// Working days, approvals and agency service, land files, blockages (issue 4).
		{method: "GET", path: "/api/v1/calendar/add", access: signedIn, tag: "calendar", summary: "date (or at, an RFC 3339 time counted from the day it is received) plus days working days", out: calendarAddOut{}, h: s.calendarAdd},
		{method: "GET", path: "/api/v1/calendar/between", access: signedIn, tag: "calendar", summary: "Working days after from up to and including to", out: calendarBetweenOut{}, h: s.calendarBetween},
		{method: "GET", path: "/api/v1/calendar/day", access: signedIn, tag: "calendar", summary: "Whether a date is worked, and why", out: calendarDayOut{}, h: s.calendarDay},
		{method: "GET", path: "/api/v1/calendar/years", access: signedIn, tag: "calendar", summary: "The confirmed years of the working-day calendar", out: stride.List[stride.CalendarYear]{}, h: s.calendarYears},
		{method: "GET", path: "/api/v1/calendar/years/{year}", access: signedIn, tag: "calendar", summary: "A year's holidays and make-up workdays, built in and added", out: stride.List[stride.CalendarEntry]{}, h: s.calendarYearEntries},
		{method: "PUT", path: "/api/v1/calendar/years/{year}", access: permitted, perms: perms(stride.PermCalendarEdit), tag: "calendar", summary: "Replace a year's added entries with a whole notice", in: stride.CalendarYearInput{}, out: stride.List[stride.CalendarEntry]{}, h: s.replaceCalendarYear},
		{method: "POST", path: "/api/v1/calendar/entries", access: permitted, perms: perms(stride.PermCalendarEdit), tag: "calendar", summary: "Add a holiday or make-up workday, or override a built-in one", in: stride.CalendarEntryInput{}, out: stride.CalendarEntry{}, h: s.addCalendarEntry},
		{method: "DELETE", path: "/api/v1/calendar/entries/{id}", access: permitted, perms: perms(stride.PermCalendarEdit), tag: "calendar", summary: "Remove an added entry", h: s.deleteCalendarEntry},
		{method: "GET", path: "/api/v1/approval-settings", access: permitted, perms: perms(stride.PermSettingRead, stride.PermApprovalRead, stride.PermCaseRead, stride.PermLandRead, stride.PermBlockageRead), tag: "settings", summary: "Clock thresholds: near due, office hours, blockage limits, escalation, first-times", out: stride.ApprovalSettings{}, h: s.getApprovalSettings},
		{method: "PUT", path: "/api/v1/approval-settings", access: permitted, perms: perms(stride.PermSettingUpdate), tag: "settings", summary: "Change the clock thresholds (send the version)", in: stride.ApprovalSettings{}, out: stride.ApprovalSettings{}, h: s.updateApprovalSettings},

		{method: "GET", path: "/api/v1/approval-catalog", access: permitted, perms: perms(stride.PermApprovalRead, stride.PermCatalogEdit), tag: "approvals", summary: "The catalogue of standard approval items of the four stages", out: stride.List[stride.CatalogItem]{}, xlsx: true, h: s.listCatalog},
		{method: "POST", path: "/api/v1/approval-catalog", access: permitted, perms: perms(stride.PermCatalogEdit), tag: "approvals", summary: "Add a catalogue item", in: stride.CatalogInput{}, out: stride.CatalogItem{}, h: s.createCatalogItem},
		{method: "PUT", path: "/api/v1/approval-catalog/{id}", access: permitted, perms: perms(stride.PermCatalogEdit), tag: "approvals", summary: "Change a catalogue item (send its version)", in: stride.CatalogInput{}, out: stride.CatalogItem{}, h: s.updateCatalogItem},
		{method: "GET", path: "/api/v1/approval-items", access: permitted, perms: perms(stride.PermApprovalRead), tag: "approvals", summary: "Approval items in the caller's reach with their clocks, paged and filtered", out: stride.List[stride.ApprovalItem]{}, xlsx: true, h: s.listApprovalItems},
		{method: "GET", path: "/api/v1/approval-items/{id}", access: permitted, perms: perms(stride.PermApprovalRead), tag: "approvals", summary: "One approval item with its clock and history", out: stride.ApprovalItem{}, h: s.getApprovalItem},
		{method: "PUT", path: "/api/v1/approval-items/{id}", access: permitted, perms: perms(stride.PermApprovalEdit), tag: "approvals", summary: "Change an item's unit, limits, prerequisites or case (send its version)", in: stride.ApprovalItemInput{}, out: stride.ApprovalItem{}, h: s.updateApprovalItem},
		{method: "DELETE", path: "/api/v1/approval-items/{id}", access: permitted, perms: perms(stride.PermApprovalEdit), tag: "approvals", summary: "Remove an item not yet filed", h: s.deleteApprovalItem},
		{method: "POST", path: "/api/v1/approval-items/{id}/apply", access: permitted, perms: perms(stride.PermApprovalApply), tag: "approvals", summary: "The applicant's move: to preparing or received (send the version)", in: stride.TransitionInput{}, out: stride.ApprovalItem{}, h: s.applyApprovalItem},
		{method: "POST", path: "/api/v1/approval-items/{id}/handle", access: permitted, perms: perms(stride.PermApprovalHandle), tag: "approvals", summary: "The handling unit's move: accept, 补正, review, approve or refuse (send the version)", in: stride.TransitionInput{}, out: stride.ApprovalItem{}, h: s.handleApprovalItem},
		{method: "POST", path: "/api/v1/projects/{id}/approval-items", access: permitted, perms: perms(stride.PermApprovalEdit), tag: "approvals", summary: "Add an item to a project's approval path", in: stride.ApprovalItemInput{}, out: stride.ApprovalItem{}, h: s.createApprovalItem},
		{method: "POST", path: "/api/v1/projects/{id}/approval-path", access: permitted, perms: perms(stride.PermApprovalEdit), tag: "approvals", summary: "Build a project's approval path from the catalogue (include, exclude)", in: stride.PathInput{}, out: stride.List[stride.ApprovalItem]{}, h: s.buildApprovalPath},
		{method: "GET", path: "/api/v1/projects/{id}/approval-schedule", access: permitted, perms: perms(stride.PermApprovalRead), tag: "approvals", summary: "Back-schedule, critical path and timeline of a project's approvals (start, end)", out: stride.Schedule{}, h: s.approvalSchedule},

		{method: "GET", path: "/api/v1/agency-cases", access: permitted, perms: perms(stride.PermCaseRead), tag: "agency", summary: "Agency cases (帮办代办) in the caller's reach, paged and filtered", out: stride.List[stride.AgencyCase]{}, xlsx: true, h: s.listCases},
		{method: "POST", path: "/api/v1/agency-cases", access: permitted, perms: perms(stride.PermCaseEdit), tag: "agency", summary: "Open a case for a project's enterprise", in: stride.CaseInput{}, out: stride.AgencyCase{}, h: s.createCase},
		{method: "GET", path: "/api/v1/agency-cases/workload", access: permitted, perms: perms(stride.PermCaseRead), tag: "agency", summary: "Each agent's cases, items near due and overdue, and scores", out: stride.List[stride.AgentLoad]{}, h: s.agentWorkload},
		{method: "GET", path: "/api/v1/agency-cases/{id}", access: permitted, perms: perms(stride.PermCaseRead), tag: "agency", summary: "One case with its items, history and attachments", out: stride.AgencyCase{}, h: s.getCase},
		{method: "PUT", path: "/api/v1/agency-cases/{id}", access: permitted, perms: perms(stride.PermCaseEdit), tag: "agency", summary: "Change a case's mode, agent, plan or items (send its version)", in: stride.CaseInput{}, out: stride.AgencyCase{}, h: s.updateCase},
		{method: "POST", path: "/api/v1/agency-cases/{id}/advance", access: permitted, perms: perms(stride.PermCaseEdit), tag: "agency", summary: "Move a case to its next stage, or record an urging (send its version)", in: stride.CaseAdvanceInput{}, out: stride.AgencyCase{}, h: s.advanceCase},
		{method: "POST", path: "/api/v1/agency-cases/{id}/evaluate", access: permitted, perms: perms(stride.PermCaseEvaluate), tag: "agency", summary: "The enterprise's satisfaction score and comment (send its version)", in: stride.EvaluationInput{}, out: stride.AgencyCase{}, h: s.evaluateCase},
		{method: "POST", path: "/api/v1/agency-cases/{id}/attachments", access: permitted, perms: perms(stride.PermCaseEdit), tag: "agency", summary: "Attach a file (multipart: file, kind=authorization for the signed authorisation)", out: stride.Attachment{}, h: s.attachToCase},

		{method: "GET", path: "/api/v1/land-files", access: permitted, perms: perms(stride.PermLandRead), tag: "land", summary: "Land-approval files in the caller's reach with their first-times, paged and filtered", out: stride.List[stride.LandFile]{}, xlsx: true, h: s.listLandFiles},
		{method: "POST", path: "/api/v1/land-files", access: permitted, perms: perms(stride.PermLandCreate), tag: "land", summary: "Open a land-approval file for a parcel", in: stride.LandFileInput{}, out: stride.LandFile{}, h: s.createLandFile},
		{method: "GET", path: "/api/v1/land-files/compliance", access: permitted, perms: perms(stride.PermLandRead), tag: "land", summary: "The four first-times compliance by unit and month (from, to, unit_id)", out: stride.Compliance{}, h: s.landCompliance},
		{method: "GET", path: "/api/v1/land-files/{id}", access: permitted, perms: perms(stride.PermLandRead), tag: "land", summary: "One land-approval file", out: stride.LandFile{}, h: s.getLandFile},
		{method: "PUT", path: "/api/v1/land-files/{id}", access: permitted, perms: perms(stride.PermLandUpdate), tag: "land", summary: "Change a file's parcel, area, use, unit or note (send its version)", in: stride.LandFileInput{}, out: stride.LandFile{}, h: s.updateLandFile},
		{method: "POST", path: "/api/v1/land-files/{id}/steps", access: permitted, perms: perms(stride.PermLandUpdate), tag: "land", summary: "Record the step the file waits for (send its version)", in: stride.LandStepInput{}, out: stride.LandFile{}, h: s.recordLandStep},

		{method: "GET", path: "/api/v1/blockages", access: permitted, perms: perms(stride.PermBlockageRead), tag: "blockages", summary: "Blockages in the caller's reach with clocks, turn and level, paged and filtered", out: stride.List[stride.Blockage]{}, xlsx: true, h: s.listBlockages},
		{method: "POST", path: "/api/v1/blockages", access: permitted, perms: perms(stride.PermBlockageCreate), tag: "blockages", summary: "Raise a blockage on a project", in: stride.BlockageInput{}, out: stride.Blockage{}, h: s.createBlockage},
		{method: "GET", path: "/api/v1/blockages/stats", access: permitted, perms: perms(stride.PermBlockageRead), tag: "blockages", summary: "Blockages by unit and category: open, overdue, average working days to resolve, resolution rate (from, to)", out: stride.BlockageStats{}, h: s.blockageStats},
		{method: "GET", path: "/api/v1/blockages/{id}", access: permitted, perms: perms(stride.PermBlockageRead), tag: "blockages", summary: "One blockage with its timeline, escalations and attachments", out: stride.Blockage{}, h: s.getBlockage},
		{method: "PUT", path: "/api/v1/blockages/{id}", access: permitted, perms: perms(stride.PermBlockageCreate), tag: "blockages", summary: "The raiser corrects a blockage not yet accepted (send its version)", in: stride.BlockageInput{}, out: stride.Blockage{}, h: s.updateBlockage},
		{method: "POST", path: "/api/v1/blockages/{id}/assign", access: permitted, perms: perms(stride.PermBlockageAssign), tag: "blockages", summary: "HQ assigns the owner unit; the clocks start", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActAssign)},
		{method: "POST", path: "/api/v1/blockages/{id}/accept", access: permitted, perms: perms(stride.PermBlockageHandle), tag: "blockages", summary: "The owner unit accepts (受理)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActAccept)},
		{method: "POST", path: "/api/v1/blockages/{id}/progress", access: permitted, perms: perms(stride.PermBlockageHandle), tag: "blockages", summary: "The owner unit reports progress (办理中)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActProgress)},
		{method: "POST", path: "/api/v1/blockages/{id}/reply", access: permitted, perms: perms(stride.PermBlockageHandle), tag: "blockages", summary: "The owner unit answers; the raiser's turn to confirm (待确认)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActReply)},
		{method: "POST", path: "/api/v1/blockages/{id}/return", access: permitted, perms: perms(stride.PermBlockageHandle, stride.PermBlockageAssign), tag: "blockages", summary: "Return a blockage with a reason (退回)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActReturn)},
		{method: "POST", path: "/api/v1/blockages/{id}/confirm", access: permitted, perms: perms(stride.PermBlockageCreate), tag: "blockages", summary: "The raiser confirms the answer (已解决)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActConfirm)},
		{method: "POST", path: "/api/v1/blockages/{id}/reopen", access: permitted, perms: perms(stride.PermBlockageCreate), tag: "blockages", summary: "The raiser reopens it with a reason", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActReopen)},
		{method: "POST", path: "/api/v1/blockages/{id}/resubmit", access: permitted, perms: perms(stride.PermBlockageCreate), tag: "blockages", summary: "The raiser sends a returned blockage again", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.blockageAction(stride.ActResubmit)},
		{method: "POST", path: "/api/v1/blockages/{id}/escalate", access: permitted, perms: perms(stride.PermBlockageAssign), tag: "blockages", summary: "Escalate by hand to a higher level (level 1-3)", in: stride.BlockageActionInput{}, out: stride.Blockage{}, h: s.escalateBlockage},
		{method: "POST", path: "/api/v1/blockages/{id}/comments", access: permitted, perms: perms(stride.PermBlockageCreate, stride.PermBlockageHandle, stride.PermBlockageAssign, stride.PermBlockageCoordinate), tag: "blockages", summary: "Comment on a blockage's timeline", in: stride.CommentInput{}, out: stride.BlockageEvent{}, h: s.commentBlockage(false)},
		{method: "POST", path: "/api/v1/blockages/{id}/instructions", access: permitted, perms: perms(stride.PermBlockageCoordinate), tag: "blockages", summary: "A leader's instruction (批示); the owner unit is told", in: stride.CommentInput{}, out: stride.BlockageEvent{}, h: s.commentBlockage(true)},
		{method: "POST", path: "/api/v1/blockages/{id}/attachments", access: permitted, perms: perms(stride.PermBlockageCreate, stride.PermBlockageHandle, stride.PermBlockageAssign), tag: "blockages", summary: "Attach a file (multipart: file)", out: stride.Attachment{}, h: s.attachToBlockage},
		{method: "GET", path: "/api/v1/attachments/{id}", access: permitted, perms: perms(stride.PermBlockageRead, stride.PermCaseRead), tag: "blockages", summary: "An attached file", h: s.getAttachment},

		{method: "GET", path: "/api/v1/messages", access: signedIn, tag: "messages", summary: "The caller's to-dos and notices (state=done for finished ones)", out: stride.List[stride.Message]{}, xlsx: true, h: s.listMessages},
		{method: "POST", path: "/api/v1/messages/{id}/done", access: signedIn, tag: "messages", summary: "Mark a message done", h: s.doneMessage},
	}
}

// noContent answers 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
