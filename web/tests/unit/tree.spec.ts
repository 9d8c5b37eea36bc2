import { describe, expect, it } from 'vitest'
import { buildUnitTree } from '@/composables/useUnits'
import { diffKeys, prettyJSON } from '@/views/audit/json'
import type { Unit } from '@/api'

const unit = (id: number, parent_id: number | null, name: string, sort = 0): Unit => ({
  id, parent_id, name, sort, kind: 'department', code: '', contact: '', phone: '', version: 1, created_at: '', updated_at: '',
})

describe('buildUnitTree', () => {
  it('nests units by parent_id, ordered by sort', () => {
    const tree = buildUnitTree([unit(3, 1, '经济发展局', 2), unit(1, null, '管委会'), unit(2, 1, '指挥部', 1), unit(4, 3, '科室')])
    expect(tree.map((n) => n.name)).toEqual(['管委会'])
    expect(tree[0].children?.map((n) => n.name)).toEqual(['指挥部', '经济发展局'])
    expect(tree[0].children?.[1].children?.map((n) => n.name)).toEqual(['科室'])
  })
  it('makes units whose parent is out of sight roots', () => {
    expect(buildUnitTree([unit(4, 3, '科室'), unit(5, 9, '支行')]).map((n) => n.name).sort()).toEqual(['支行', '科室'].sort())
  })
})

describe('audit before/after', () => {
  it('lists the changed fields, ignoring version bookkeeping', () => {
    expect(diffKeys({ name: 'a', phone: '1', version: 1 }, { name: 'b', phone: '1', version: 2 })).toEqual(['name'])
    expect(diffKeys(null, { name: 'b' })).toEqual([])
  })
  it('pretty-prints objects and JSON strings', () => {
    expect(prettyJSON({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(prettyJSON('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyJSON('not json')).toBe('not json')
  })
})
