// Helpers for the browser specs: start the real server on a free port with a fresh data
// directory, drive Debian's Chromium through playwright-core, sign in as a demo user.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { chromium } from 'playwright-core'

export const PASSWORD = 'Stride@2025'
export const SHOTS = '/tmp/stride-shots'
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * startServer runs `$STRIDE_BIN serve --demo` on 127.0.0.1:0 and resolves once it listens.
 * opts.dataDir reuses a data folder (kept on stop); opts.clockOffset moves the server's clock
 * (a Go duration such as "480h").
 */
export async function startServer(opts = {}) {
  const bin = path.resolve(webDir, process.env.STRIDE_BIN || '../bin/stride')
  const dataDir = opts.dataDir || mkdtempSync(path.join(tmpdir(), 'stride-e2e-data-'))
  const args = ['serve', '--demo', '--addr', '127.0.0.1:0', '--data-dir', dataDir]
  if (opts.clockOffset) args.push('--clock-offset', opts.clockOffset)
  const proc = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000)
    const onData = (chunk) => {
      output += chunk.toString()
      const m = /Stride listening on (http:\/\/[^\s]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace(/\/$/, ''))
      }
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', (c) => (output += c.toString()))
    proc.on('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`cannot start ${bin}: ${e.message}`))
    })
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}) before listening:\n${output}`))
    })
  })
  // keep draining the pipes so the server never blocks on a full one
  proc.stdout.removeAllListeners('data')
  proc.stdout.on('data', () => {})
  proc.stderr.removeAllListeners('data')
  proc.stderr.on('data', () => {})
  proc.removeAllListeners('exit')
  // never leave a server behind, even when a spec crashes the runner
  const killOnExit = () => proc.kill('SIGKILL')
  process.once('exit', killOnExit)

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    }
    process.removeListener('exit', killOnExit)
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, stop, dataDir }
}

/** launchBrowser starts headless Chromium with a fresh profile; close() removes the profile. */
export async function launchBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'stride-e2e-chrome-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  async function close() {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  return { context, page, close }
}

/** signOut forgets the session and the language choice, as a fresh browser would. */
export async function signOut(context, page, base) {
  await context.clearCookies()
  await page.goto(base + '/login')
  await page.evaluate(() => localStorage.clear())
}

/** submitLogin fills and submits the login form on the current page. */
export async function submitLogin(page, username, password = PASSWORD) {
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-testid=login-submit]').click()
}

/** login signs in and waits for the home page. */
export async function login(page, base, username, password = PASSWORD) {
  await page.goto(base + '/login')
  await submitLogin(page, username, password)
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('[data-testid=sidebar] .menu-page').first().waitFor()
}

/** menuLabels lists the sidebar's page entries, groups flattened, in order. */
export async function menuLabels(page) {
  return page.$$eval('[data-testid=sidebar] .menu-page', (els) => els.map((e) => e.textContent.trim()))
}

/** shot saves a screenshot for a person to look at. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true })
}

/** makePng draws a small RGB PNG (a colour gradient) in memory, for upload tests. */
export function makePng(width = 32, height = 24) {
  const { deflateSync, crc32 } = zlib
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    raw[row] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 255) / width
      raw[row + 2 + x * 3] = (y * 255) / height
      raw[row + 3 + x * 3] = 160
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td) >>> 0)
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** toMicros turns a 万元 decimal string into an integer count of millionths, for exact sums. */
export function toMicros(s) {
  const m = /^(-?)(\d+)(?:\.(\d{0,6}))?$/.exec(String(s).replace(/,/g, ''))
  if (!m) throw new Error(`not an amount: ${s}`)
  const v = BigInt(m[2]) * 1_000_000n + BigInt((m[3] || '').padEnd(6, '0'))
  return m[1] ? -v : v
}

/** api calls the server from the page, with the page's session. */
export async function api(page, path, init = {}) {
  return page.evaluate(
    async ([p, i]) => {
      const r = await fetch(p, { ...i, headers: { 'Content-Type': 'application/json', ...(i.headers || {}) } })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null }
    },
    [path, init],
  )
}

/** previousMonth is the month before today in Asia/Shanghai. */
export function previousMonth(now = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  )
  const y = Number(parts.year)
  const m = Number(parts.month)
  return m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 }
}

/** zipEntry returns the uncompressed bytes of one file of a ZIP archive (an .xlsx), read
 * through the central directory since the local headers may leave the sizes out. */
export function zipEntry(buf, name) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('not a zip archive')
  let p = buf.readUInt32LE(end + 16)
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    if (buf.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
      const data = buf.subarray(start, start + size)
      return method === 8 ? zlib.inflateRawSync(data) : data
    }
    p += 46 + skip
  }
  throw new Error(`no ${name} in the archive`)
}

/** sheetRows reads the first worksheet of an .xlsx as rows of cell texts (inline strings
 * and raw numbers; shared strings are not looked up). */
export function sheetRows(buf) {
  const xml = zipEntry(buf, 'xl/worksheets/sheet1.xml').toString('utf8')
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((r) =>
    [...r[1].matchAll(/<c [^>]*?(?:\/>|>(.*?)<\/c>)/gs)].map((c) => {
      const t = /<t[^>]*>(.*?)<\/t>/s.exec(c[1] || '')
      const v = /<v>(.*?)<\/v>/s.exec(c[1] || '')
      return unescape(t ? t[1] : v ? v[1] : '')
    }),
  )
}
