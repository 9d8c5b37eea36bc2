// Browser specs of the ledger: the monthly-report flow end to end (owner → dept → owner →
// dept → dashboard and lights), dashboard drill-downs, and a leader's read-only view.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, launchBrowser, login, makePng, menuLabels, previousMonth, shot, signOut, startServer, toMicros } from './lib.mjs'

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

const fmtMicros = (v) => {
  const neg = v < 0n
  const a = neg ? -v : v
  return `${neg ? '-' : ''}${a / 1_000_000n}.${String(a % 1_000_000n).padStart(6, '0').slice(0, 2)}`
}

/** dashboardFigures reads the completed figure from the dashboard page and the trend from the API. */
async function dashboardFigures(page, base, year) {
  await page.goto(`${base}/dashboard?year=${year}`)
  const el = page.locator('[data-testid=fig-completed-value]')
  await el.waitFor()
  const completed = await el.getAttribute('data-wan')
  const d = (await api(page, `/api/v1/dashboard?year=${year}`)).body
  return { completed, period: d.period, trend: d.trend }
}

/** lightsOf reads the lights tab of a project page and the header's light. */
async function lightsOf(page, base, id) {
  await page.goto(`${base}/projects/${id}?tab=lights`)
  const table = page.locator('[data-testid=lights-table]')
  await table.locator('.el-table__row').first().waitFor()
  const text = (await table.textContent()).replace(/\s+/g, ' ')
  const header = await page.locator('.head-tags .light-tag').first().getAttribute('data-light')
  const lights = (await api(page, `/api/v1/projects/${id}/lights`)).body
  return { text, header, lights }
}

const worst = (lights) => (['red', 'yellow', 'green'].find((c) => lights.some((l) => l.color === c)) ?? '')

async function reportRow(page, name, status) {
  const row = page.locator('[data-testid=report-table] .el-table__body-wrapper .el-table__row', { hasText: name })
  const r = status ? row.filter({ has: page.locator(`[data-status=${status}]`) }) : row
  await r.first().waitFor()
  return r.first()
}

