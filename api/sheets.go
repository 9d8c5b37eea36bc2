package api

import (
	"strconv"
	"strings"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/office"
)

// The export layout of every list: one column per column of the web table, with the
// table's column keys and labels (the xlsx.* messages mirror web/src/i18n), enums as their
// labels, money, counts, dates and times as typed cells.

const (
	text     = office.Text
	money    = office.Money
	integer  = office.Int
	percent  = office.Percent
	date     = office.Date
	dateTime = office.DateTime
)

// joined writes names with the list separator 、.
func joined(names []string) string { return strings.Join(names, "、") }

// wanText is a decimal amount in 万元 as the web shows it: 12,345.68; text that is not an
// amount stays as it is.
func wanText(s string) string {
	m, err := stride.ParseWan(s)
	if err != nil {
		return s
	}
	return stride.WanText(m)
}

func userSheet() *sheet[*stride.User] {
	type U = *stride.User
	return &sheet[U]{title: "xlsx.title.users", file: "users",
		cols: []column[U]{
			col("username", "xlsx.user.username", text, func(x *exportCtx, u U) any { return u.Username }),
			col("name", "xlsx.user.name", text, func(x *exportCtx, u U) any { return u.Name }),
			col("unit", "xlsx.user.unit", text, func(x *exportCtx, u U) any { return u.UnitName }),
			col("phone", "xlsx.user.phone", text, func(x *exportCtx, u U) any { return u.Phone }),
			col("email", "xlsx.user.email", text, func(x *exportCtx, u U) any { return u.Email }),
			col("roles", "xlsx.user.roles", text, func(x *exportCtx, u U) any {
				names := make([]string, len(u.Roles))
				for i, r := range u.Roles {
					names[i] = r.Name
				}
				return joined(names)
			}),
			col("status", "xlsx.user.status", text, func(x *exportCtx, u U) any {
				s := x.enum("xlsx.dict.userStatus.", string(u.Status))
				switch {
				case u.Locked:
					s += x.t("xlsx.note.list_sep") + x.t("xlsx.user.locked")
				case u.MustChangePassword:
					s += x.t("xlsx.note.list_sep") + x.t("xlsx.user.mustChange")
				}
				return s
			}),
			col("lastLogin", "xlsx.user.lastLogin", dateTime, func(x *exportCtx, u U) any { return u.LastLoginAt }),
			col("created", "xlsx.common.createdAt", dateTime, func(x *exportCtx, u U) any { return u.CreatedAt }),
		},
		filters: []filter{{"q", "xlsx.user.q", nil}, {"status", "xlsx.user.status", enumFilter("xlsx.dict.userStatus.")},
			{"unit_id", "xlsx.user.unit", unitFilter}, {"role_id", "xlsx.user.roles", roleFilter}},
	}
}

// unitSheet indents each unit under its parent when the whole tree is listed (tree is
// true), as the web table shows it.
func unitSheet(tree bool) *sheet[*stride.Unit] {
	type U = *stride.Unit
	return &sheet[U]{title: "xlsx.title.units", file: "units",
		cols: []column[U]{
			col("name", "xlsx.unit.name", text, func(x *exportCtx, u U) any {
				if depth := strings.Count(u.Path, "/") - 2; tree && depth > 0 {
					return strings.Repeat("　", depth) + u.Name
				}
				return u.Name
			}),
			col("kind", "xlsx.unit.kind", text, func(x *exportCtx, u U) any { return x.enum("xlsx.dict.unitKind.", string(u.Kind)) }),
			col("code", "xlsx.unit.code", text, func(x *exportCtx, u U) any { return u.Code }),
			col("contact", "xlsx.unit.contact", text, func(x *exportCtx, u U) any { return u.Contact }),
			col("phone", "xlsx.unit.phone", text, func(x *exportCtx, u U) any { return u.Phone }),
			col("sort", "xlsx.unit.sort", integer, func(x *exportCtx, u U) any { return u.Sort }),
			col("created", "xlsx.common.createdAt", dateTime, func(x *exportCtx, u U) any { return u.CreatedAt }),
		},
		filters: []filter{{"name", "xlsx.unit.name", nil}, {"kind", "xlsx.unit.kind", enumFilter("xlsx.dict.unitKind.")}},
	}
}

