// The ledger's search state: what the form holds, how it maps to the URL (so drill-downs and
// reloads keep it) and to the API query (custom fields as cf.KEY), and saved filters.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { Query } from '@/api/request'

/** LEDGER_KEYS are the plain filters of the ledger, in form order. */
export const LEDGER_KEYS = [
  'q',
  'key_level',
  'category',
  'stage',
  'unit_id',
  'lead_unit_id',
  'owner_unit_id',
  'light',
  'tag',
  'nature',
  'year',
  'ledger',
  'started_in',
  'completed_in',
  'ids',
] as const

/** DRILL_KEYS are filters only a drill-down sets; the list shows them as removable tags. */
export const DRILL_KEYS = ['ledger', 'started_in', 'completed_in', 'ids'] as const

export type LedgerKey = (typeof LEDGER_KEYS)[number]

export interface LedgerState {
  filters: Record<LedgerKey, string>
  custom: Record<string, string>
  sort: string
}

export function emptyState(year: number): LedgerState {
  const filters = Object.fromEntries(LEDGER_KEYS.map((k) => [k, ''])) as Record<LedgerKey, string>
  filters.year = String(year)
  return { filters, custom: {}, sort: '' }
}

const first = (v: LocationQuery[string]): string => {
  const x = Array.isArray(v) ? v[0] : v
  return x == null ? '' : String(x)
}

/** stateFromRoute reads a /projects URL query; unknown keys are ignored. */
export function stateFromRoute(q: LocationQuery, year: number): LedgerState {
  const s = emptyState(year)
  for (const k of LEDGER_KEYS) {
    const v = first(q[k])
    if (v) s.filters[k] = v
  }
  for (const [k, v] of Object.entries(q)) {
    if (k.startsWith('cf.') && k.length > 3) {
      const val = first(v)
      if (val) s.custom[k.slice(3)] = val
    }
  }
  const sort = first(q.sort)
  if (/^-?[a-z_]+$/.test(sort)) s.sort = sort
  return s
}

/** routeFromState is the URL query for a state, leaving out empty values. */
export function routeFromState(s: LedgerState): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  for (const k of LEDGER_KEYS) if (s.filters[k]) out[k] = s.filters[k]
  for (const [k, v] of Object.entries(s.custom)) if (v) out[`cf.${k}`] = v
  if (s.sort) out.sort = s.sort
  return out
}

/** apiQuery is the query the list call sends; a nature needs the year it refers to. */
export function apiQuery(s: LedgerState): Query {
  const out: Query = {}
  for (const k of LEDGER_KEYS) if (s.filters[k]) out[k] = s.filters[k]
  for (const [k, v] of Object.entries(s.custom)) if (v) out[`cf.${k}`] = v
  return out
}

/** sameQuery compares two URL queries by their non-empty values. */
export function sameQuery(a: LocationQueryRaw, b: LocationQueryRaw): boolean {
  const norm = (q: LocationQueryRaw) =>
    JSON.stringify(
      Object.entries(q)
        .filter(([, v]) => v !== '' && v != null)
        .map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)])
        .sort(),
    )
  return norm(a) === norm(b)
}

export interface SavedFilter {
  name: string
  query: LocationQueryRaw
}

const STORE_KEY = 'stride.projectFilters'

/** loadSavedFilters reads the saved filters; bad data counts as none. */
export function loadSavedFilters(storage: Pick<Storage, 'getItem'> = localStorage): SavedFilter[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(STORE_KEY) || '[]')
    return Array.isArray(v) ? v.filter((f): f is SavedFilter => !!f && typeof f.name === 'string' && typeof f.query === 'object') : []
  } catch {
    return []
  }
}

/** saveFilter adds or replaces a filter by name and returns the new list (sorted by name). */
export function saveFilter(list: SavedFilter[], f: SavedFilter, storage: Pick<Storage, 'setItem'> = localStorage): SavedFilter[] {
  const next = [...list.filter((x) => x.name !== f.name), f].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  storage.setItem(STORE_KEY, JSON.stringify(next))
  return next
}

/** deleteFilter removes a filter by name and returns the new list. */
export function deleteFilter(list: SavedFilter[], name: string, storage: Pick<Storage, 'setItem'> = localStorage): SavedFilter[] {
  const next = list.filter((x) => x.name !== name)
  storage.setItem(STORE_KEY, JSON.stringify(next))
  return next
}
