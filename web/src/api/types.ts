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

export interface Project {
  id: ID
  code: string
  name: string
  category: ProjectCategory
  stage: ProjectStage
  owner_unit_id: ID | null
  owner_unit_name: string
  lead_unit_id: ID | null
  lead_unit_name: string
  total_investment: string
  start_year: number | null
  end_year: number | null
  version: number
  created_at: string
  updated_at: string
}

/** TableScope types an el-table-column slot: Element Plus does not carry the table's row
 * type into its columns, so the row is as loose as the table's own DefaultRow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableScope = { row: any; $index: number }
