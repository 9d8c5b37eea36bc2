// Pure helpers of the two schedule settings pages (审批与堵点时限, 通报设置).

/** WEEKDAYS are the server's weekday numbers, 1 Monday … 7 Sunday, in order. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

/** weekdayKey is the i18n key naming weekday n (1 Monday … 7 Sunday). */
export function weekdayKey(n: number): string {
  return `schedule.weekday${n}`
}

/** isClock reports whether s is a 24-hour "HH:mm" time, as the server accepts it. */
export function isClock(s: string | null | undefined): boolean {
  return typeof s === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(s)
}

/** escalationOrdered reports whether the three escalation thresholds climb strictly:
 * 指挥部 < 分管领导 < 主要领导 (the server refuses anything else). */
export function escalationOrdered(hq: number, leader: number, top: number): boolean {
  return hq < leader && leader < top
}
