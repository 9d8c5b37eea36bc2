import { describe, expect, it } from 'vitest'
import { drillQuery, rankMark } from '@/views/dashboard/drill'
import {
  apiQuery,
  deleteFilter,
  emptyState,
  loadSavedFilters,
  routeFromState,
  sameQuery,
  saveFilter,
  stateFromRoute,
} from '@/views/projects/ledgerQuery'
import { curveProblem } from '@/views/projects/plan'
import { natureIn } from '@/views/projects/nature'

describe('dashboard drill-down', () => {
  it('turns every figure into the project list query', () => {
    expect(drillQuery(2026, 'stage', 'construction')).toEqual({ year: '2026', ledger: '1', stage: 'construction' })
    expect(drillQuery(2026, 'category', 'industrial')).toEqual({ year: '2026', ledger: '1', category: 'industrial' })
    expect(drillQuery(2026, 'key_level', 'city')).toEqual({ year: '2026', ledger: '1', key_level: 'city' })
    expect(drillQuery(2026, 'light', 'red')).toEqual({ year: '2026', ledger: '1', light: 'red' })
    expect(drillQuery(2026, 'unit', 4)).toEqual({ year: '2026', ledger: '1', lead_unit_id: '4' })
    expect(drillQuery(2025, 'new')).toEqual({ year: '2025', ledger: '1', nature: 'new' })
    expect(drillQuery(2026, 'completed')).toEqual({ year: '2026', ledger: '1', sort: '-completed' })
    expect(drillQuery(2026, 'all')).toEqual({ year: '2026', ledger: '1' })
    expect(drillQuery(2026, 'started')).toEqual({ year: '2026', ledger: '1', started_in: '2026' })
    expect(drillQuery(2026, 'completing')).toEqual({ year: '2026', ledger: '1', completed_in: '2026' })
  })

  it('marks the bottom and top three of a ranking (lowest first)', () => {
    const marks = (n: number) => Array.from({ length: n }, (_, i) => rankMark(i, n))
    expect(marks(8)).toEqual(['bottom', 'bottom', 'bottom', '', '', 'top', 'top', 'top'])
    expect(marks(6)).toEqual(['bottom', 'bottom', 'bottom', 'top', 'top', 'top'])
    expect(marks(4)).toEqual(['bottom', 'bottom', 'top', 'top'])
    expect(marks(1)).toEqual([''])
  })
})

describe('ledger query', () => {
  it('reads a drill-down URL, custom fields included', () => {
    const s = stateFromRoute({ stage: 'construction', year: '2025', 'cf.district': '高新区', sort: '-plan', junk: 'x' }, 2026)
    expect(s.filters.stage).toBe('construction')
    expect(s.filters.year).toBe('2025')
    expect(s.custom).toEqual({ district: '高新区' })
    expect(s.sort).toBe('-plan')
    expect(apiQuery(s)).toEqual({ stage: 'construction', year: '2025', 'cf.district': '高新区' })
  })

  it('defaults the year and refuses odd sort keys', () => {
    const s = stateFromRoute({ sort: 'name; drop' }, 2026)
    expect(s.filters.year).toBe('2026')
    expect(s.sort).toBe('')
  })

  it('round-trips through the URL without empty values', () => {
    const s = emptyState(2026)
    s.filters.light = 'red'
    s.custom.x = ''
    expect(routeFromState(s)).toEqual({ year: '2026', light: 'red' })
    expect(sameQuery(routeFromState(s), { light: 'red', year: '2026', q: '' })).toBe(true)
    expect(sameQuery(routeFromState(s), { light: 'yellow', year: '2026' })).toBe(false)
  })

  it('keeps named filters in storage', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    let list = loadSavedFilters(storage)
    expect(list).toEqual([])
    list = saveFilter(list, { name: '红灯产业', query: { light: 'red', category: 'industrial' } }, storage)
    list = saveFilter(list, { name: '省重点', query: { key_level: 'province' } }, storage)
    list = saveFilter(list, { name: '红灯产业', query: { light: 'red' } }, storage)
    expect(list.map((f) => f.name)).toHaveLength(2)
    expect(loadSavedFilters(storage).find((f) => f.name === '红灯产业')?.query).toEqual({ light: 'red' })
    list = deleteFilter(list, '省重点', storage)
    expect(loadSavedFilters(storage).map((f) => f.name)).toEqual(['红灯产业'])
    store.set('stride.projectFilters', '{not json')
    expect(loadSavedFilters(storage)).toEqual([])
  })
})

describe('plan curve', () => {
  const even = ['100', '200', '300', '400', '500', '600', '700', '800', '900', '1000', '1100', '1200']
  it('accepts a cumulative curve ending at the plan', () => {
    expect(curveProblem('1200', even)).toBe('')
    expect(curveProblem('1,200.00', even.map((v) => `${v}.00`))).toBe('')
  })
  it('names what is wrong', () => {
    expect(curveProblem('1200', even.slice(1))).toBe('months')
    expect(curveProblem('1300', even)).toBe('total')
    expect(curveProblem('1200', ['200', '100', ...even.slice(2)])).toBe('order')
    expect(curveProblem('1200', ['x', ...even.slice(1)])).toBe('number')
  })
})

describe('nature in a year', () => {
  const p = (stage: string, start: string | null, end: string | null) =>
    ({ stage, start_actual: null, start_planned: start, end_actual: null, end_planned: end }) as Parameters<typeof natureIn>[0]
  it('follows the server rule', () => {
    expect(natureIn(p('construction', '2026-03-01', '2028-01-01'), 2026)).toBe('new')
    expect(natureIn(p('construction', '2023-10-18', '2028-10-20'), 2026)).toBe('continuing')
    expect(natureIn(p('construction', '2023-10-18', '2026-10-20'), 2026)).toBe('completing')
    expect(natureIn(p('completed', '2020-01-01', '2024-01-01'), 2026)).toBe('')
    expect(natureIn(p('reserve', null, null), 2026)).toBe('reserve')
    expect(natureIn(p('preliminary', null, null), 2026)).toBe('preliminary')
  })
})

describe('drill-only filters', () => {
  it('keep ledger, started_in, completed_in and ids through the URL and into the API query', () => {
    const s = stateFromRoute({ year: '2026', ledger: '1', started_in: '2026', ids: '1,2,3', bogus: 'x' }, 2026)
    expect(routeFromState(s)).toEqual({ year: '2026', ledger: '1', started_in: '2026', ids: '1,2,3' })
    expect(apiQuery(s)).toEqual({ year: '2026', ledger: '1', started_in: '2026', ids: '1,2,3' })
  })
})
