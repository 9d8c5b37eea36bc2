// Drill-down: every figure of the dashboard opens the project list filtered to the projects
// behind it. Pure, so it is unit-tested.
import type { LocationQueryRaw } from 'vue-router'

export type DrillKind =
  | 'all'
  | 'stage'
  | 'category'
  | 'key_level'
  | 'light'
  | 'unit'
  | 'new'
  | 'started'
  | 'completing'
  | 'plan'
  | 'completed'

/** drillQuery is the /projects query for a figure of the year's dashboard: always the year's
 * ledger (ledger=1, the projects with a plan for the year, as the dashboard counts them), so
 * the list's total equals the figure; 开工 and 竣工 use the year they happened in. */
export function drillQuery(year: number, kind: DrillKind, value?: string | number): LocationQueryRaw {
  const q: LocationQueryRaw = { year: String(year), ledger: '1' }
  switch (kind) {
    case 'stage':
    case 'category':
    case 'key_level':
    case 'light':
      if (value !== undefined && value !== '') q[kind] = String(value)
      break
    case 'unit':
      q.lead_unit_id = String(value)
      break
    case 'new':
      q.nature = 'new'
      break
    case 'started':
      q.started_in = String(year)
      break
    case 'completing':
      q.completed_in = String(year)
      break
    case 'plan':
      q.sort = '-plan'
      break
    case 'completed':
      q.sort = '-completed'
      break
  }
  return q
}

/** rankMarks flags the bottom three (first, the list is lowest first) and the top three
 * (last) of a ranking of n; a short list is split so no row is both. */
export function rankMark(index: number, n: number): 'bottom' | 'top' | '' {
  const k = Math.min(3, Math.floor(n / 2))
  if (index < k) return 'bottom'
  if (index >= n - k) return 'top'
  return ''
}
