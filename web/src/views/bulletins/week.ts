// ISO weeks for the bulletin: 2025-W14 from a date and back. Pure, unit-tested.

/** isoWeek is the ISO 8601 week of a calendar date (local fields), as 2025-W14. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))
  const day = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - day)
  const year = t.getUTCFullYear()
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** cnDate writes 2025-03-31 as 2025年3月31日, the documents' style. */
export function cnDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '')
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ''
}
