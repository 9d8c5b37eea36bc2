// One function per API call, named after what it does; every call goes through request().
import { ApiError, request, requestLocale, type List, type Query } from './request'
import type {
  AuditLog,
  Backup,
  LoginLog,
  Me,
  Meta,
  PermissionNode,
  Project,
  ProjectRow,
  Role,
  AnnualPlan,
  Campaign,
  CustomField,
  Dashboard,
  Light,
  LightSettings,
  ApprovalSettings,
  BulletinSettings,
  Message,
  Milestone,
  MilestoneTemplate,
  MonthlyReport,
  Photo,
  ScheduledNode,
  StageChange,
  SecurityPolicy,
  Settings,
  Unit,
  User,
  ID,
} from './types'

export type { List } from './request'
export * from './types'

const V1 = '/api/v1'

export const getMeta = () => request<Meta>(`${V1}/meta`, { silent: true, noAuthRedirect: true })

export const login = (username: string, password: string) =>
  request<Me>(`${V1}/auth/login`, {
    method: 'POST',
    body: { username, password },
    silent: true,
    noAuthRedirect: true,
  })
export const logout = () =>
  request<void>(`${V1}/auth/logout`, { method: 'POST', silent: true, noAuthRedirect: true })
export const getMe = (opts: { noAuthRedirect?: boolean } = {}) =>
  request<Me>(`${V1}/me`, { silent: true, ...opts })
export const changeMyPassword = (old_password: string, new_password: string) =>
  request<void>(`${V1}/me/password`, { method: 'POST', body: { old_password, new_password } })

export const getPermissions = () => request<PermissionNode[]>(`${V1}/permissions`)

export const listUnits = (q: Query = {}, silent = false) =>
  request<List<Unit>>(`${V1}/units`, { query: q, silent })
export const getUnit = (id: ID) => request<Unit>(`${V1}/units/${id}`)
export const createUnit = (u: Partial<Unit>) => request<Unit>(`${V1}/units`, { method: 'POST', body: u })
export const updateUnit = (id: ID, u: Partial<Unit>) =>
  request<Unit>(`${V1}/units/${id}`, { method: 'PUT', body: u })
export const deleteUnit = (id: ID) => request<void>(`${V1}/units/${id}`, { method: 'DELETE' })

export const listUsers = (q: Query) => request<List<User>>(`${V1}/users`, { query: q })
export const getUser = (id: ID) => request<User>(`${V1}/users/${id}`)
export const createUser = (u: Record<string, unknown>) =>
  request<User>(`${V1}/users`, { method: 'POST', body: u })
export const updateUser = (id: ID, u: Record<string, unknown>) =>
  request<User>(`${V1}/users/${id}`, { method: 'PUT', body: u })
export const disableUser = (id: ID) => request<User>(`${V1}/users/${id}/disable`, { method: 'POST' })
export const enableUser = (id: ID) => request<User>(`${V1}/users/${id}/enable`, { method: 'POST' })
export const unlockUser = (id: ID) => request<User>(`${V1}/users/${id}/unlock`, { method: 'POST' })
export const resetUserPassword = (id: ID, password: string) =>
  request<void>(`${V1}/users/${id}/password`, { method: 'POST', body: { password } })
export const setUserRoles = (id: ID, role_ids: ID[], version: number) =>
  request<User>(`${V1}/users/${id}/roles`, { method: 'PUT', body: { role_ids, version } })

export const listRoles = (q: Query = {}, silent = false) =>
  request<List<Role>>(`${V1}/roles`, { query: q, silent })
export const getRole = (id: ID) => request<Role>(`${V1}/roles/${id}`)
export const createRole = (r: Partial<Role>) => request<Role>(`${V1}/roles`, { method: 'POST', body: r })
export const updateRole = (id: ID, r: Partial<Role>) =>
  request<Role>(`${V1}/roles/${id}`, { method: 'PUT', body: r })
export const deleteRole = (id: ID) => request<void>(`${V1}/roles/${id}`, { method: 'DELETE' })

