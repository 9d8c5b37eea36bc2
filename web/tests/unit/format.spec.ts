import { describe, expect, it } from 'vitest'
import { currentYear, formatDate, formatMoney, formatTime, isMoneyInput, normalizeDecimal } from '@/format'

describe('formatMoney', () => {
  it.each([
    ['12345.67', '12,345.67'],
    ['0', '0.00'],
    ['0.5', '0.50'],
    ['1234567.1', '1,234,567.10'],
    ['999', '999.00'],
    ['1000', '1,000.00'],
    ['-1234.5', '-1,234.50'],
    ['214100.00', '214,100.00'],
    ['00012.30', '12.30'],
    ['1,234.5', '1,234.50'],
  ])('%s → %s', (input, want) => {
    expect(formatMoney(input)).toBe(want)
  })

  it('rounds half up on the digits, not through a float', () => {
    // As floats, 1.005 * 100 = 100.49999… and 0.1 + 0.2 artefacts would show up.
    expect(formatMoney('1.005')).toBe('1.01')
    expect(formatMoney('2.675')).toBe('2.68')
    expect(formatMoney('0.125')).toBe('0.13')
    expect(formatMoney('0.124999')).toBe('0.12')
    expect(formatMoney('9999999.995')).toBe('10,000,000.00')
    expect(formatMoney('-0.004')).toBe('0.00')
  })

  it('keeps every digit of amounts beyond float precision', () => {
    expect(formatMoney('12345678901234567.89')).toBe('12,345,678,901,234,567.89')
    expect(formatMoney('90071992547409931.99')).toBe('90,071,992,547,409,931.99')
  })

  it('leaves empty and non-numbers alone', () => {
    expect(formatMoney('')).toBe('')
    expect(formatMoney(null)).toBe('')
    expect(formatMoney(undefined)).toBe('')
    expect(formatMoney('abc')).toBe('abc')
    expect(formatMoney('.')).toBe('.')
  })
})

describe('normalizeDecimal', () => {
  it('pads and rounds to two places', () => {
    expect(normalizeDecimal('3')).toBe('3.00')
    expect(normalizeDecimal('3.1')).toBe('3.10')
    expect(normalizeDecimal('.5')).toBe('0.50')
    expect(normalizeDecimal('99.999')).toBe('100.00')
    expect(normalizeDecimal('x')).toBeNull()
  })
})

describe('isMoneyInput', () => {
  it('accepts 万元 amounts with up to two decimals', () => {
    expect(isMoneyInput('12345.67')).toBe(true)
    expect(isMoneyInput('12,345.6')).toBe(true)
    expect(isMoneyInput('0')).toBe(true)
    expect(isMoneyInput('1.234')).toBe(false)
    expect(isMoneyInput('-1')).toBe(false)
    expect(isMoneyInput('1e5')).toBe(false)
    expect(isMoneyInput('')).toBe(false)
  })
})

describe('times', () => {
  it('shows RFC3339 UTC in Asia/Shanghai', () => {
    expect(formatTime('2025-03-31T06:05:09Z')).toBe('2025-03-31 14:05:09')
    expect(formatTime('2025-03-31T18:00:00Z')).toBe('2025-04-01 02:00:00')
    expect(formatTime('2025-03-31T14:05:09+08:00')).toBe('2025-03-31 14:05:09')
    expect(formatTime(null)).toBe('')
    expect(formatDate('2025-12-31T16:30:00Z')).toBe('2026-01-01')
    expect(formatTime('2025-06-30T15:59:59.999Z')).toBe('2025-06-30 23:59:59')
    expect(formatTime('2024-02-28T16:00:00Z')).toBe('2024-02-29 00:00:00')
    expect(formatTime('not a time')).toBe('not a time')
  })

  it('turns the year at midnight in Asia/Shanghai, not in UTC', () => {
    expect(currentYear(new Date('2025-12-31T15:59:59Z'))).toBe(2025)
    expect(currentYear(new Date('2025-12-31T16:00:00Z'))).toBe(2026)
  })
})
