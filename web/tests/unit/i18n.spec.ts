import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv)
    else out.set(key, v)
  }
  return out
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : /\.(vue|ts)$/.test(n) ? [p] : []
  })
}

const zh = flatten(zhCN)
const enKeys = flatten(en)

describe('i18n messages', () => {
  it('every zh-CN key exists in en', () => {
    expect([...zh.keys()].filter((k) => !enKeys.has(k))).toEqual([])
  })
  it('every en key exists in zh-CN', () => {
    expect([...enKeys.keys()].filter((k) => !zh.has(k))).toEqual([])
  })
  it('no message is empty except where a language needs no word', () => {
    const allowedEmpty = new Set(['home.countUnit', 'common.pieces'])
    for (const [k, v] of [...zh, ...enKeys]) {
      if (allowedEmpty.has(k)) continue
      expect(typeof v === 'string' && v.length > 0, k).toBe(true)
    }
  })
  it('placeholders match between languages', () => {
    const ph = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',')
    for (const [k, v] of zh) expect(ph(enKeys.get(k)), k).toBe(ph(v))
  })
  it('every key the code uses exists', () => {
    const src = join(__dirname, '../../src')
    const used = new Set<string>()
    const re = /(?:\bt\(|title: |label: |\bkind: )'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g
    for (const f of files(src)) {
      if (f.includes(`${join('src', 'i18n')}`)) continue
      for (const m of readFileSync(f, 'utf8').matchAll(re)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(100)
    expect([...used].filter((k) => !zh.has(k))).toEqual([])
  })
})
