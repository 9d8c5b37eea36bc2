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

export const keyLevels: DictItem[] = [
  { value: 'province', label: 'dict.keyLevel.province', type: 'danger' },
  { value: 'city', label: 'dict.keyLevel.city', type: 'warning' },
  { value: 'district', label: 'dict.keyLevel.district', type: 'primary' },
]

/** natures are a project's nature in a year, derived by the server. */
export const natures: DictItem[] = [
  { value: 'new', label: 'dict.nature.new', type: 'success' },
  { value: 'continuing', label: 'dict.nature.continuing', type: 'primary' },
  { value: 'completing', label: 'dict.nature.completing', type: 'warning' },
  { value: 'preliminary', label: 'dict.nature.preliminary', type: 'info' },
  { value: 'reserve', label: 'dict.nature.reserve', type: 'info' },
]

/** lights: the colours are fixed by the UX rules (red #F56C6C, yellow #E6A23C, green #67C23A). */
export const lights: DictItem[] = [
  { value: 'red', label: 'dict.light.red', type: 'danger' },
  { value: 'yellow', label: 'dict.light.yellow', type: 'warning' },
  { value: 'green', label: 'dict.light.green', type: 'success' },
]

export const LIGHT_COLORS: Record<string, string> = { red: '#F56C6C', yellow: '#E6A23C', green: '#67C23A', '': '#C0C4CC' }

export const lightDimensions: DictItem[] = [
  { value: 'investment', label: 'dict.dimension.investment', type: 'primary' },
  { value: 'start', label: 'dict.dimension.start', type: 'primary' },
  { value: 'milestone', label: 'dict.dimension.milestone', type: 'primary' },
  { value: 'report', label: 'dict.dimension.report', type: 'primary' },
  { value: 'stats', label: 'dict.dimension.stats', type: 'primary' },
]

export const reportStatuses: DictItem[] = [
  { value: 'submitted', label: 'dict.reportStatus.submitted', type: 'warning' },
  { value: 'returned', label: 'dict.reportStatus.returned', type: 'danger' },
  { value: 'approved', label: 'dict.reportStatus.approved', type: 'success' },
  { value: 'superseded', label: 'dict.reportStatus.superseded', type: 'info' },
]

export const planStatuses: DictItem[] = [
  { value: 'draft', label: 'dict.planStatus.draft', type: 'info' },
  { value: 'approved', label: 'dict.planStatus.approved', type: 'success' },
]

export const reasonCodes: DictItem[] = [
  { value: 'owner', label: 'dict.reason.owner', type: 'info' },
  { value: 'approval', label: 'dict.reason.approval', type: 'info' },
  { value: 'resources', label: 'dict.reason.resources', type: 'info' },
  { value: 'weather', label: 'dict.reason.weather', type: 'info' },
  { value: 'policy', label: 'dict.reason.policy', type: 'info' },
  { value: 'other', label: 'dict.reason.other', type: 'info' },
]

export const milestoneKinds: DictItem[] = [
  { value: 'land', label: 'dict.milestone.land', type: 'info' },
  { value: 'start', label: 'dict.milestone.start', type: 'primary' },
  { value: 'piles', label: 'dict.milestone.piles', type: 'info' },
  { value: 'topping', label: 'dict.milestone.topping', type: 'info' },
  { value: 'partial_use', label: 'dict.milestone.partial_use', type: 'info' },
  { value: 'completion', label: 'dict.milestone.completion', type: 'success' },
  { value: 'production', label: 'dict.milestone.production', type: 'success' },
  { value: 'custom', label: 'dict.milestone.custom', type: 'info' },
]

export const fieldTypes: DictItem[] = [
  { value: 'text', label: 'dict.fieldType.text', type: 'info' },
  { value: 'number', label: 'dict.fieldType.number', type: 'primary' },
  { value: 'date', label: 'dict.fieldType.date', type: 'warning' },
  { value: 'choice', label: 'dict.fieldType.choice', type: 'success' },
]

export const campaignStatuses: DictItem[] = [
  { value: 'upcoming', label: 'dict.campaignStatus.upcoming', type: 'info' },
  { value: 'running', label: 'dict.campaignStatus.running', type: 'success' },
  { value: 'closed', label: 'dict.campaignStatus.closed', type: 'info' },
]

/** industries are the sections of GB/T 4754-2017 国民经济行业分类. */
export const industries: DictItem[] = 'ABCDEFGHIJKLMNOPQRST'.split('').map((c) => ({
  value: c,
  label: `dict.industry.${c}`,
  type: 'info' as TagType,
}))
