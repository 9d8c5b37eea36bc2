// Browser spec of escalation: an owner raises a blockage and HQ assigns it; the server is
// then restarted on the same data with its clock moved 20 days ahead, the daily escalation
// job finds the blockage overdue, and HQ sees it escalated, with its history, in the ledger.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, launchBrowser, login, shot, signOut, startServer } from './lib.mjs'

let server
let browser
let dataDir

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'stride-e2e-escalation-'))
  server = await startServer({ dataDir })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

// offsetTo10am is the clock offset that lands 20 days ahead at 10:00 in Shanghai, after the
// escalation job's daily hour, whatever the time of day the test runs at.
function offsetTo10am() {
  const now = Date.now()
  const shanghai = new Date(now + 8 * 3600_000) // as UTC fields, the wall clock in Shanghai
  const target = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 20, 10, 0, 0) - 8 * 3600_000
  return `${Math.round((target - now) / 1000)}s`
}

describe('escalation', () => {
  it('escalates an overdue blockage and shows it to HQ', async () => {
    const { context, page } = browser
    const title = `征迁协调久拖未决-${Date.now() % 100000}`

    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    const project = (await api(page, '/api/v1/projects?size=1')).body.items[0]
    const raised = await api(page, '/api/v1/blockages', {
      method: 'POST',
      body: JSON.stringify({ project_id: project.id, title, category: 'relocation', description: '地块内两户未签约，影响桩基施工。' }),
    })
    assert.equal(raised.status, 201, JSON.stringify(raised.body))

    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    const b = raised.body
    const assigned = await api(page, `/api/v1/blockages/${b.id}/assign`, {
      method: 'POST',
      body: JSON.stringify({ owner_unit_id: project.lead_unit_id, version: b.version, note: '请责任单位牵头协调' }),
    })
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body))
    assert.equal(assigned.body.level, 0)

    // The same data, twenty days later: nobody answered.
    await server.stop()
    server = await startServer({ dataDir, clockOffset: offsetTo10am() })
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    let escalated
    for (let i = 0; i < 40; i++) {
      const got = await api(page, `/api/v1/blockages/${b.id}`)
      assert.equal(got.status, 200, JSON.stringify(got.body))
      escalated = got.body
      if (escalated.level > 0) break
      await page.waitForTimeout(250)
    }
    assert.ok(escalated.level > 0, `level ${escalated.level}`)
    assert.ok((escalated.escalations || []).length > 0)

    await page.goto(`${server.url}/blockages`)
    await page.locator('[data-testid=blockage-link]', { hasText: title }).first().click()
    await page.locator('[data-testid=blockage-detail] [data-testid=detail-status]').waitFor()
    const detail = await page.locator('[data-testid=blockage-detail]').textContent()
    assert.match(detail, /逾期/)
    await page.waitForTimeout(300)
    await shot(page, 'blockage-escalated.png')
  })
})
