// One function per API call, named after what it does; every call goes through request().
import { request, type List, type Query } from './request'
import type {
  AuditLog,
  Backup,
  LoginLog,
  Me,
  Meta,
  PermissionNode,
  Project,
  Role,
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
  request<List<Project>>(`${V1}/projects`, { query: q, silent })
export const getProject = (id: ID) => request<Project>(`${V1}/projects/${id}`)
export const createProject = (p: Record<string, unknown>) =>
  request<Project>(`${V1}/projects`, { method: 'POST', body: p })
export const updateProject = (id: ID, p: Record<string, unknown>) =>
  request<Project>(`${V1}/projects/${id}`, { method: 'PUT', body: p })
export const deleteProject = (id: ID) => request<void>(`${V1}/projects/${id}`, { method: 'DELETE' })
