// Browser benchmark of the dashboard: how long from navigation until 数据看板 is usable, in
// headless Chromium on this machine, against a real server on a real (large) database.
//
//	cd web && STRIDE_BIN=../bin/stride STRIDE_BENCH_DB=/tmp/copy/stride.db node bench/dashboard.mjs
//
// STRIDE_BENCH_DB is a SQLite file or a postgres:// URL; the server writes to it (start-up
// jobs, sessions), so give it a copy. STRIDE_BENCH_USERS (default hq,dept,leader) and
// STRIDE_BENCH_RUNS (default 10) choose who and how often.
//
// "Usable" is the page's own mark stride:dashboard-ready (DashboardView sets it, with
// data-ready="true", right after the frame that paints the headline figures and the counts:
// they can be read and followed; the charts' code is asked for only then); "charts" is
// stride:dashboard-charts, when every chart has drawn its first frame with the figures (what
// "usable" meant until the charts came after the figures); "complete" is
// stride:dashboard-complete, when the part below the fold (ranking, red list, coordination
// figures) is rendered too and the charts' entry animations are over. Per user it times
// three ways of arriving:
//   cold       a new browser context (empty cache) opening /dashboard by URL, signed in
//   in-app 1st the app open on 首页, the dashboard not yet visited: a click on its menu entry
//   in-app     the same click when the dashboard has been visited before in this context
// and prints p50/p95/max of each; the page's main-thread CPU time until usable and until the
// charts have drawn, read from a
// Chrome trace of one more run of each (steadier than wall time on a shared machine); the
// bytes a cold load transfers; and, for the median cold run, when each request started and
// ended, so a reader sees where the time goes.
// It prints figures and asserts nothing.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const PASSWORD = 'Stride@2025'
const READY = 'stride:dashboard-ready'
const CHARTS = 'stride:dashboard-charts'
const COMPLETE = 'stride:dashboard-complete'
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const db = process.env.STRIDE_BENCH_DB
if (!db) {
  console.error('STRIDE_BENCH_DB must name a database (a copy: the server writes to it)')
  process.exit(2)
}
const bin = path.resolve(webDir, process.env.STRIDE_BIN || '../bin/stride')
const users = (process.env.STRIDE_BENCH_USERS || 'hq,dept,leader').split(',').filter(Boolean)
const runs = Number(process.env.STRIDE_BENCH_RUNS || 10)

/** startServer runs `stride serve` on a free loopback port over the database and resolves
 * with its URL once it listens. */
