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

const dtf = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function parts(value: string | Date): Record<string, string> | null {
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return null
  const out: Record<string, string> = {}
  for (const p of dtf.formatToParts(d)) out[p.type] = p.value
  return out
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
