// Formatting of figures and times for display. Money arrives as a decimal string and is never
// turned into a float: rounding and grouping work on the digits.

const MONEY_RE = /^([+-]?)(\d*)(?:\.(\d*))?$/

/** normalizeDecimal rounds a decimal string half-up to `scale` places, without floats.
 * Returns null when the input is not a plain decimal number. */
export function normalizeDecimal(value: string | number | null | undefined, scale = 2): string | null {
  if (value === null || value === undefined) return null
  const s = String(value).trim().replace(/,/g, '')
  const m = MONEY_RE.exec(s)
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null
  const neg = m[1] === '-'
  let intPart = m[2] || '0'
  const frac = m[3] || ''
  let kept = (frac + '0'.repeat(scale)).slice(0, scale)
  const roundUp = frac.length > scale && frac.charCodeAt(scale) >= 53 // '5'
  if (roundUp) {
    // Add one unit in the last kept place, carrying through the digits.
    const digits = (intPart + kept).split('').map(Number)
    let i = digits.length - 1
    while (i >= 0) {
      if (digits[i] === 9) {
        digits[i] = 0
        i--
      } else {
        digits[i]++
        break
      }
    }
    let all = digits.join('')
    if (i < 0) all = '1' + all
    intPart = all.slice(0, all.length - scale)
    kept = scale > 0 ? all.slice(all.length - scale) : ''
  }
  intPart = intPart.replace(/^0+(?=\d)/, '')
  const isZero = /^0*$/.test(intPart + kept)
  const sign = neg && !isZero ? '-' : ''
  return sign + intPart + (scale > 0 ? '.' + kept : '')
}

/** groupThousands puts commas between groups of three integer digits. */
export function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** formatMoney shows 万元 as 12,345.67 (two decimals, thousands separators); '' for empty,
 * the input unchanged when it is not a number. */
export function formatMoney(value: string | number | null | undefined, scale = 2): string {
  if (value === null || value === undefined || value === '') return ''
  const n = normalizeDecimal(value, scale)
  if (n === null) return String(value)
  const neg = n.startsWith('-')
  const body = neg ? n.slice(1) : n
  const [i, f] = body.split('.')
  return (neg ? '-' : '') + groupThousands(i) + (f !== undefined ? '.' + f : '')
}

/** isMoneyInput reports whether text is a non-negative amount with at most 2 decimals. */
export function isMoneyInput(text: string): boolean {
  return /^\d{1,13}(\.\d{1,2})?$/.test(text.trim().replace(/,/g, ''))
}

export const TIME_ZONE = 'Asia/Shanghai'

// Asia/Shanghai keeps UTC+8 all year (no daylight saving time since 1991), so its calendar
// and clock are UTC's moved eight hours on, and no Intl formatter is needed: the first one a
// page creates loads the ICU data, 50-190 ms of a cold load in headless Chromium here.
const OFFSET_MS = 8 * 60 * 60 * 1000

const pad2 = (n: number) => String(n).padStart(2, '0')

function parts(value: string | Date): Record<string, string> | null {
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return null
  const z = new Date(d.getTime() + OFFSET_MS)
  return {
    year: String(z.getUTCFullYear()),
    month: pad2(z.getUTCMonth() + 1),
    day: pad2(z.getUTCDate()),
    hour: pad2(z.getUTCHours()),
    minute: pad2(z.getUTCMinutes()),
    second: pad2(z.getUTCSeconds()),
  }
}

/** formatTime shows an RFC3339 time in Asia/Shanghai as 2025-03-31 14:05:09. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return ''
  const p = parts(value)
  if (!p) return value
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** formatDate shows the Asia/Shanghai calendar date of a time as 2025-03-31. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  const p = parts(value)
  if (!p) return value
  return `${p.year}-${p.month}-${p.day}`
}

/** formatBytes shows a file size as 1.2 MB. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return ''
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`
}

/** wanToYi converts an amount in 万元 (a decimal string) to 亿元 rounded half-up to `scale`
 * places, by moving the decimal point four digits on the text: 2141000.5 → 214.10.
 * Returns null when the input is not a number. */