async function startServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stride-bench-data-'))
  const args = ['serve', '--addr', '127.0.0.1:0', '--db', db, '--data-dir', dataDir, '--log-level', 'error']
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 5 min:\n${output}`)), 300_000)
    proc.stdout.on('data', (chunk) => {
      output += chunk.toString()
      const m = /Stride listening on (http:\/\/[^\s]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace(/\/$/, ''))
      }
    })
    proc.stderr.on('data', (c) => (output += c.toString()))
    proc.on('error', (e) => reject(new Error(`cannot start ${bin}: ${e.message}`)))
    proc.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)))
  })
  proc.stdout.removeAllListeners('data').on('data', () => {})
  proc.stderr.removeAllListeners('data').on('data', (c) => process.stderr.write(c))
  proc.removeAllListeners('exit')
  const killOnExit = () => proc.kill('SIGKILL')
  process.once('exit', killOnExit)
  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(t)
    }
    process.removeListener('exit', killOnExit)
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, pid: proc.pid, stop }
}

/** cpuTime is the CPU time in ms a process has used, from /proc. */
function cpuTime(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // utime + stime, in clock ticks of 1/100 s
}

/** settle waits until the server has used under 5% of a core for two seconds running: at
 * start it runs its daily jobs (lights; on a Sunday the week's bulletin), and a page timed
 * while they run times them. Returns the wait in ms. */
async function settle(pid) {
  const tick = 500
  const start = Date.now()
  let last = cpuTime(pid)
  for (let quiet = 0; quiet < 4; ) {
    if (Date.now() - start > 10 * 60_000) throw new Error('the server did not settle in 10 min')
    await new Promise((r) => setTimeout(r, tick))
    const now = cpuTime(pid)
    quiet = now - last < tick / 20 ? quiet + 1 : 0
    last = now
  }
  return Date.now() - start
}

/** signIn logs a user in through the API and returns the session cookies; a server still
 * busy (5xx) is asked again for up to a minute. */
async function signIn(base, username) {
  const start = Date.now()
  for (;;) {
    const res = await fetch(base + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    })
    await res.arrayBuffer()
    if (res.ok) {
      return res.headers.getSetCookie().map((c) => {
        const [pair] = c.split(';')
        const i = pair.indexOf('=')
        return { name: pair.slice(0, i), value: pair.slice(i + 1), url: base }
      })
    }
    if (res.status < 500 || Date.now() - start > 60_000) throw new Error(`login ${username}: status ${res.status}`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}

const CONTEXT = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

/** newContext is a browser context with an empty cache, signed in with the cookies. */
async function newContext(browser, cookies) {
  const context = await browser.newContext(CONTEXT)
  context.setDefaultTimeout(60_000)
  await context.addCookies(cookies)
  return context
}

/** markAfter waits for the page's mark name later than t0 (ms since its time origin) and
 * returns its time. */
async function markAfter(page, name, t0) {
  const h = await page.waitForFunction(
    ([n, t]) => performance.getEntriesByName(n).find((e) => e.startTime > t)?.startTime,
    [name, t0],
    { polling: 'raf' },
  )
  return h.jsonValue()
}

/** resources reads the page's resource timings later than t0, relative to t0. */
function resources(page, t0) {
  return page.evaluate(
    (t) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime >= t)
        .map((e) => ({
          url: new URL(e.name).pathname + new URL(e.name).search,
          type: e.initiatorType,
          start: e.startTime - t,
          end: e.responseEnd - t,
          wait: e.responseStart - e.requestStart, // request sent → first byte: the server's time
          transfer: e.transferSize,
          body: e.encodedBodySize,
        })),
    t0,
  )
}

/** coldRun opens /dashboard in a new context and times it from the navigation's start;
 * with trace, it also reads the main thread's CPU time until usable from a Chrome trace. */
async function coldRun(browser, base, cookies, trace = false) {
  const context = await newContext(browser, cookies)
  try {
    const page = await context.newPage()
    if (trace) await browser.startTracing(page, { categories: TRACE })
    await page.goto(base + '/dashboard', { waitUntil: 'commit' })
    const ready = await markAfter(page, READY, 0)
    const charts = await markAfter(page, CHARTS, 0)
    const cpu = trace ? mainThreadCPU(await browser.stopTracing()) : {}
    const complete = await markAfter(page, COMPLETE, 0)
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0]
      return { url: '/dashboard (document)', type: 'navigation', start: 0, end: n.responseEnd, wait: n.responseStart - n.requestStart, transfer: n.transferSize, body: n.encodedBodySize }
    })
    return { ready, charts, complete, cpu, requests: [nav, ...(await resources(page, 0))] }
  } finally {
    await context.close()
  }
}

/** clickMenu clicks the sidebar entry to path and returns the click's time in the page. */
async function clickMenu(page, to) {
  return page.evaluate((p) => {
    const t0 = performance.now()
    const item = [...document.querySelectorAll('[data-testid=sidebar] .menu-page')].find((e) => e.dataset.path === p || e.getAttribute('index') === p)
    if (!item) throw new Error(`no menu entry for ${p}`)
    item.click()
    return t0
  }, to)
}

/** inAppRuns opens 首页 in a new context, then goes to the dashboard by its menu entry n
 * times, back to 首页 in between; the first visit is "in-app 1st", the others "in-app".
 * With trace, the last visit is traced (see coldRun). */
async function inAppRuns(browser, base, cookies, n, trace = false) {
  const context = await newContext(browser, cookies)
  const first = []
  const again = []
  try {
    const page = await context.newPage()
    await page.goto(base + '/home')
    await page.locator('[data-testid=sidebar] .menu-page').first().waitFor()
    for (let i = 0; i <= n; i++) {
      await page.waitForLoadState('networkidle')
      const traced = trace && i === n
      if (traced) await browser.startTracing(page, { categories: TRACE })
      const t0 = await clickMenu(page, '/dashboard')
      const ready = (await markAfter(page, READY, t0)) - t0
      const charts = (await markAfter(page, CHARTS, t0)) - t0
      const cpu = traced ? mainThreadCPU(await browser.stopTracing()) : {}
      const complete = (await markAfter(page, COMPLETE, t0)) - t0
      ;(i === 0 ? first : again).push({ ready, charts, complete, cpu, requests: await resources(page, t0) })
      await clickMenu(page, '/home')
      await page.locator('[data-testid=greeting]').waitFor()
    }
  } finally {
    await context.close()
  }
  return { first, again }
}

// TRACE are the trace categories mainThreadCPU reads: tasks with their thread (CPU) time, and
// the page's performance marks.
const TRACE = ['disabled-by-default-devtools.timeline', 'blink.user_timing']

/** mainThreadCPU sums the CPU time of the tasks the page's main thread ran from the start of
 * the trace to the last usable mark in it (ready), and to the last charts mark (charts).
 * Unlike the wall time, it hardly moves with what else the machine runs, so it says what
 * the page costs. */
function mainThreadCPU(buf) {
  const events = JSON.parse(buf.toString()).traceEvents
  const until = (name) => {
    const mark = events.filter((e) => e.name === name).at(-1)
    if (!mark) return NaN
    return events
      .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid && e.ts <= mark.ts)
      .reduce((sum, e) => sum + (e.tdur ?? e.dur), 0) / 1000
  }
  return { ready: until(READY), charts: until(CHARTS) }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}
const ms = (x) => `${Math.round(x)} ms`.padStart(8)
const kb = (x) => `${(x / 1024).toFixed(1)} KB`

function summary(label, rs) {
  const r = rs.map((x) => x.ready)
  const c = rs.map((x) => x.charts)
  const s = rs.map((x) => x.complete)
  return `  ${label.padEnd(11)} n=${String(rs.length).padEnd(3)} usable p50 ${ms(pct(r, 50))} p95 ${ms(pct(r, 95))} max ${ms(Math.max(...r))}` +
    ` | charts p50 ${ms(pct(c, 50))} p95 ${ms(pct(c, 95))} | complete p50 ${ms(pct(s, 50))} p95 ${ms(pct(s, 95))}`
}

/** apiTimes gives, per API path, the median of request start → response end and of the
 * server's share (request sent → first byte) over the runs. */
function apiTimes(rs) {
  const by = new Map()
  for (const r of rs) {
    for (const q of r.requests) {
      if (!q.url.startsWith('/api/')) continue
      const key = q.url.split('?')[0]
      const e = by.get(key) || { total: [], wait: [], start: [] }
      e.total.push(q.end - q.start)
      e.wait.push(q.wait)
      e.start.push(q.start)
      by.set(key, e)
    }
  }
  return [...by.entries()]
    .sort((a, b) => pct(a[1].start, 50) - pct(b[1].start, 50))
    .map(([k, e]) => `      ${k.padEnd(36)} starts ${ms(pct(e.start, 50))}  takes ${ms(pct(e.total, 50))}  (server ${ms(pct(e.wait, 50))}, p95 ${ms(pct(e.total, 95))})`)
}

function bytes(r) {
  const sum = (f) => r.requests.filter(f).reduce((s, q) => s + q.transfer, 0)
  const body = (f) => r.requests.filter(f).reduce((s, q) => s + q.body, 0)
  const js = (q) => /\.m?js(\?|$)/.test(q.url)
  const css = (q) => /\.css(\?|$)/.test(q.url)
  const api = (q) => q.url.startsWith('/api/')
  return `    transferred: JS ${kb(sum(js))} in ${r.requests.filter(js).length} files, CSS ${kb(sum(css))} in ${r.requests.filter(css).length}, ` +
    `API ${kb(body(api))} in ${r.requests.filter(api).length} calls, everything ${kb(sum(() => true))}`
}

/** waterfall lists a run's requests in order of start: the document and the API calls one
 * by one, the app's code (JS and CSS files) as one line per wave of requests, with its
 * largest file. */
function waterfall(r) {
  const line = (start, end, size, what) => ({ start, text: `      ${ms(start)} → ${ms(end)}  ${kb(size).padStart(9)}  ${what}` })
  const rows = []
  let wave = null
  const flush = () => {
    if (!wave) return
    const big = wave.largest
    rows.push(line(wave.start, wave.end, wave.size, `${wave.n} JS/CSS files, the largest ${big.url.split('/').pop()} (${kb(big.transfer)}) done at ${Math.round(big.end)} ms`))
    wave = null
  }
  for (const q of [...r.requests].sort((a, b) => a.start - b.start)) {
    if (!q.url.startsWith('/assets/')) {
      rows.push(line(q.start, q.end, q.transfer, q.url.length > 60 ? q.url.slice(0, 57) + '…' : q.url))
      continue
    }
    if (wave && q.start - wave.last > 150) flush()
    wave ??= { start: q.start, end: 0, size: 0, n: 0, largest: q }
    wave.end = Math.max(wave.end, q.end)
    wave.size += q.transfer
    wave.n++
    wave.last = q.start
    if (q.transfer > wave.largest.transfer) wave.largest = q
  }
  flush()
  return rows.sort((a, b) => a.start - b.start).map((x) => x.text).concat([`      usable at ${ms(r.ready)}, charts at ${ms(r.charts)}, complete at ${ms(r.complete)}`])
}

async function main() {
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ')
  console.log(`database: ${db}`)
  console.log(`load average at start: ${load()} (the figures scale with what else runs on the machine)`)
  const t = Date.now()
  const server = await startServer()
  console.log(`server ${server.url} listening after ${Date.now() - t} ms`)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    console.log(`server settled after ${await settle(server.pid)} ms (start-up jobs done)`)
    for (const user of users) {
      const cookies = await signIn(server.url, user)
      const cold = []
      for (let i = 0; i < runs; i++) cold.push(await coldRun(browser, server.url, cookies))
      const { first, again } = await inAppRuns(browser, server.url, cookies, runs)
      // in-app 1st happens once per context: take more contexts to have runs of it
      for (let i = 1; i < runs; i++) first.push(...(await inAppRuns(browser, server.url, cookies, 0)).first)
      // one traced run of each, apart from the timed ones (tracing slows a page down)
      const traced = [await coldRun(browser, server.url, cookies, true), (await inAppRuns(browser, server.url, cookies, 0, true)).first[0], (await inAppRuns(browser, server.url, cookies, 1, true)).again[0]]
      const firstAPI = cold[0].requests.find((q) => q.url.startsWith('/api/v1/dashboard'))
      console.log(`\n${user}: ${runs} runs each; the first cold run was usable in ${ms(cold[0].ready).trim()}, its /api/v1/dashboard ` +
        `took ${ms(firstAPI.end - firstAPI.start).trim()} (a miss of the server's cache when this user is the first of the scope)`)
      console.log(summary('cold', cold))
      console.log(summary('in-app 1st', first))
      console.log(summary('in-app', again))
      const cpu = (k) => `cold ${ms(traced[0].cpu[k]).trim()}, in-app 1st ${ms(traced[1].cpu[k]).trim()}, in-app ${ms(traced[2].cpu[k]).trim()}`
      console.log(`    main-thread CPU (one traced run each) until usable: ${cpu('ready')}; until charts: ${cpu('charts')}`)
      const median = [...cold].sort((a, b) => a.ready - b.ready)[Math.floor((cold.length - 1) / 2)]
      console.log(`    cold load, median run:`)
      console.log(bytes(median))
      console.log(waterfall(median).join('\n'))
      console.log(`    API calls, median over runs (cold / in-app):`)
      console.log(apiTimes(cold).join('\n'))
      console.log('      --')
      console.log(apiTimes(again).join('\n'))
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  console.log(`\nload average at the end: ${load()}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
