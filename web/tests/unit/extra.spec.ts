import { describe, expect, it } from 'vitest'
import { fileName } from '@/api/extra'
import { cnDate, isoWeek } from '@/views/bulletins/week'

describe('downloads', () => {
  it('takes the UTF-8 file name the server offers, else the plain one, else the fallback', () => {
    expect(fileName(`attachment; filename="ledger.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx`, 'x')).toBe('台账.xlsx')
    expect(fileName('attachment; filename="errors.xlsx"', 'x')).toBe('errors.xlsx')
    expect(fileName(null, 'fallback.xlsx')).toBe('fallback.xlsx')
  })
})

describe('bulletin weeks and dates', () => {
  it('names ISO weeks, across year ends too', () => {
    expect(isoWeek(new Date(2025, 3, 2))).toBe('2025-W14')
    expect(isoWeek(new Date(2026, 10, 29))).toBe('2026-W48') // a Sunday ends its week
    expect(isoWeek(new Date(2026, 10, 30))).toBe('2026-W49') // Monday starts the next
    expect(isoWeek(new Date(2024, 11, 30))).toBe('2025-W01')
    expect(isoWeek(new Date(2027, 0, 1))).toBe('2026-W53')
  })
  it('writes document dates as 2025年3月31日', () => {
    expect(cnDate('2025-03-31')).toBe('2025年3月31日')
    expect(cnDate('2026-11-09T08:00:00Z')).toBe('2026年11月9日')
    expect(cnDate('')).toBe('')
  })
})

describe('i18n extension', () => {
  it('adds sections without replacing one of the main files', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const sections = (file: string) => new Set([...readFileSync(join(__dirname, '../../src/i18n', file), 'utf8').matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]))
    for (const lang of ['zh-CN', 'en']) {
      const main = sections(`${lang}.ts`)
      const ext = [...sections(`ext/${lang}.ts`)]
      expect(ext.length).toBeGreaterThan(5)
      expect(ext.filter((k) => main.has(k))).toEqual([])
    }
  })
})