export const getSettings = () => request<Settings>(`${V1}/settings`)
export const saveSettings = (s: Settings) => request<Settings>(`${V1}/settings`, { method: 'PUT', body: s })

export const getSecurityPolicy = () => request<SecurityPolicy>(`${V1}/security-policy`)
export const saveSecurityPolicy = (p: SecurityPolicy) =>
  request<SecurityPolicy>(`${V1}/security-policy`, { method: 'PUT', body: p })

export const listBackups = () => request<List<Backup>>(`${V1}/backups`)
export const createBackup = () => request<Backup>(`${V1}/backups`, { method: 'POST', silent: true })

export const listAuditLogs = (q: Query) => request<List<AuditLog>>(`${V1}/audit-logs`, { query: q })
export const listLoginLogs = (q: Query) => request<List<LoginLog>>(`${V1}/login-logs`, { query: q })

export const listProjects = (q: Query, silent = false) =>
  request<List<ProjectRow>>(`${V1}/projects`, { query: q, silent })
export const getProject = (id: ID) => request<Project>(`${V1}/projects/${id}`)
export const createProject = (p: Record<string, unknown>) =>
  request<Project>(`${V1}/projects`, { method: 'POST', body: p })
export const updateProject = (id: ID, p: Record<string, unknown>) =>
  request<Project>(`${V1}/projects/${id}`, { method: 'PUT', body: p })
export const deleteProject = (id: ID) => request<void>(`${V1}/projects/${id}`, { method: 'DELETE' })
export const getProjectLights = (id: ID, silent = false) =>
  request<Light[]>(`${V1}/projects/${id}/lights`, { silent })
export const getProjectStages = (id: ID) => request<StageChange[]>(`${V1}/projects/${id}/stages`)

export const listCustomFields = (silent = false) => request<List<CustomField>>(`${V1}/custom-fields`, { silent })
export const createCustomField = (f: Record<string, unknown>) =>
  request<CustomField>(`${V1}/custom-fields`, { method: 'POST', body: f })
export const updateCustomField = (id: ID, f: Record<string, unknown>) =>
  request<CustomField>(`${V1}/custom-fields/${id}`, { method: 'PUT', body: f })
export const deleteCustomField = (id: ID) => request<void>(`${V1}/custom-fields/${id}`, { method: 'DELETE' })

/** getPlan answers null when the project has no plan for the year yet (the server says 404). */
export const getPlan = async (id: ID, year: number): Promise<AnnualPlan | null> => {
  try {
    return await request<AnnualPlan>(`${V1}/projects/${id}/plans/${year}`, { silent: true })
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    if (e instanceof ApiError) ElMessage.error(e.message)
    throw e
  }
}
export const savePlan = (id: ID, year: number, body: Record<string, unknown>, silent = false) =>
  request<AnnualPlan>(`${V1}/projects/${id}/plans/${year}`, { method: 'PUT', body, silent })
export const approvePlan = (id: ID, year: number, version: number) =>
  request<AnnualPlan>(`${V1}/projects/${id}/plans/${year}/approve`, { method: 'POST', body: { version } })

export const listMilestones = (id: ID) => request<List<Milestone>>(`${V1}/projects/${id}/milestones`)
export const createMilestone = (id: ID, body: Record<string, unknown>, silent = false) =>
  request<Milestone>(`${V1}/projects/${id}/milestones`, { method: 'POST', body, silent })
export const updateMilestone = (id: ID, body: Record<string, unknown>, silent = false) =>
  request<Milestone>(`${V1}/milestones/${id}`, { method: 'PUT', body, silent })
export const deleteMilestone = (id: ID) => request<void>(`${V1}/milestones/${id}`, { method: 'DELETE' })
export const verifyMilestone = (id: ID, version: number) =>
  request<Milestone>(`${V1}/milestones/${id}/verify`, { method: 'POST', body: { version } })
export const scheduleMilestones = (id: ID, target_date: string) =>
  request<ScheduledNode[]>(`${V1}/projects/${id}/milestones/schedule`, { method: 'POST', body: { target_date } })
