/** prettyJSON shows a before/after object indented, keys in the server's order. */
export function prettyJSON(v: unknown): string {
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2)
    } catch {
      return v
    }
  }
  return JSON.stringify(v, null, 2)
}

/** diffKeys lists the top-level keys whose values differ between before and after. */
export function diffKeys(before: unknown, after: unknown): string[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {}
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {}
  if (!before || !after) return []
  const keys = new Set([...Object.keys(b), ...Object.keys(a)])
  const out: string[] = []
  for (const k of keys) {
    if (k === 'version' || k === 'updated_at') continue
    if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) out.push(k)
  }
  return out
}