func roleSheet() *sheet[*stride.Role] {
	type R = *stride.Role
	return &sheet[R]{title: "xlsx.title.roles", file: "roles",
		cols: []column[R]{
			col("name", "xlsx.role.name", text, func(x *exportCtx, r R) any {
				if r.Builtin {
					return x.t("xlsx.subject", r.Name, x.t("xlsx.role.builtin"))
				}
				return r.Name
			}),
			col("code", "xlsx.role.code", text, func(x *exportCtx, r R) any { return r.Code }),
			col("scope", "xlsx.role.dataScope", text, func(x *exportCtx, r R) any {
				return x.enum("xlsx.dict.dataScope.", strconv.Itoa(int(r.DataScope)))
			}),
			col("admin", "xlsx.role.admin", text, func(x *exportCtx, r R) any { return x.enum("xlsx.dict.adminKind.", string(r.Admin)) }),
			col("users", "xlsx.role.userCount", integer, func(x *exportCtx, r R) any { return r.UserCount }),
			col("description", "xlsx.role.description", text, func(x *exportCtx, r R) any { return r.Description }),
		},
		filters: []filter{{"q", "xlsx.role.name", nil}},
	}
}

func auditSheet() *sheet[*stride.AuditEntry] {
	type A = *stride.AuditEntry
	return &sheet[A]{title: "xlsx.title.audit_logs", file: "audit-log",
		cols: []column[A]{
			col("at", "xlsx.audit.at", dateTime, func(x *exportCtx, a A) any { return a.At }),
			col("username", "xlsx.audit.username", text, func(x *exportCtx, a A) any { return a.Username }),
			col("unit", "xlsx.audit.unit", text, func(x *exportCtx, a A) any { return a.UnitName }),
			col("ip", "xlsx.audit.ip", text, func(x *exportCtx, a A) any { return a.IP }),
			col("action", "xlsx.audit.action", text, func(x *exportCtx, a A) any { return a.Action }),
			col("objectType", "xlsx.audit.objectType", text, func(x *exportCtx, a A) any { return a.ObjectType }),
			col("objectId", "xlsx.audit.objectId", text, func(x *exportCtx, a A) any { return a.ObjectID }),
			col("outcome", "xlsx.audit.outcome", text, func(x *exportCtx, a A) any { return x.enum("xlsx.dict.auditOutcome.", a.Outcome) }),
		},
		filters: []filter{{"from", "xlsx.common.startDate", nil}, {"to", "xlsx.common.endDate", nil}, {"username", "xlsx.audit.username", nil},
			{"action", "xlsx.audit.action", nil}, {"object_type", "xlsx.audit.objectType", nil}, {"outcome", "xlsx.audit.outcome", enumFilter("xlsx.dict.auditOutcome.")}},
	}
}

func loginSheet() *sheet[*stride.LoginEntry] {
	type L = *stride.LoginEntry
	return &sheet[L]{title: "xlsx.title.login_logs", file: "login-log",
		cols: []column[L]{
			col("at", "xlsx.loginLog.at", dateTime, func(x *exportCtx, l L) any { return l.At }),
			col("username", "xlsx.loginLog.username", text, func(x *exportCtx, l L) any { return l.Username }),
			col("ip", "xlsx.loginLog.ip", text, func(x *exportCtx, l L) any { return l.IP }),
			col("outcome", "xlsx.loginLog.outcome", text, func(x *exportCtx, l L) any { return x.enum("xlsx.dict.loginOutcome.", l.Outcome) }),
			col("message", "xlsx.loginLog.message", text, func(x *exportCtx, l L) any { return l.Message }),
			col("userAgent", "xlsx.loginLog.userAgent", text, func(x *exportCtx, l L) any { return l.UserAgent }),
		},
		filters: []filter{{"from", "xlsx.common.startDate", nil}, {"to", "xlsx.common.endDate", nil}, {"username", "xlsx.loginLog.username", nil},
			{"ip", "xlsx.loginLog.ip", nil}, {"outcome", "xlsx.loginLog.outcome", enumFilter("xlsx.dict.loginOutcome.")}},
	}
}

