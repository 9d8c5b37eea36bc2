import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { WEEKDAYS, escalationOrdered, isClock, weekdayKey } from '@/views/settings/schedule'

function get(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)
}

describe('schedule settings helpers', () => {
  it('accepts only 24-hour HH:mm times', () => {
    for (const ok of ['00:00', '09:05', '16:00', '17:30', '23:59']) expect(isClock(ok), ok).toBe(true)
    for (const bad of ['', '9:00', '24:00', '17:60', '17:3', '17:30:00', ' 17:30', null, undefined]) expect(isClock(bad), String(bad)).toBe(false)
  })

  it('names the seven weekdays Monday first, in both languages', () => {
    expect([...WEEKDAYS]).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(WEEKDAYS.map((d) => get(zhCN, weekdayKey(d)))).toEqual(['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'])
    expect(get(en, weekdayKey(1))).toBe('Monday')
    expect(get(en, weekdayKey(7))).toBe('Sunday')
  })

  it('wants escalation thresholds strictly climbing', () => {
    expect(escalationOrdered(1, 3, 5)).toBe(true)
    expect(escalationOrdered(3, 3, 5)).toBe(false)
    expect(escalationOrdered(1, 5, 5)).toBe(false)
    expect(escalationOrdered(2, 1, 5)).toBe(false)
  })
})
