import { compareDecimal, isMoneyInput, normalizeDecimal } from '@/format'

/** curveProblem checks a cumulative monthly plan: 12 amounts, never decreasing, December
 * equal to the year's plan. Returns '' when it is fine, else a short code. */
export function curveProblem(total: string, curve: string[]): '' | 'months' | 'number' | 'order' | 'total' {
  if (curve.length !== 12) return 'months'
  if (!curve.every((c) => isMoneyInput(c))) return 'number'
  for (let i = 1; i < 12; i++) if (compareDecimal(curve[i], curve[i - 1]) < 0) return 'order'
  const t = normalizeDecimal(total)
  if (t === null || compareDecimal(curve[11], t) !== 0) return 'total'
  return ''
}
