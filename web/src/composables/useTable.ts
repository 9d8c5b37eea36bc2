import { reactive, ref, shallowRef } from 'vue'
import type { List, Query } from '@/api/request'

/** useTable holds a paged list: query, rows, total, selection and loading state. */
export function useTable<T, Q extends Query>(fetch: (q: Query) => Promise<List<T>>, initial: () => Q, pageSize = 20) {
  const query = reactive({ ...initial() }) as Q
  const paging = reactive({ page: 1, size: pageSize, sort: '' })
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const selection = shallowRef<T[]>([])
  const showSearch = ref(true)

  async function load() {
    loading.value = true
    try {
      const res = await fetch({ ...query, page: paging.page, size: paging.size, sort: paging.sort })
      rows.value = res.items ?? []
      total.value = res.total ?? 0
    } catch {
      // the request wrapper has told the user
    } finally {
      loading.value = false
    }
  }
  function search() {
    paging.page = 1
    return load()
  }
  function reset() {
    Object.assign(query, initial())
    paging.sort = ''
    return search()
  }
  function onSelection(list: T[]) {
    selection.value = list
  }
  function onSort({ prop, order }: { prop: string | null; order: string | null }) {
    paging.sort = order && prop ? (order === 'descending' ? '-' : '') + prop : ''
    return search()
  }
  return { query, paging, rows, total, loading, selection, showSearch, load, search, reset, onSelection, onSort }
}
