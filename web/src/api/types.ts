/** ID is whatever the server uses as an identifier; the client never does arithmetic on it. */
export type ID = number | string

/** Role as embedded in a user. */
export interface RoleRef {
  id: ID
  code: string
  name: string
}

export type UserStatus = 'active' | 'disabled'

export interface User {
  id: ID
  username: string
  name: string
  unit_id: ID | null
  unit_name: string
  phone: string
  email: string
  status: UserStatus
  locked: boolean
  locked_until: string | null
  must_change_password: boolean
  last_login_at: string | null
  roles: RoleRef[]
  version: number
  created_at: string
  updated_at: string
}

export interface Me {
  user: User
  permissions: string[]
  must_change_password: boolean
  password_expired: boolean
  password_expires_at: string | null
  idle_timeout_minutes: number
}

export interface Meta {
  platform_name: string
  zone_name: string
  version: string
}

export interface PermissionNode {
  key: string
  label: string
  children?: PermissionNode[]
}

export type UnitKind = 'hq' | 'department' | 'enterprise' | 'bank' | 'other'

export interface Unit {
  id: ID
  parent_id: ID | null
  name: string
  kind: UnitKind
  code: string
  contact: string
  phone: string
  sort: number
  version: number
  created_at: string
  updated_at: string
}

/** UnitNode is a unit with its children, built on the client from parent_id. */
export interface UnitNode extends Unit {
  children?: UnitNode[]
}

export interface Role {
  id: ID
  code: string
  name: string
  description: string
  builtin: boolean
  admin: '' | 'system' | 'security' | 'audit'
  permissions: string[]
  data_scope: number
  unit_ids: ID[]
  user_count: number
  version: number
  created_at?: string
  updated_at?: string
}

export interface Settings {
  zone_name: string
  platform_name: string
  hq_name: string
  report_deadline_day: number
  version: number
}

export interface SecurityPolicy {
  password_min_length: number
  password_min_classes: number
  password_expiry_days: number
  force_change_first_login: boolean
  lockout_threshold: number
  lockout_minutes: number
  idle_timeout_minutes: number
  version: number
}

export interface Backup {
  name: string
  size: number
  created_at: string
}

export interface AuditLog {
  id: ID
  at: string
  user_id: ID | null
  username: string
  unit_name: string
  ip: string
  action: string
  object_type: string
  object_id: ID | null
  before: unknown
  after: unknown
  outcome: 'success' | 'denied' | 'failed'
}

export interface LoginLog {
  id: ID
  at: string
  username: string
  user_id: ID | null
  ip: string
  user_agent: string
  outcome: string
  message: string
}

export type ProjectCategory = 'industrial' | 'livelihood' | 'infrastructure' | 'social' | 'other'
export type ProjectStage =
  | 'planning'
  | 'reserve'
  | 'preliminary'
  | 'construction'
  | 'completed'
  | 'production'
  | 'suspended'
  | 'terminated'

export type KeyLevel = 'province' | 'city' | 'district'
export type Nature = 'new' | 'continuing' | 'completing' | 'preliminary' | 'reserve' | ''
export type LightColor = 'red' | 'yellow' | 'green' | ''

export interface UnitRef {
  id: ID
  name: string
}

export interface Project {
  id: ID
  code: string
  name: string
  alias: string
  key_levels: KeyLevel[]
  category: ProjectCategory
  industry: string
  content: string
  address: string
  longitude: number | null
  latitude: number | null
  total_investment: string
  completed_before: string
  /** 至上年底累计 plus every approved report since (万元 decimal string). */
  completed_to_date: string
  start_year: number | null
  end_year: number | null
  owner_unit_id: ID | null
  owner_unit_name: string
  owner_contact: string
  owner_phone: string
  lead_unit_id: ID | null
  lead_unit_name: string
  co_units: UnitRef[]
  responsible_person: string
  liaison_leader: string
  tags: string[]
  stats_entry_date: string | null
  custom: Record<string, string>
  stage: ProjectStage
  stage_reason: string
  start_planned: string | null
  start_actual: string | null
  end_planned: string | null
  end_actual: string | null
  light: LightColor
  nature: Nature
  version: number
  created_at: string
  updated_at: string
}

/** ProjectRow is a ledger row: the project with its year's plan and completed investment. */
export interface ProjectRow extends Project {
  plan: string
  completed: string
}

export interface StageChange {
  from: ProjectStage | ''
  to: ProjectStage
  reason: string
  at: string
  by: string
}

export interface Light {
  dimension: string
  color: LightColor
  reasons: string[]
}

export type FieldType = 'text' | 'number' | 'date' | 'choice'

export interface CustomField {
  id: ID
  key: string
  label: string
  type: FieldType
  options: string[]
  required: boolean
  filterable: boolean
  list_column: boolean
  sort: number
  version: number
}

export interface ChangeReason {
  reason_code: string
  note: string
  approver: string
}

export interface PlanChange extends ChangeReason {
  id: ID
  year: number
  subject: string
  old_value: string
  new_value: string
  changed_by: string
  changed_at: string
}

