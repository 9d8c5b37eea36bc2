// The export of a list to .xlsx: what ExportButton downloads and RightToolbar passes on.
import type { Query } from '@/api/request'

/** ExportSpec says which list to export and how. */
export interface ExportSpec {
  /** path is the list's API path under /api/v1, e.g. '/blockages'. */
  path: string
  /** query returns the list's current filters and sort. */
  query?: () => Query
  /** columns are the keys of the columns to write; all when absent. */
  columns?: string[]
  /** perm hides the button without one of these keys; the page's own permission by default. */
  perm?: string[]
}

/** ToolbarExport is a list's export from RightToolbar: fixed names the columns the user
 * cannot hide, which go with the visible ones of the column chooser. */
export interface ToolbarExport extends ExportSpec {
  fixed?: string[]
}

/** exportQuery is the query string of an export: the list's filters and sort without its
 * paging, format=xlsx and the columns. */
export function exportQuery(spec: ExportSpec): Query {
  const q: Query = { ...(spec.query?.() ?? {}), page: undefined, size: undefined, format: 'xlsx' }
  if (spec.columns?.length) q.columns = spec.columns.join(',')
  return q
}

/** exportColumns is what a toolbar sends: the fixed columns and the visible chosen ones. */
export function exportColumns(fixed: string[] | undefined, columns: { key: string; visible: boolean }[]): string[] {
  return [...(fixed ?? []), ...columns.filter((c) => c.visible).map((c) => c.key)]
}
