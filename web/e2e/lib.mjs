// Helpers for the browser specs: start the real server on a free port with a fresh data
// directory, drive Debian's Chromium through playwright-core, sign in as a demo user.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const PASSWORD = 'Stride@2025'
export const SHOTS = '/tmp/stride-shots'
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** startServer runs `$STRIDE_BIN serve --demo` on 127.0.0.1:0 and resolves once it listens. */
export async function startServer() {
  const bin = path.resolve(webDir, process.env.STRIDE_BIN || '../bin/stride')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stride-e2e-data-'))
  const proc = spawn(bin, ['serve', '--demo', '--addr', '127.0.0.1:0', '--data-dir', dataDir], {
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
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, stop }
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