export const getMilestoneTemplates = (category: string) =>
  request<List<MilestoneTemplate>>(`${V1}/milestone-templates`, { query: { category } })
export const saveMilestoneTemplates = (category: string, nodes: MilestoneTemplate[]) =>
  request<void>(`${V1}/milestone-templates/${category}`, { method: 'PUT', body: { nodes } })

export const listReports = (q: Query) => request<List<MonthlyReport>>(`${V1}/reports`, { query: q })
export const getReport = (id: ID) => request<MonthlyReport>(`${V1}/reports/${id}`)
export const submitReport = (projectId: ID, body: Record<string, unknown>) =>
  request<MonthlyReport>(`${V1}/projects/${projectId}/reports`, { method: 'POST', body, silent: true })
export const updateReport = (id: ID, body: Record<string, unknown>) =>
  request<MonthlyReport>(`${V1}/reports/${id}`, { method: 'PUT', body, silent: true })
export const approveReport = (id: ID, version: number) =>
  request<MonthlyReport>(`${V1}/reports/${id}/approve`, { method: 'POST', body: { version } })
export const returnReport = (id: ID, reason: string, version: number) =>
  request<MonthlyReport>(`${V1}/reports/${id}/return`, { method: 'POST', body: { reason, version }, silent: true })
export const milestonePhotoUrl = (id: ID) => `${V1}/milestone-photos/${id}`
export const milestonePhotoThumbUrl = (id: ID) => `${V1}/milestone-photos/${id}/thumb`
export const photoUrl = (id: ID) => `${V1}/photos/${id}`
export const photoThumbUrl = (id: ID) => `${V1}/photos/${id}/thumb`

/** uploadPhoto sends one image as multipart field `file`; errors come back as ApiError. */
export async function uploadPhoto(reportId: ID, file: Blob, name = 'photo'): Promise<Photo> {
  const fd = new FormData()
  fd.append('file', file, name)
  const res = await fetch(`${V1}/reports/${reportId}/photos`, {
    method: 'POST',
    body: fd,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': requestLocale() },
  })
  const text = await res.text()
  let data: Record<string, unknown> = {}
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    data = {}
  }
  if (!res.ok) throw new ApiError(res.status, data, `HTTP ${res.status}`)
  return data as unknown as Photo
}

export const getDashboard = (year: number, silent = false) =>
  request<Dashboard>(`${V1}/dashboard`, { query: { year }, silent })

export const listCampaigns = () => request<List<Campaign>>(`${V1}/campaigns`)
export const getCampaign = (id: ID) => request<Campaign>(`${V1}/campaigns/${id}`)
export const createCampaign = (c: Record<string, unknown>) =>
  request<Campaign>(`${V1}/campaigns`, { method: 'POST', body: c })
export const updateCampaign = (id: ID, c: Record<string, unknown>) =>
  request<Campaign>(`${V1}/campaigns/${id}`, { method: 'PUT', body: c })
export const deleteCampaign = (id: ID) => request<void>(`${V1}/campaigns/${id}`, { method: 'DELETE' })

export const getLightSettings = () => request<LightSettings>(`${V1}/light-settings`)
export const saveLightSettings = (s: LightSettings) =>
  request<LightSettings>(`${V1}/light-settings`, { method: 'PUT', body: s })

export const getApprovalSettings = () => request<ApprovalSettings>(`${V1}/approval-settings`)
export const saveApprovalSettings = (s: ApprovalSettings) =>
  request<ApprovalSettings>(`${V1}/approval-settings`, { method: 'PUT', body: s })

export const getBulletinSettings = () => request<BulletinSettings>(`${V1}/bulletin-settings`)
export const saveBulletinSettings = (s: BulletinSettings) =>
  request<BulletinSettings>(`${V1}/bulletin-settings`, { method: 'PUT', body: s })

export const listMessages = () =>
  request<List<Message>>(`${V1}/messages`, { query: { size: 20 }, silent: true })
export const doneMessage = (id: ID) => request<void>(`${V1}/messages/${id}/done`, { method: 'POST' })