func reportSheet() *sheet[*stride.MonthlyReport] {
	type R = *stride.MonthlyReport
	return &sheet[R]{title: "xlsx.title.reports", file: "monthly-reports",
		cols: []column[R]{
			col("project", "xlsx.report.project", text, func(x *exportCtx, r R) any { return r.ProjectName }),
			col("period", "xlsx.report.period", text, func(x *exportCtx, r R) any { return x.t("xlsx.report.periodValue", r.Year, r.Month) }),
			col("revision", "xlsx.report.revision", integer, func(x *exportCtx, r R) any { return r.Revision }),
			col("investment", "xlsx.report.investment", money, func(x *exportCtx, r R) any { return r.Investment }),
			col("progress", "xlsx.report.progressPct", percent, func(x *exportCtx, r R) any { return r.ProgressPct }),
			col("progress", "xlsx.report.progress", text, func(x *exportCtx, r R) any { return r.Progress }),
			col("status", "xlsx.common.status", text, func(x *exportCtx, r R) any { return x.enum("xlsx.dict.reportStatus.", r.Status) }),
			col("reason", "xlsx.history.reason", text, func(x *exportCtx, r R) any {
				switch {
				case r.Status == "returned" && r.ReturnReason != "":
					return x.t("xlsx.note.pair", x.t("xlsx.report.returnReason"), r.ReturnReason)
				case r.CorrectionReason != "":
					return x.t("xlsx.note.pair", x.t("xlsx.report.correctionReason"), r.CorrectionReason)
				}
				return ""
			}),
			col("photos", "xlsx.report.photos", integer, func(x *exportCtx, r R) any { return len(r.Photos) }),
			col("submittedAt", "xlsx.report.submittedAt", dateTime, func(x *exportCtx, r R) any { return r.SubmittedAt }),
		},
		filters: []filter{{"project_id", "xlsx.report.project", projectFilter}, {"year", "xlsx.common.year", nil},
			{"month", "xlsx.common.month", nil}, {"status", "xlsx.common.status", enumFilter("xlsx.dict.reportStatus.")}},
	}
}

// blockageClock is a blockage clock as the web shows it, with the overdue its colour says.
func blockageClock(x *exportCtx, c stride.ClockView) string {
	if c.Limit == 0 {
		return ""
	}
	s := x.t("xlsx.blockage.clock", c.Used, c.Limit)
	if c.State == stride.ClockOverdue {
		s += x.t("xlsx.subject", "", x.t("xlsx.blockage.overdue"))
	}
	return s
}

