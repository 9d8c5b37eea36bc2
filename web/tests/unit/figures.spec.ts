import { describe, expect, it } from 'vitest'
import { compareDecimal, formatRate, formatYi, monthLabel, paceWord, periodLabel, previousMonth, wanToYi, yiNumber } from '@/format'

describe('wanToYi: 万元 text to 亿元 text, no floats', () => {
  it.each([
    ['2141000.00', '214.10'],
    ['2141000', '214.10'],
    ['1448646.67', '144.86'],
    ['7571979.00', '757.20'],
    ['0', '0.00'],
    ['0.5', '0.00'],
    ['49.99', '0.00'],
    ['50', '0.01'],
    ['12345', '1.23'],
    ['15000', '1.50'],
    ['99995', '10.00'],
    ['-15000', '-1.50'],
    ['1,234,567.89', '123.46'],
    ['0.123456', '0.00'],
  ])('%s万元 → %s亿元', (wan, yi) => {
    expect(wanToYi(wan)).toBe(yi)
  })

  it('keeps every digit of amounts beyond float precision', () => {
    expect(wanToYi('90071992547409931.99')).toBe('9007199254740.99')
    expect(wanToYi('12345678901234567', 4)).toBe('1234567890123.4567')
  })

  it('rounds half up on the digits (where floats would drift)', () => {
    // 10050 / 10000 = 1.005 → 1.01, which a float rounds to 1.00
    expect(wanToYi('10050')).toBe('1.01')
    expect(wanToYi('26750')).toBe('2.68')
    expect(wanToYi('10049.99')).toBe('1.00')
  })

  it('answers null for what is not a number', () => {
    expect(wanToYi('abc')).toBeNull()
    expect(wanToYi(null)).toBeNull()
    expect(wanToYi('1e5')).toBeNull()
  })

  it('formatYi groups thousands for headlines', () => {
    expect(formatYi('2141000.00')).toBe('214.10')
    expect(formatYi('123456789000')).toBe('12,345,678.90')
    expect(formatYi('')).toBe('')
    expect(formatYi('x')).toBe('x')
  })

  it('yiNumber gives chart geometry in 亿元', () => {
    expect(yiNumber('2141000.00')).toBe(214.1)
    expect(yiNumber(null)).toBe(0)
  })
})

describe('rates and pace wording', () => {
  it('formats rates with one decimal', () => {
    expect(formatRate(97.2)).toBe('97.2')
    expect(formatRate(67.7)).toBe('67.7')
    expect(formatRate(100)).toBe('100.0')
    expect(formatRate(0)).toBe('0.0')
    expect(formatRate('41.0')).toBe('41.0')
    expect(formatRate(33.35)).toBe('33.4')
    expect(formatRate(null)).toBe('')
  })

  it('words the gap to 序时进度 in points', () => {
    expect(paceWord(7.3)).toEqual({ dir: 'ahead', points: '7.3' })
    expect(paceWord(-8.3)).toEqual({ dir: 'behind', points: '8.3' })
    expect(paceWord(-15.6)).toEqual({ dir: 'behind', points: '15.6' })
    expect(paceWord(0)).toEqual({ dir: 'even', points: '0.0' })
    expect(paceWord(-0.04)).toEqual({ dir: 'even', points: '0.0' })
    expect(paceWord(12)).toEqual({ dir: 'ahead', points: '12.0' })
  })

  it('the Chinese wording reads 超序时进度X个百分点 / 欠序时进度X个百分点', async () => {
    const { default: zh } = await import('@/i18n/zh-CN')
    const fill = (s: string, points: string) => s.replace('{points}', points)
    expect(fill(zh.dashboard.paceAhead, paceWord(7.3).points)).toBe('超序时进度7.3个百分点')
    expect(fill(zh.dashboard.paceBehind, paceWord(-8.3).points)).toBe('欠序时进度8.3个百分点')
  })
})

describe('decimal comparison and periods', () => {
  it('compares decimal strings exactly', () => {
    expect(compareDecimal('1.10', '1.1')).toBe(0)
    expect(compareDecimal('2', '10')).toBe(-1)
    expect(compareDecimal('-1', '0')).toBe(-1)
    expect(compareDecimal('-2', '-10')).toBe(1)
    expect(compareDecimal('12345678901234567.01', '12345678901234567.00')).toBe(1)
  })

  it('labels periods as 1-N月', () => {
    expect(periodLabel(10)).toBe('1-10月')
    expect(periodLabel(1)).toBe('1月')
    expect(periodLabel(0)).toBe('')
    expect(periodLabel(3, 'en')).toBe('Jan–Mar')
    expect(monthLabel(3)).toBe('3月')
  })

  it('finds the previous month in Asia/Shanghai', () => {
    expect(previousMonth(new Date('2026-11-29T08:00:00Z'))).toEqual({ year: 2026, month: 10 })
    // 1 January 02:00 in Shanghai is still 31 December in UTC
    expect(previousMonth(new Date('2025-12-31T18:00:00Z'))).toEqual({ year: 2025, month: 12 })
    expect(previousMonth(new Date('2026-01-15T00:00:00Z'))).toEqual({ year: 2025, month: 12 })
  })
})
