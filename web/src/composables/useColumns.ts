import { reactive, watch } from 'vue'

/** Column is a table column the user may hide; label is an i18n key. */
export interface Column {
  key: string
  label: string
  visible: boolean
}

/** useColumns returns the columns with their visibility remembered in localStorage. */
export function useColumns(storageKey: string, defs: { key: string; label: string; visible?: boolean }[]) {
  const key = `stride.columns.${storageKey}`
  let saved: Record<string, boolean> = {}
  try {
    saved = JSON.parse(localStorage.getItem(key) || '{}') as Record<string, boolean>
  } catch {
    saved = {}
  }
  const columns = reactive<Column[]>(
    defs.map((d) => ({
      key: d.key,
      label: d.label,
      visible: saved[d.key] ?? d.visible ?? true,
    })),
  )
  watch(
    columns,
    (cols) => {
      const out: Record<string, boolean> = {}
      for (const c of cols) out[c.key] = c.visible
      try {
        localStorage.setItem(key, JSON.stringify(out))
      } catch {
        // storage full or unavailable: the choice lasts for this page only
      }
    },
    { deep: true },
  )
  const show = (k: string) => columns.find((c) => c.key === k)?.visible ?? true
  /** addColumns appends columns known only later (custom fields); label may be plain text. */
  function addColumns(more: { key: string; label: string; visible?: boolean }[]) {
    for (const d of more) {
      if (columns.some((c) => c.key === d.key)) continue
      columns.push({ key: d.key, label: d.label, visible: saved[d.key] ?? d.visible ?? true })
    }
  }
  return { columns, show, addColumns }
}
