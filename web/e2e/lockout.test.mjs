// Five wrong passwords lock the account; the login page says why and for how long.
// Runs on its own server so the lock touches no other spec.
import { after, before, it } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, submitLogin, startServer } from './lib.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

it('locks bank after five wrong passwords and says for how long', async () => {
  const { page } = browser
  await page.goto(server.url + '/login')
  const alert = page.locator('[data-testid=login-error]')
  for (let i = 1; i <= 5; i++) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
    await submitLogin(page, 'bank', `wrong-${i}`)
    const res = await answered
    assert.equal(res.status(), 401, `attempt ${i}`)
    await alert.waitFor()
  }
  const text = (await alert.textContent()).trim()
  assert.match(text, /锁定/, text)
  assert.match(text, /15\s*(分钟|minutes)/, text)

  // even the right password is refused while locked
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
  await submitLogin(page, 'bank', 'Stride@2025')
  assert.equal((await answered).status(), 401)
  assert.match((await alert.textContent()).trim(), /锁定/)
  assert.equal(new URL(page.url()).pathname, '/login')
})