export interface AnnualPlan {
  id: ID
  project_id: ID
  year: number
  investment: string
  goals: string
  curve: string[]
  status: 'draft' | 'approved'
  baseline_investment: string | null
  baseline_curve: string[] | null
  baselined_at: string | null
  approved_by: string
  changes: PlanChange[]
  version: number
}

export interface Milestone {
  id: ID
  project_id: ID
  kind: string
  name: string
  seq: number
  planned_date: string | null
  baseline_date: string | null
  actual_date: string | null
  responsible_unit_id: ID | null
  responsible_unit: string
  responsible_person: string
  note: string
  verified_at: string | null
  verified_by: string
  version: number
  /** evidence photos of the node */
  photos?: MilestonePhoto[]
}

/** MilestonePhoto is one evidence photo of a promotion-plan node, with its EXIF time and place. */
export interface MilestonePhoto {
  id: ID
  milestone_id: ID
  content_type: string
  size: number
  taken_at: string | null
  latitude: number | null
  longitude: number | null
  created_at: string
}

export interface MilestoneTemplate {
  kind: string
  name: string
  seq: number
  duration_days: number
}

export interface ScheduledNode {
  kind: string
  name: string
  planned_date: string
}

export interface Photo {
  id: ID
  report_id: ID
  content_type: string
  size: number
  taken_at: string | null
  latitude: number | null
  longitude: number | null
  created_at: string
}

export type ReportStatus = 'submitted' | 'returned' | 'approved' | 'superseded'

export interface MonthlyReport {
  id: ID
  project_id: ID
  project_name: string
  year: number
  month: number
  revision: number
  investment: string
  progress: string
  progress_pct: number
  problems: string
  status: ReportStatus
  correction_reason: string
  return_reason: string
  submitted_by: string
  submitted_at: string
  reviewed_by: string
  reviewed_at: string | null
  photos: Photo[]
  version: number
}

export interface Count {
  key: string
  count: number
}

export interface TrendRow {
  month: number
  planned: string
  completed: string
}

export interface UnitRank {
  unit_id: ID
  unit_name: string
  projects: number
  plan: string
  completed: string
  rate: number
  pace: number
  gap: number
}

export interface RedRow {
  id: ID
  name: string
  lead_unit: string
  reasons: string[]
}

export interface CampaignTargets {
  starts: number
  completions: number
  accelerated: number
  investment: string
}

export interface CampaignRule {
  tags: string[]
  stages: string[]
  categories: string[]
  key_levels: string[]
}

export interface TargetResult {
  target: 'starts' | 'completions' | 'accelerated' | 'investment'
  goal: string
  reached: string
  beaten: boolean
  rate: string
}

export interface CampaignUnitRow {
  unit_id: ID
  unit_name: string
  projects: number
  starts: number
  completions: number
  investment: string
}

export interface CampaignTally {
  status: 'upcoming' | 'running' | 'closed'
  days_left: number
  projects: number
  starts: number
  completions: number
  accelerated: number
  investment: string
  results: TargetResult[] | null
  by_unit: CampaignUnitRow[] | null
}

export interface Campaign {
  id: ID
  name: string
  starts_on: string
  ends_on: string
  targets: CampaignTargets
  rule: CampaignRule
  project_ids: ID[]
  note: string
  version: number
  created_at: string
  updated_at: string
  tally?: CampaignTally
}

export interface Dashboard {
  year: number
  as_of: string
  period: number
  projects: number
  total_investment: string
  plan: string
  completed: string
  rate: number
  pace: number
  gap: number
  started: number
  completions: number
  new_projects: number
  start_rate: number
  by_stage: Count[]
  by_category: Count[]
  by_level: Count[]
  by_light: Count[]
  trend: TrendRow[]
  units: UnitRank[]
  red: RedRow[]
  campaigns: Campaign[]
}

export interface LightSettings {
  pace_yellow_points: number
  pace_red_points: number
  start_red_months: number
  milestone_red_days: number
  report_red_missing: number
  stats_yellow_months: number
  stats_red_months: number
  stats_min_investment: string
  report_deadline_day: number
}

/** ApprovalSettings are the clock thresholds of approvals, blockages and land files
 * (GET/PUT /approval-settings); days are working days, office_cutoff is "HH:mm". */
export interface ApprovalSettings {
  near_due_days: number
  office_cutoff: string
  blockage_response_days: number
  blockage_resolve_days: number
  escalate_hq_days: number
  escalate_leader_days: number
  escalate_top_days: number
  land_step_days: number
  version: number
}

/** BulletinSettings are the weekly bulletin's schedule and layout (GET/PUT /bulletin-settings);
 * weekdays are 1 Monday … 7 Sunday, draft_time is "HH:mm" in Asia/Shanghai. */
export interface BulletinSettings {
  auto_draft: boolean
  draft_weekday: number
  draft_time: string
  cutoff_weekday: number
  title: string
  list_limit: number
  order_days: number
  version: number
}

export interface Message {
  id: ID
  kind: string
  title: string
  body: string
  link: string
  created_at: string
  done_at: string | null
}

/** TableScope types an el-table-column slot: Element Plus does not carry the table's row
 * type into its columns, so the row is as loose as the table's own DefaultRow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableScope = { row: any; $index: number }
