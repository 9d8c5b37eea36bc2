import { computed, shallowRef } from 'vue'
import * as api from '@/api'
import type { ID, Unit, UnitNode } from '@/api'

/** buildUnitTree nests units under their parents, ordered by sort then name; units whose
 * parent is not in the list become roots (a user may see only part of the tree). */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const byId = new Map<ID, UnitNode>()
  for (const u of units) byId.set(u.id, { ...u })
  const roots: UnitNode[] = []
  for (const n of byId.values()) {
    const parent = n.parent_id != null ? byId.get(n.parent_id) : undefined
    if (parent) (parent.children ??= []).push(n)
    else roots.push(n)
  }
  const order = (a: UnitNode, b: UnitNode) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN')
  const sortDeep = (list: UnitNode[]) => {
    list.sort(order)
    for (const n of list) if (n.children) sortDeep(n.children)
  }
  sortDeep(roots)
  return roots
}

/** useUnits loads every unit the user may see, quietly: a user without system:unit:read
 * simply gets an empty list and `available` false. */
export function useUnits() {
  const units = shallowRef<Unit[]>([])
  const available = shallowRef(false)
  const tree = computed(() => buildUnitTree(units.value))
  async function load() {
    try {
      const res = await api.listUnits({}, true)
      units.value = res.items ?? []
      available.value = true
    } catch {
      units.value = []
      available.value = false
    }
  }
  return { units, tree, available, load }
}