describe('ledger', () => {
  it('runs a monthly report from the owner through review to the dashboard and the lights', async () => {
    const { context, page } = browser
    const { year, month } = previousMonth()
    const period = `${year}年${month}月`

    // the project: the owner's, reviewed by dept's unit, with a plan this year
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    const deptIds = new Set((await api(page, '/api/v1/projects?size=100')).body.items.map((p) => p.id))
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    const mine = (await api(page, `/api/v1/projects?size=100&year=${year}`)).body.items
    const project = mine.find((p) => deptIds.has(p.id) && toMicros(p.plan) > 0n) ?? mine.find((p) => deptIds.has(p.id))
    assert.ok(project, 'the owner has a project dept reviews')
    const approved = (await api(page, `/api/v1/reports?project_id=${project.id}&year=${year}&month=${month}&status=approved`)).body.items[0]
    const oldAmount = approved ? toMicros(approved.investment) : 0n
    const amount = oldAmount + 1_234_560_000n // +1,234.56万元
    const corrected = amount + 10_000_000n // +10.00 more after the return

    // before: hq's dashboard and the project's lights
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    const before = await dashboardFigures(page, server.url, year)
    const lightsBefore = await lightsOf(page, server.url, project.id)

    // 1. the owner submits the month with a photo
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    await page.goto(`${server.url}/projects/${project.id}?tab=reports`)
    await page.locator('[data-testid=report-fill]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=report-investment]').fill(fmtMicros(amount))
    await dialog.locator('textarea[name=report-progress]').fill('主体结构施工，完成三层楼板浇筑')
    if (approved) await dialog.locator('input[name=report-correction]').fill('补报遗漏的设备购置款')
    await dialog.locator('[data-testid=report-submit]').click()
    await dialog.locator('.upload-box').waitFor()
    await dialog.locator('input[type=file]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: makePng() })
    await dialog.locator('.photo-grid .el-image').first().waitFor()
    await page.waitForLoadState('networkidle')
    await dialog.locator('[data-testid=report-done]').click()
    await dialog.waitFor({ state: 'hidden' })
    const submittedRow = await reportRow(page, period, 'submitted')
    assert.match(await submittedRow.textContent(), /待审核/)

    // 2. dept returns it with a reason
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    await page.goto(`${server.url}/reports`)
    let row = await reportRow(page, project.name, 'submitted')
    await row.locator('[data-testid=report-return]').click()
    const box = page.locator('.el-message-box:visible')
    await box.locator('textarea').fill('投资额与形象进度不符，请核实')
    await box.locator('.el-button--primary').click()
    await box.waitFor({ state: 'hidden' })

    // 3. the owner sees the reason, corrects and resubmits
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    await page.goto(`${server.url}/projects/${project.id}?tab=reports`)
    row = await reportRow(page, period, 'returned')
    assert.match(await row.textContent(), /投资额与形象进度不符/)
    await row.locator('[data-testid=report-edit]').click()
    await dialog.locator('input[name=report-investment]').fill(fmtMicros(corrected))
    await dialog.locator('[data-testid=report-submit]').click()
    await dialog.locator('[data-testid=report-done]').click()
    await dialog.waitFor({ state: 'hidden' })
    await reportRow(page, period, 'submitted')

    // 4. dept approves
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    await page.goto(`${server.url}/reports`)
    row = await reportRow(page, project.name, 'submitted')
    await row.locator('[data-testid=report-approve]').click()
    await page.locator('.el-message-box:visible .el-button--primary').click()
    await page.locator('.el-message-box').waitFor({ state: 'hidden' })
    const check = (await api(page, `/api/v1/reports?project_id=${project.id}&year=${year}&month=${month}&status=approved`)).body.items[0]
    assert.equal(toMicros(check.investment), corrected)
    assert.equal(check.photos.length, 1, 'the photo stays with the report')

    // 5. the dashboard and the project's lights reflect it
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    const afterFig = await dashboardFigures(page, server.url, year)
    const delta = corrected - oldAmount
    assert.equal(
      toMicros(afterFig.trend[month - 1].completed) - toMicros(before.trend[month - 1].completed),
      delta,
      'the month in the trend moved by the approved change',
    )
    if (month <= before.period && project.plan !== '0.00') {
      assert.equal(toMicros(afterFig.completed) - toMicros(before.completed), delta, 'the headline completed figure moved by the change')
    }
    await shot(page, 'dashboard.png')
    const lightsAfter = await lightsOf(page, server.url, project.id)
    assert.notEqual(lightsAfter.text, lightsBefore.text, 'the light reasons changed')
    assert.equal(lightsAfter.header, worst(lightsAfter.lights), 'the project light is its worst dimension')
    await page.goto(`${server.url}/projects/${project.id}?tab=photos`)
    await page.locator('[data-testid=photo-cell]').first().waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'project-photos.png')
    await page.goto(`${server.url}/projects/${project.id}`)
    await page.locator('[data-testid=overview]').waitFor()
    await shot(page, 'project.png')
  })

  it('drills down from the dashboard to the matching project list', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await page.goto(`${server.url}/dashboard`)
    const chip = page.locator('[data-testid=drill-stage-construction]')
    await chip.waitFor()
    const want = await chip.getAttribute('data-count')
    await chip.click()
    await page.waitForURL((u) => u.pathname === '/projects')
    const url = new URL(page.url())
    assert.equal(url.searchParams.get('stage'), 'construction')
    assert.ok(url.searchParams.get('year'))
    assert.match(await page.locator('[data-testid=f-stage]').textContent(), /在建/)
    const table = page.locator('[data-testid=project-table]')
    await page.waitForFunction((n) => document.querySelector('[data-testid=project-table]')?.getAttribute('data-total') === n, want)
    assert.equal(await table.getAttribute('data-total'), want)
    assert.match(await page.locator('.el-pagination__total').textContent(), new RegExp(want))

    assert.equal(url.searchParams.get('ledger'), '1')

    // category, level and light: the list total equals the figure
    for (const id of ['drill-category-industrial', 'drill-level-city', 'drill-light-red', 'drill-light-green']) {
      await page.goto(`${server.url}/dashboard`)
      const c = page.locator(`[data-testid=${id}]`)
      await c.waitFor()
      const n = await c.getAttribute('data-count')
      await c.click()
      await page.waitForURL((u) => u.pathname === '/projects' && u.searchParams.get('ledger') === '1')
      await page.waitForFunction((v) => document.querySelector('[data-testid=project-table]')?.getAttribute('data-total') === v, n)
      assert.equal(await page.locator('[data-testid=project-table]').getAttribute('data-total'), n, id)
    }
    await page.locator('[data-testid=drill-tag-ledger]').waitFor()

    // a headline figure: 新开工 lists the year's new starts
    await page.goto(`${server.url}/dashboard`)
    const fig = page.locator('[data-testid=fig-new-value]')
    await fig.waitFor()
    const starts = (await fig.textContent()).trim()
    await page.locator('[data-testid=fig-new]').click()
    await page.waitForURL((u) => u.pathname === '/projects' && u.searchParams.get('nature') === 'new')
    await page.waitForFunction((n) => document.querySelector('[data-testid=project-table]')?.getAttribute('data-total') === n, starts)
    assert.match(await page.locator('[data-testid=f-nature]').textContent(), /新开工/)

    // 竣工 lists the projects completed in the year; 项目总数 the whole ledger of the year
    for (const [card, value, param] of [['fig-completions', 'fig-completions-value', 'completed_in'], ['fig-projects', 'fig-projects-value', 'ledger']]) {
      await page.goto(`${server.url}/dashboard`)
      const v = page.locator(`[data-testid=${value}]`)
      await v.waitFor()
      const n = (await v.textContent()).trim()
      await page.locator(`[data-testid=${card}]`).click()
      await page.waitForURL((u) => u.pathname === '/projects' && !!u.searchParams.get(param))
      await page.waitForFunction((x) => document.querySelector('[data-testid=project-table]')?.getAttribute('data-total') === x, n)
    }
  })

  it('shows a leader the dashboard but no buttons to add or change', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'leader')
    assert.deepEqual((await menuLabels(page)).slice(0, 2), ['首页', '数据看板'])
    // the home page carries the headline figures too
    await page.locator('[data-testid=headline]').waitFor()
    await page.goto(`${server.url}/dashboard`)
    await page.locator('[data-testid=fig-projects-value]').waitFor()
    await page.goto(`${server.url}/projects`)
    await page.locator('.el-table__row').first().waitFor()
    assert.equal(await page.locator('[data-testid=project-add]').count(), 0)
    assert.equal(await page.locator('[data-testid=project-edit]').count(), 0)
    assert.equal(await page.locator('.op-links .el-button').count(), 0)
    await page.locator('[data-testid=project-link]').first().click()
    await page.locator('[data-testid=project-detail]').waitFor()
    assert.equal(await page.locator('[data-testid=project-edit]').count(), 0)
    await page.goto(`${server.url}/campaigns`)
    await page.locator('.el-table__row').first().waitFor()
    assert.equal(await page.locator('[data-testid=campaign-add]').count(), 0)
    await page.goto(`${server.url}/reports`)
    await page.waitForLoadState('networkidle')
    assert.equal(await page.locator('[data-testid=report-fill]').count(), 0)
    assert.equal(await page.locator('[data-testid=report-approve]').count(), 0)
    // and the server refuses a change all the same
    const res = await api(page, '/api/v1/projects', { method: 'POST', body: JSON.stringify({ name: 'x' }) })
    assert.equal(res.status, 403)
  })

  it('rings the bell with open to-dos that lead to their page and can be marked done', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    const open = (await api(page, '/api/v1/messages')).body
    if (open.total === 0) return // nothing to do for dept in this demo
    const badge = page.locator('[data-testid=bell-badge] .el-badge__content')
    await page.waitForFunction((n) => document.querySelector('[data-testid=bell-badge] .el-badge__content')?.textContent?.trim() === n, String(Math.min(open.total, 99)) + (open.total > 99 ? '+' : ''))
    assert.ok(await badge.isVisible())
    await page.locator('[data-testid=bell]').click()
    const first = page.locator('[data-testid=message]').first()
    await first.waitFor()
    await first.locator('[data-testid=message-done]').click()
    await page.waitForFunction(async (n) => {
      const r = await fetch('/api/v1/messages')
      return (await r.json()).total === n
    }, open.total - 1)
    const next = open.items[1]
    if (next?.link) {
      await page.locator('[data-testid=message]').first().locator('.msg-head').click()
      await page.waitForURL((u) => u.pathname + u.search === next.link)
    }
  })

  it('shows hq the campaigns with countdown and targets', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await page.goto(`${server.url}/campaigns`)
    await page.locator('[data-testid=campaign-table] .el-table__row').first().waitFor()
    assert.ok((await page.locator('[data-testid=campaign-targets] .target').count()) > 0)
    await page.locator('[data-testid=campaign-table] .el-table__expand-icon').first().click()
    await page.waitForLoadState('networkidle')
    await shot(page, 'campaigns.png')

    // editing a campaign fetches its chosen projects by id, not page after page of the ledger
    const campaign = (await api(page, '/api/v1/campaigns')).body.items.find((c) => (c.project_ids ?? []).length > 0)
    if (campaign) {
      const calls = []
      const onReq = (r) => r.url().includes('/api/v1/projects?') && calls.push(new URL(r.url()))
      page.on('request', onReq)
      const row = page.locator('[data-testid=campaign-table] .el-table__body-wrapper .el-table__row', { hasText: campaign.name }).first()
      await row.locator('.op-links .el-button').first().click()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=campaign-projects] .el-tag').length > 0)
      page.off('request', onReq)
      const byIds = calls.find((u) => u.searchParams.get('ids'))
      assert.ok(byIds, 'the dialog asks for the chosen projects with ids=')
      assert.equal(byIds.searchParams.get('ids'), campaign.project_ids.join(','))
      assert.ok(!calls.some((u) => Number(u.searchParams.get('page')) > 1), 'no paging through the ledger')
      await page.keyboard.press('Escape')
    }
  })

  it('lets the owner upload an evidence photo to a node of 保利通信产业园 and shows its thumbnail', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    const mine = (await api(page, '/api/v1/projects?size=100')).body.items
    const project = mine.find((p) => p.name === '保利通信产业园')
    assert.ok(project, 'the owner sees 保利通信产业园')
    const nodes = (await api(page, `/api/v1/projects/${project.id}/milestones`)).body.items
    assert.ok(nodes.length > 0, 'the project has promotion-plan nodes')

    await page.goto(`${server.url}/projects/${project.id}?tab=milestones`)
    const table = page.locator('[data-testid=milestone-table]')
    const row = table.locator('.el-table__body-wrapper .el-table__row').first()
    await row.waitFor()
    const before = await row.locator('[data-testid=milestone-thumb]').count()
    const uploaded = page.waitForResponse((r) => /\/api\/v1\/milestones\/[^/]+\/photos$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST')
    await row.locator('[data-testid=milestone-upload] input[type=file]').setInputFiles({ name: 'node.png', mimeType: 'image/png', buffer: makePng() })
    const res = await uploaded
    assert.ok(res.ok(), `upload answered ${res.status()}: ${await res.text()}`)
    await row.locator('[data-testid=milestone-thumb]').nth(before).waitFor()
    const img = row.locator('[data-testid=milestone-thumb] img').nth(before)
    await img.waitFor()
    assert.match(await img.getAttribute('src'), /\/api\/v1\/milestone-photos\/[^/]+\/thumb$/)
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle())

    // the server keeps it on the node, and 照片 lists it with the node's name
    const after = (await api(page, `/api/v1/projects/${project.id}/milestones`)).body.items
    const node = after.find((m) => (m.photos ?? []).length > 0)
    assert.ok(node, 'a node carries the photo')
    await page.goto(`${server.url}/projects/${project.id}?tab=photos`)
    await page.locator('[data-testid=photo-cell]', { hasText: `推进节点：${node.name}` }).first().waitFor()
    await shot(page, 'milestone-evidence.png')
  })
})