export function wanToYi(value: string | number | null | undefined, scale = 2): string | null {
  if (value === null || value === undefined) return null
  const s = String(value).trim().replace(/,/g, '')
  const m = MONEY_RE.exec(s)
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null
  const intDigits = (m[2] || '0').padStart(5, '0')
  const shifted = `${m[1]}${intDigits.slice(0, -4)}.${intDigits.slice(-4)}${m[3] || ''}`
  return normalizeDecimal(shifted, scale)
}

/** formatYi shows an amount given in 万元 as 亿元 with thousands separators: 214.10. */
export function formatYi(value: string | number | null | undefined, scale = 2): string {
  if (value === null || value === undefined || value === '') return ''
  const y = wanToYi(value, scale)
  return y === null ? String(value) : formatMoney(y, scale)
}

/** yiNumber is the 亿元 amount as a number, for chart geometry only (labels use formatYi). */
export function yiNumber(value: string | null | undefined): number {
  const y = wanToYi(value ?? '0', 4)
  return y === null ? 0 : Number(y)
}

/** formatRate shows a percentage with one decimal: 97.2 → "97.2". */
export function formatRate(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = normalizeDecimal(typeof value === 'number' ? value.toFixed(6) : value, 1)
  return n ?? String(value)
}

/** PaceWord says whether a completion rate is ahead of, behind or level with 序时进度, and by
 * how many points (one decimal, no sign). */
export interface PaceWord {
  dir: 'ahead' | 'behind' | 'even'
  points: string
}

/** paceWord turns a gap in points (rate − pace) into its wording parts:
 * 7.3 → ahead 7.3 (超序时进度7.3个百分点), -8.3 → behind 8.3 (欠序时进度8.3个百分点). */
export function paceWord(gap: number | string | null | undefined): PaceWord {
  const r = formatRate(gap ?? 0) || '0.0'
  const neg = r.startsWith('-')
  const points = neg ? r.slice(1) : r
  if (/^0+(\.0+)?$/.test(points)) return { dir: 'even', points: '0.0' }
  return { dir: neg ? 'behind' : 'ahead', points }
}

/** compareDecimal compares two decimal strings without floats: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const na = normalizeDecimal(a, 6)
  const nb = normalizeDecimal(b, 6)
  if (na === null || nb === null) throw new Error(`not a decimal: ${na === null ? a : b}`)
  const neg = (s: string) => s.startsWith('-')
  if (neg(na) !== neg(nb)) return neg(na) ? -1 : 1
  const abs = (s: string) => (neg(s) ? s.slice(1) : s)
  const [ia, fa] = abs(na).split('.')
  const [ib, fb] = abs(nb).split('.')
  let c = ia.length !== ib.length ? (ia.length < ib.length ? -1 : 1) : ia < ib ? -1 : ia > ib ? 1 : fa < fb ? -1 : fa > fb ? 1 : 0
  if (neg(na)) c = -c
  return c
}

/** periodLabel renders months 1..n as 1-3月 (or 1月 for n = 1); '' for 0. */
export function periodLabel(n: number, locale = 'zh-CN'): string {
  if (!n) return ''
  if (locale === 'en') return n === 1 ? 'Jan' : `Jan–${MONTHS_EN[n - 1]}`
  return n === 1 ? '1月' : `1-${n}月`
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** monthLabel shows month m as 3月 or Mar. */
export function monthLabel(m: number, locale = 'zh-CN'): string {
  return locale === 'en' ? MONTHS_EN[m - 1] ?? String(m) : `${m}月`
}

/** previousMonth is the year and month before the given date's month (Asia/Shanghai). */
export function previousMonth(now: Date = new Date()): { year: number; month: number } {
  const p = parts(now)
  const y = Number(p?.year)
  const m = Number(p?.month)
  return m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 }
}

/** currentYear is the calendar year in Asia/Shanghai. */
export function currentYear(now: Date = new Date()): number {
  return Number(parts(now)?.year)
}
