// Dictionaries: the fixed value sets the server uses, each with a label key and a tag colour.

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export interface DictItem {
  value: string | number
  label: string // i18n key
  type: TagType
}

export const unitKinds: DictItem[] = [
  { value: 'hq', label: 'dict.unitKind.hq', type: 'danger' },
  { value: 'department', label: 'dict.unitKind.department', type: 'primary' },
  { value: 'enterprise', label: 'dict.unitKind.enterprise', type: 'success' },
  { value: 'bank', label: 'dict.unitKind.bank', type: 'warning' },
  { value: 'other', label: 'dict.unitKind.other', type: 'info' },
]

export const projectCategories: DictItem[] = [
  { value: 'industrial', label: 'dict.category.industrial', type: 'primary' },
  { value: 'livelihood', label: 'dict.category.livelihood', type: 'success' },
  { value: 'infrastructure', label: 'dict.category.infrastructure', type: 'warning' },
  { value: 'social', label: 'dict.category.social', type: 'danger' },
  { value: 'other', label: 'dict.category.other', type: 'info' },
]

export const projectStages: DictItem[] = [
  { value: 'planning', label: 'dict.stage.planning', type: 'info' },
  { value: 'reserve', label: 'dict.stage.reserve', type: 'info' },
  { value: 'preliminary', label: 'dict.stage.preliminary', type: 'warning' },
  { value: 'construction', label: 'dict.stage.construction', type: 'primary' },
  { value: 'completed', label: 'dict.stage.completed', type: 'success' },
  { value: 'production', label: 'dict.stage.production', type: 'success' },
  { value: 'suspended', label: 'dict.stage.suspended', type: 'warning' },
  { value: 'terminated', label: 'dict.stage.terminated', type: 'danger' },
]

export const userStatuses: DictItem[] = [
  { value: 'active', label: 'dict.userStatus.active', type: 'success' },
  { value: 'disabled', label: 'dict.userStatus.disabled', type: 'danger' },
]

export const dataScopes: DictItem[] = [
  { value: 1, label: 'dict.dataScope.1', type: 'danger' },
  { value: 2, label: 'dict.dataScope.2', type: 'warning' },
  { value: 3, label: 'dict.dataScope.3', type: 'primary' },
  { value: 4, label: 'dict.dataScope.4', type: 'primary' },
  { value: 5, label: 'dict.dataScope.5', type: 'info' },
]

export const auditOutcomes: DictItem[] = [
  { value: 'success', label: 'dict.auditOutcome.success', type: 'success' },
  { value: 'denied', label: 'dict.auditOutcome.denied', type: 'warning' },
  { value: 'failed', label: 'dict.auditOutcome.failed', type: 'danger' },
]

export const loginOutcomes: DictItem[] = [
  { value: 'success', label: 'dict.loginOutcome.success', type: 'success' },
  { value: 'bad_password', label: 'dict.loginOutcome.bad_password', type: 'danger' },
  { value: 'locked', label: 'dict.loginOutcome.locked', type: 'danger' },
  { value: 'unknown_user', label: 'dict.loginOutcome.unknown_user', type: 'warning' },
  { value: 'disabled', label: 'dict.loginOutcome.disabled', type: 'warning' },
  { value: 'logout', label: 'dict.loginOutcome.logout', type: 'info' },
  { value: 'timeout', label: 'dict.loginOutcome.timeout', type: 'info' },
]

export const adminKinds: DictItem[] = [
  { value: 'system', label: 'dict.adminKind.system', type: 'danger' },
  { value: 'security', label: 'dict.adminKind.security', type: 'warning' },
  { value: 'audit', label: 'dict.adminKind.audit', type: 'primary' },
]

/** findDict returns the entry for a value, or undefined. */
export function findDict(items: DictItem[], value: unknown): DictItem | undefined {
  return items.find((i) => i.value === value)
}