func blockageSheet() *sheet[*stride.Blockage] {
	type B = *stride.Blockage
	return &sheet[B]{title: "xlsx.title.blockages", file: "blockages",
		cols: []column[B]{
			col("title", "xlsx.blockage.title", text, func(x *exportCtx, b B) any { return b.Title }),
			col("project", "xlsx.blockage.project", text, func(x *exportCtx, b B) any { return b.ProjectName }),
			col("category", "xlsx.blockage.category", text, func(x *exportCtx, b B) any { return x.enum("xlsx.blockage.cat.", string(b.Category)) }),
			col("status", "xlsx.blockage.statusLabel", text, func(x *exportCtx, b B) any { return x.enum("xlsx.blockage.status.", string(b.Status)) }),
			col("ball", "xlsx.blockage.ball", text, func(x *exportCtx, b B) any {
				switch b.Ball {
				case stride.CourtHQ:
					return x.t("xlsx.blockage.ballHq")
				case stride.CourtOwner:
					return firstOf(b.BallUnitName, b.OwnerUnitName, x.t("xlsx.blockage.ballOwner"))
				case stride.CourtRaiser:
					return firstOf(b.RaiserName, x.t("xlsx.blockage.ballRaiser"))
				}
				return ""
			}),
			col("response", "xlsx.blockage.response", text, func(x *exportCtx, b B) any { return blockageClock(x, b.Response) }),
			col("resolve", "xlsx.blockage.resolve", text, func(x *exportCtx, b B) any { return blockageClock(x, b.Resolve) }),
			col("level", "xlsx.blockage.levelLabel", text, func(x *exportCtx, b B) any { return x.enum("xlsx.blockage.level.l", strconv.Itoa(int(b.Level))) }),
			col("raisedAt", "xlsx.blockage.raisedAt", date, func(x *exportCtx, b B) any { return x.date(&b.RaisedAt) }),
		},
		filters: []filter{{"project_id", "xlsx.blockage.project", projectFilter}, {"owner_unit_id", "xlsx.blockage.ownerUnit", unitFilter},
			{"category", "xlsx.blockage.category", enumFilter("xlsx.blockage.cat.")}, {"status", "xlsx.blockage.statusLabel", enumFilter("xlsx.blockage.status.")},
			{"open", "xlsx.filter.open", yesFilter}, {"overdue", "xlsx.blockage.overdue", yesFilter},
			{"level", "xlsx.blockage.levelLabel", enumFilter("xlsx.blockage.level.l")}, {"mine", "xlsx.filter.mine", yesFilter}, {"q", "xlsx.filter.q", nil}},
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func approvalItemSheet() *sheet[*stride.ApprovalItem] {
	type I = *stride.ApprovalItem
	return &sheet[I]{title: "xlsx.title.approval_items", file: "approval-items",
		cols: []column[I]{
			col("project", "xlsx.approval.project", text, func(x *exportCtx, it I) any { return it.ProjectName }),
			col("stage", "xlsx.approval.stageLabel", text, func(x *exportCtx, it I) any { return x.enum("xlsx.approval.stage.", string(it.Stage)) }),
			col("item", "xlsx.approval.item", text, func(x *exportCtx, it I) any { return it.Name }),
			col("unit", "xlsx.approval.unit", text, func(x *exportCtx, it I) any { return it.UnitName }),
			col("status", "xlsx.common.status", text, func(x *exportCtx, it I) any { return x.enum("xlsx.approval.status.", string(it.Status)) }),
			col("days", "xlsx.approval.days", text, func(x *exportCtx, it I) any {
				c := it.Clock
				var parts []string
				if c.Limit > 0 && c.State != stride.ClockNone {
					parts = append(parts, x.t("xlsx.approval.clock", c.Used, c.Limit))
				} else {
					parts = append(parts, x.t("xlsx.approval.limitOnly", c.Limit))
				}
				switch c.State {
				case stride.ClockOverdue:
					parts = append(parts, x.t("xlsx.approval.overdue"))
				case stride.ClockNear:
					parts = append(parts, x.t("xlsx.approval.nearDue", c.Due.String()))
				case stride.ClockUnknown:
					parts = append(parts, x.t("xlsx.approval.unknown"))
				}
				if c.Paused {
					parts = append(parts, x.t("xlsx.approval.paused"))
				}
				if it.StatutoryOver {
					parts = append(parts, x.t("xlsx.approval.statutoryOver"))
				}
				return strings.Join(parts, x.t("xlsx.note.list_sep"))
			}),
			col("limits", "xlsx.approval.limits", text, func(x *exportCtx, it I) any { return x.t("xlsx.approval.limitText", it.PromisedDays, it.StatutoryDays) }),
			col("ball", "xlsx.approval.ball", text, func(x *exportCtx, it I) any { return x.enum("xlsx.approval.balls.", string(it.Ball)) }),
			col("prereq", "xlsx.approval.prereq", text, func(x *exportCtx, it I) any { return joined(it.WaitingFor) }),
		},
		filters: []filter{{"project_id", "xlsx.approval.project", projectFilter}, {"unit_id", "xlsx.approval.unit", unitFilter},
			{"stage", "xlsx.approval.stageLabel", enumFilter("xlsx.approval.stage.")}, {"status", "xlsx.common.status", enumFilter("xlsx.approval.status.")},
			{"open", "xlsx.filter.open", yesFilter}, {"clock", "xlsx.approval.days", enumFilter("xlsx.filter.clock.")}, {"q", "xlsx.filter.q", nil}},
	}
}

// catalogSheet names prerequisites through names, the catalogue's codes to item names.
func catalogSheet(names map[string]string) *sheet[*stride.CatalogItem] {
	type C = *stride.CatalogItem
	return &sheet[C]{title: "xlsx.title.approval_catalog", file: "approval-catalog",
		cols: []column[C]{
			col("stage", "xlsx.approval.stageLabel", text, func(x *exportCtx, c C) any { return x.enum("xlsx.approval.stage.", string(c.Stage)) }),
			col("item", "xlsx.approval.item", text, func(x *exportCtx, c C) any { return c.Name }),
			col("unit", "xlsx.approval.unit", text, func(x *exportCtx, c C) any { return c.DefaultUnitName }),
			col("limits", "xlsx.approval.limits", text, func(x *exportCtx, c C) any { return x.t("xlsx.approval.limitText", c.PromisedDays, c.StatutoryDays) }),
			col("validity", "xlsx.approval.validity", text, func(x *exportCtx, c C) any {
				if c.ValidityMonths == 0 {
					return ""
				}
				return x.t("xlsx.approval.months", c.ValidityMonths)
			}),
			col("prerequisites", "xlsx.approval.prerequisites", text, func(x *exportCtx, c C) any {
				out := make([]string, len(c.Prerequisites))
				for i, code := range c.Prerequisites {
					out[i] = firstOf(names[code], code)
				}
				return joined(out)
			}),
			col("status", "xlsx.common.status", text, func(x *exportCtx, c C) any {
				if c.Active {
					return x.t("xlsx.approval.active")
				}
				return x.t("xlsx.approval.inactive")
			}),
		},
	}
}

func caseSheet() *sheet[*stride.AgencyCase] {
	type C = *stride.AgencyCase
	return &sheet[C]{title: "xlsx.title.agency_cases", file: "agency-cases",
		cols: []column[C]{
			col("enterprise", "xlsx.agency.enterprise", text, func(x *exportCtx, c C) any { return c.EnterpriseName }),
			col("project", "xlsx.agency.project", text, func(x *exportCtx, c C) any { return c.ProjectName }),
			col("mode", "xlsx.agency.modeLabel", text, func(x *exportCtx, c C) any { return x.enum("xlsx.agency.mode.", string(c.Mode)) }),
			col("agent", "xlsx.agency.agent", text, func(x *exportCtx, c C) any { return c.AgentName }),
			col("stage", "xlsx.agency.stageLabel", text, func(x *exportCtx, c C) any { return x.enum("xlsx.agency.stage.", string(c.Stage)) }),
			col("items", "xlsx.agency.items", integer, func(x *exportCtx, c C) any { return c.ItemsOpen }),
			col("items", "xlsx.agency.itemsOverdue", integer, func(x *exportCtx, c C) any { return c.ItemsOverdue }),
			col("score", "xlsx.agency.score", integer, func(x *exportCtx, c C) any { return c.Score }),
		},
		filters: []filter{{"project_id", "xlsx.agency.project", projectFilter}, {"mode", "xlsx.agency.modeLabel", enumFilter("xlsx.agency.mode.")},
			{"stage", "xlsx.agency.stageLabel", enumFilter("xlsx.agency.stage.")}, {"open", "xlsx.filter.open", yesFilter}, {"q", "xlsx.filter.q", nil}},
	}
}

// landStep is a first-time check as the web shows it: the day done and its state, or
// the state and the day it is due.
func landStep(step stride.LandStep) func(x *exportCtx, f *stride.LandFile) any {
	return func(x *exportCtx, f *stride.LandFile) any {
		for _, c := range f.Checks {
			if c.Step != step {
				continue
			}
			state := x.enum("xlsx.land.state.", firstOf(c.State, stride.CheckPending))
			if !c.Done.IsZero() {
				return c.Done.String() + " " + state
			}
			if !c.Due.IsZero() {
				return state + x.t("xlsx.land.due", c.Due.String())
			}
			return state
		}
		return ""
	}
}

func landSheet() *sheet[*stride.LandFile] {
	type L = *stride.LandFile
	cols := []column[L]{
		col("parcel", "xlsx.land.parcel", text, func(x *exportCtx, f L) any { return f.Parcel }),
		col("project", "xlsx.land.project", text, func(x *exportCtx, f L) any { return f.ProjectName }),
		col("unit", "xlsx.land.unit", text, func(x *exportCtx, f L) any { return f.UnitName }),
		col("received", "xlsx.land.received", dateTime, func(x *exportCtx, f L) any { return f.ReceivedAt }),
	}
	for _, s := range []stride.LandStep{stride.LandAccepted, stride.LandReviewed, stride.LandNotified, stride.LandReported} {
		cols = append(cols, col(string(s), "xlsx.land.step."+string(s), text, landStep(s)))
	}
	return &sheet[L]{title: "xlsx.title.land_files", file: "land-files", cols: cols,
		filters: []filter{{"project_id", "xlsx.land.project", projectFilter}, {"unit_id", "xlsx.land.unit", unitFilter},
			{"next", "xlsx.filter.next", enumFilter("xlsx.land.step.")}, {"open", "xlsx.filter.open", yesFilter},
			{"overdue", "xlsx.land.state.overdue", yesFilter}, {"q", "xlsx.filter.q", nil}},
	}
}

func inspectionSheet() *sheet[*stride.Inspection] {
	type I = *stride.Inspection
	return &sheet[I]{title: "xlsx.title.inspections", file: "inspections",
		cols: []column[I]{
			col("week", "xlsx.bulletin.week", text, func(x *exportCtx, i I) any { return i.Week }),
			col("title", "xlsx.inspection.title", text, func(x *exportCtx, i I) any { return i.Title }),
			col("date", "xlsx.inspection.date", date, func(x *exportCtx, i I) any { return i.PlannedOn }),
			col("leader", "xlsx.inspection.leader", text, func(x *exportCtx, i I) any { return i.Leader }),
			col("team", "xlsx.inspection.team", text, func(x *exportCtx, i I) any { return i.Team }),
			col("projects", "xlsx.inspection.projects", text, func(x *exportCtx, i I) any {
				names := make([]string, len(i.Projects))
				for j, p := range i.Projects {
					names[j] = p.Name
				}
				return joined(names)
			}),
			col("counts", "xlsx.inspection.visits", integer, func(x *exportCtx, i I) any { return i.Counts.Visits }),
			col("counts", "xlsx.inspection.findings", integer, func(x *exportCtx, i I) any { return i.Counts.Findings }),
			col("counts", "xlsx.inspection.orderCount", integer, func(x *exportCtx, i I) any { return i.Counts.Orders }),
		},
		filters: []filter{{"week", "xlsx.bulletin.week", nil}, {"status", "xlsx.common.status", nil}},
	}
}

func orderSheet() *sheet[*stride.Order] {
	type O = *stride.Order
	status := func(o O) string {
		if o.Status == "closed" && o.Result != "" {
			return string(o.Result)
		}
		return o.Status
	}
	return &sheet[O]{title: "xlsx.title.orders", file: "orders",
		cols: []column[O]{
			col("code", "xlsx.bulletin.order", text, func(x *exportCtx, o O) any { return o.Code }),
			col("project", "xlsx.bulletin.project", text, func(x *exportCtx, o O) any { return o.ProjectName }),
			col("matter", "xlsx.bulletin.matter", text, func(x *exportCtx, o O) any { return o.Matter }),
			col("unit", "xlsx.bulletin.unit", text, func(x *exportCtx, o O) any { return o.TargetUnit }),
			col("due", "xlsx.bulletin.due", date, func(x *exportCtx, o O) any { return o.DueOn }),
			col("due", "xlsx.order.dueState", text, func(x *exportCtx, o O) any {
				switch {
				case o.Overdue:
					return x.t("xlsx.approval.overdue")
				case o.Status != "closed" && o.DaysLeft != nil:
					return x.t("xlsx.inspection.daysLeft", *o.DaysLeft)
				}
				return ""
			}),
			col("status", "xlsx.common.status", text, func(x *exportCtx, o O) any { return x.enum("xlsx.inspection.orderStatus.", status(o)) }),
			col("feedback", "xlsx.inspection.feedback", text, func(x *exportCtx, o O) any { return o.Feedback }),
		},
		filters: []filter{{"project_id", "xlsx.bulletin.project", projectFilter}, {"unit_id", "xlsx.bulletin.unit", unitFilter},
			{"status", "xlsx.common.status", enumFilter("xlsx.inspection.orderStatus.")}, {"overdue", "xlsx.approval.overdue", yesFilter}},
	}
}

func campaignSheet() *sheet[*stride.Campaign] {
	type C = *stride.Campaign
	names := map[string]string{"starts": "xlsx.campaign.starts", "completions": "xlsx.campaign.completions",
		"accelerated": "xlsx.campaign.accelerated", "investment": "xlsx.campaign.investment"}
	return &sheet[C]{title: "xlsx.title.campaigns", file: "campaigns",
		cols: []column[C]{
			col("name", "xlsx.campaign.name", text, func(x *exportCtx, c C) any { return c.Name }),
			col("window", "xlsx.campaign.startsOn", date, func(x *exportCtx, c C) any { return c.StartsOn }),
			col("window", "xlsx.campaign.endsOn", date, func(x *exportCtx, c C) any { return c.EndsOn }),
			col("status", "xlsx.campaign.status", text, func(x *exportCtx, c C) any {
				if c.Tally == nil {
					return ""
				}
				s := x.enum("xlsx.dict.campaignStatus.", c.Tally.Status)
				switch c.Tally.Status {
				case "running":
					s = x.t("xlsx.subject", s, x.t("xlsx.campaign.daysLeft", c.Tally.DaysLeft))
				case "upcoming":
					s = x.t("xlsx.subject", s, x.t("xlsx.campaign.startsIn", c.Tally.DaysLeft))
				}
				return s
			}),
			col("projects", "xlsx.campaign.projectCount", integer, func(x *exportCtx, c C) any {
				if c.Tally == nil {
					return 0
				}
				return c.Tally.Projects
			}),
			col("progress", "xlsx.campaign.progress", text, func(x *exportCtx, c C) any {
				if c.Tally == nil {
					return ""
				}
				var parts []string
				for _, r := range c.Tally.Results {
					reached, goal := r.Reached, r.Goal
					if r.Target == "investment" {
						reached, goal = wanText(reached), wanText(goal)
					}
					name := r.Target
					if key, ok := names[r.Target]; ok {
						name = x.t(key)
					}
					s := name + " " + reached + "/" + goal
					if r.Rate != "" {
						s += x.t("xlsx.subject", "", r.Rate+"%")
					}
					if r.Beaten {
						s += " ✓"
					}
					parts = append(parts, s)
				}
				return strings.Join(parts, x.t("xlsx.note.list_sep"))
			}),
		},
	}
}

func bulletinSheet() *sheet[*stride.Bulletin] {
	type B = *stride.Bulletin
	return &sheet[B]{title: "xlsx.title.bulletins", file: "bulletins",
		cols: []column[B]{
			col("number", "xlsx.bulletin.number", text, func(x *exportCtx, b B) any {
				s := x.t("xlsx.bulletin.numberText", b.Year, b.Number)
				if b.Revision > 1 {
					s = x.t("xlsx.subject", s, x.t("xlsx.bulletin.revision", b.Revision))
				}
				return s
			}),
			col("title", "xlsx.bulletin.titleLabel", text, func(x *exportCtx, b B) any { return b.Title }),
			col("week", "xlsx.bulletin.week", text, func(x *exportCtx, b B) any { return b.Week }),
			col("period", "xlsx.bulletin.period", text, func(x *exportCtx, b B) any {
				return b.From.String() + " " + x.t("xlsx.common.to") + " " + b.To.String()
			}),
			col("status", "xlsx.common.status", text, func(x *exportCtx, b B) any { return x.enum("xlsx.bulletin.status.", b.Status) }),
			col("issuedOn", "xlsx.bulletin.issuedOn", date, func(x *exportCtx, b B) any { return b.IssuedOn }),
			col("publishedAt", "xlsx.bulletin.publishedAt", dateTime, func(x *exportCtx, b B) any { return b.PublishedAt }),
		},
		filters: []filter{{"year", "xlsx.common.year", nil}, {"status", "xlsx.common.status", enumFilter("xlsx.bulletin.status.")}},
	}
}

func messageSheet() *sheet[*stride.Message] {
	type M = *stride.Message
	return &sheet[M]{title: "xlsx.title.messages", file: "messages",
		cols: []column[M]{
			col("kind", "xlsx.message.kind", text, func(x *exportCtx, m M) any { return x.enum("xlsx.message.kinds.", m.Kind) }),
			col("title", "xlsx.message.title", text, func(x *exportCtx, m M) any { return m.Title }),
			col("body", "xlsx.message.body", text, func(x *exportCtx, m M) any { return m.Body }),
			col("created", "xlsx.message.created", dateTime, func(x *exportCtx, m M) any { return m.CreatedAt }),
			col("done", "xlsx.message.done", dateTime, func(x *exportCtx, m M) any { return m.DoneAt }),
		},
		filters: []filter{{"state", "xlsx.common.status", enumFilter("xlsx.message.state.")}},
	}
}

// milestoneSheet is a project's promotion plan; the title names the project.
func milestoneSheet(project string) *sheet[*stride.Milestone] {
	type M = *stride.Milestone
	return &sheet[M]{title: "xlsx.title.milestones", file: "milestones", subject: project,
		cols: []column[M]{
			col("seq", "xlsx.milestone.seq", integer, func(x *exportCtx, m M) any { return m.Seq }),
			col("name", "xlsx.milestone.name", text, func(x *exportCtx, m M) any {
				kind := x.enum("xlsx.dict.milestone.", string(m.Kind))
				if m.Kind == "" || m.Kind == stride.NodeCustom || kind == m.Name {
					return m.Name
				}
				return x.t("xlsx.subject", m.Name, kind)
			}),
			col("planned", "xlsx.milestone.planned", date, func(x *exportCtx, m M) any { return m.PlannedDate }),
			col("baseline", "xlsx.milestone.baseline", date, func(x *exportCtx, m M) any { return m.BaselineDate }),
			col("actual", "xlsx.milestone.actual", date, func(x *exportCtx, m M) any { return m.ActualDate }),
			col("unit", "xlsx.milestone.responsibleUnit", text, func(x *exportCtx, m M) any { return m.ResponsibleUnit }),
			col("person", "xlsx.milestone.responsiblePerson", text, func(x *exportCtx, m M) any { return m.ResponsiblePerson }),
			col("evidence", "xlsx.milestone.evidence", integer, func(x *exportCtx, m M) any { return len(m.Photos) }),
			col("verified", "xlsx.milestone.verified", text, func(x *exportCtx, m M) any {
				if m.VerifiedAt == nil {
					return x.t("xlsx.milestone.notVerified")
				}
				return x.t("xlsx.milestone.verifiedBy", m.VerifiedBy, m.VerifiedAt.In(x.s.zone).Format("2006-01-02 15:04"))
			}),
		},
	}
}
