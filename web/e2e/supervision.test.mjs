// Browser specs of the blockage ledger and the weekly bulletin: an owner raises a blockage,
// HQ assigns it, the department accepts and answers it, the owner confirms; HQ drafts a
// bulletin, edits its requirements, publishes it and downloads the .docx; a department sees
// the published one; the cockpit renders. (Escalation by moving the clock is in the Go tests:
// the API offers no clock to move.)
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, launchBrowser, login, makePng, shot, signOut, startServer } from './lib.mjs'

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

async function openBlockage(page, title) {
  await page.goto(`${server.url}/blockages`)
  await page.locator('[data-testid=blockage-link]', { hasText: title }).first().click()
  await page.locator('[data-testid=blockage-detail] [data-testid=detail-status]').waitFor()
}
async function act(page, name, note = '') {
  await page.locator(`[data-testid=act-${name}]`).click()
  const dlg = page.locator('[data-testid=action-dialog]')
  await dlg.locator('[data-testid=action-note]').waitFor()
  if (note) await dlg.locator('[data-testid=action-note]').fill(note)
  return dlg
}
async function statusIs(page, status) {
  await page.waitForFunction((s) => document.querySelector('[data-testid=blockage-detail] [data-testid=detail-status]')?.getAttribute('data-status') === s, status)
}

describe('supervision', () => {
  it('runs a blockage from the owner through HQ and the department back to the owner', async () => {
    const { context, page } = browser
    const title = `施工临时用电未接入-${Date.now() % 100000}`

    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    const deptUnit = (await api(page, '/api/v1/me')).body.user.unit_name
    const deptProjects = new Set((await api(page, '/api/v1/projects?size=100')).body.items.map((p) => p.id))

    // the owner raises it on one of its projects
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    const project = (await api(page, '/api/v1/projects?size=100')).body.items.find((p) => deptProjects.has(p.id))
    assert.ok(project, 'the owner has a project in dept scope')
    await page.goto(`${server.url}/blockages`)
    await page.locator('[data-testid=blockage-add]').click()
    const dlg = page.locator('[data-testid=blockage-dialog]')
    await dlg.locator('[data-testid=blockage-project]').click()
    await page.keyboard.type(project.name.slice(0, 4))
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: project.name }).first().click()
    await dlg.locator('[data-testid=blockage-title]').fill(title)
    await dlg.locator('[data-testid=blockage-category] label', { hasText: '水电气' }).click()
    await dlg.locator('[data-testid=blockage-description]').fill('二期厂房施工临时用电申请已报供电公司，两周未接入。')
    await dlg.locator('[data-testid=blockage-submit]').click()
    await page.locator('[data-testid=blockage-link]', { hasText: title }).waitFor()
    await page.waitForTimeout(500) // the dialog fades out
    await shot(page, 'blockages.png')

    // HQ assigns it to dept's unit
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await openBlockage(page, title)
    assert.match(await page.locator('[data-testid=detail-ball]').textContent(), /指挥部/)
    const assign = await act(page, 'assign')
    await assign.locator('[data-testid=assign-unit]').click()
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: deptUnit }).first().click()
    await assign.locator('[data-testid=action-confirm]').click()
    await page.waitForFunction((u) => document.querySelector('[data-testid=detail-ball]')?.textContent?.includes(u), deptUnit)

    // the department accepts and answers
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    await openBlockage(page, title)
    await (await act(page, 'accept')).locator('[data-testid=action-confirm]').click()
    await statusIs(page, 'accepted')
    await (await act(page, 'reply', '已协调供电公司，本周五前接入临时用电。')).locator('[data-testid=action-confirm]').click()
    await statusIs(page, 'pending_confirm')
    await page.waitForTimeout(500)
    await shot(page, 'blockage-detail.png')

    // the owner confirms
    await signOut(context, page, server.url)
    await login(page, server.url, 'owner')
    await openBlockage(page, title)
    assert.match(await page.locator('[data-testid=detail-ball]').textContent(), /王|提出/)
    await (await act(page, 'confirm')).locator('[data-testid=action-confirm]').click()
    await statusIs(page, 'resolved')
    const timeline = await page.locator('[data-testid=blockage-timeline]').textContent()
    assert.match(timeline, /受理/)
    assert.match(timeline, /答复/)

    // the statistics count it for dept's unit
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await page.goto(`${server.url}/blockages`)
    await page.locator('.el-tabs__item', { hasText: '统计分析' }).click()
    await page.locator('[data-testid=blockage-stats]').waitFor()
    assert.match(await page.locator('[data-testid=blockage-stats]').textContent(), new RegExp(deptUnit))
    await shot(page, 'blockage-stats.png')
  })

  it('drafts a bulletin, edits it, publishes it and downloads the docx', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await page.goto(`${server.url}/bulletins`)
    await page.locator('[data-testid=bulletin-draft]').click()
    await page.locator('[data-testid=bulletin-draft-confirm]').click()
    await page.waitForURL((u) => /^\/bulletins\/\d+$/.test(u.pathname))
    await page.locator('[data-testid=bulletin-detail][data-status=draft]').waitFor()

    // a figure opens the rows behind it
    const n = (await page.locator('[data-testid=fig-projects]').textContent()).trim()
    await page.locator('[data-testid=fig-projects]').click()
    await page.waitForFunction((x) => document.querySelector('[data-testid=figure-dialog] .el-table')?.getAttribute('data-total') === x, n)
    await page.keyboard.press('Escape')

    const words = `请各责任单位于下周三前报送红灯项目整改措施（测试${Date.now() % 10000}）`
    await page.locator('[data-testid=bulletin-requirements]').fill(words)
    await page.locator('[data-testid=bulletin-save]').click()
    await shot(page, 'bulletin-draft.png')
    await page.locator('[data-testid=bulletin-publish]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-testid=bulletin-detail][data-status=published]').waitFor()
    assert.match(await page.locator('[data-testid=bulletin-requirements-text]').textContent(), new RegExp(words.slice(0, 10)))
    const id = new URL(page.url()).pathname.split('/').pop()

    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=bulletin-export-docx]').click()])
    assert.match(dl.suggestedFilename(), /\.docx$/)
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stride-docx-')), dl.suggestedFilename())
    await dl.saveAs(file)
    assert.ok(readFileSync(file).subarray(0, 2).equals(Buffer.from('PK')), 'the docx is a zip package')
    await shot(page, 'bulletin-published.png')

    // a department sees the published bulletin
    await signOut(context, page, server.url)
    await login(page, server.url, 'dept')
    const seen = (await api(page, '/api/v1/bulletins')).body.items
    assert.ok(seen.every((b) => b.status !== 'draft'), 'a department sees no drafts')
    assert.ok(seen.some((b) => String(b.id) === id), 'a department sees the published bulletin')
    await page.goto(`${server.url}/bulletins`)
    await page.locator('[data-testid=bulletin-table] [data-status=published]').first().waitFor()
    assert.equal(await page.locator('[data-testid=bulletin-table] [data-status=draft]').count(), 0)
    await page.goto(`${server.url}/bulletins/${id}`)
    await page.locator('[data-testid=bulletin-detail][data-status=published]').waitFor()
    assert.equal(await page.locator('[data-testid=bulletin-publish]').count(), 0)
    assert.equal(await page.locator('[data-testid=bulletin-requirements]').count(), 0)
  })

  it('shows the cockpit full screen', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'leader')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.goto(`${server.url}/cockpit`)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=cockpit-projects]')?.textContent ?? ''))
    assert.equal(await page.locator('[data-testid=sidebar]').count(), 0)
    await page.waitForTimeout(800)
    await page.screenshot({ path: '/tmp/stride-shots/cockpit.png' })
    await page.setViewportSize({ width: 1440, height: 900 })
  })
})

describe('approvals, agency service, land files, inspections and the calendar', () => {
  it('adds a later calendar year, back-schedules a project and shows the pages', async () => {
    const { context, page } = browser
    // sysadmin enters 2027 so the clocks can reach it
    await signOut(context, page, server.url)
    await login(page, server.url, 'sysadmin')
    await page.goto(`${server.url}/system/calendar`)
    await page.locator('[data-testid=calendar-years] .el-table__row').first().waitFor()
    await page.locator('[data-testid=calendar-add]').click()
    const dlg = page.locator('.el-dialog:visible')
    await dlg.locator('input').first().fill('2027-01-01')
    await dlg.locator('input').first().press('Enter')
    await dlg.locator('input').nth(1).fill('元旦')
    await dlg.locator('.el-button--primary').click()
    await page.waitForFunction(() => /2027/.test(document.querySelector('[data-testid=calendar-years]')?.textContent ?? ''))
    await page.waitForFunction(() => /2027-01-01/.test(document.querySelector('[data-testid=calendar-entries]')?.textContent ?? ''))
    await page.waitForTimeout(500)
    await shot(page, 'calendar.png')

    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    const project = (await api(page, '/api/v1/projects?size=1&stage=preliminary')).body.items[0] ?? (await api(page, '/api/v1/projects?size=1')).body.items[0]
    await page.goto(`${server.url}/approvals?project_id=${project.id}`)
    await page.locator('[data-testid=approval-build]').click()
    await page.locator('[data-testid=approval-items] .el-table__row').first().waitFor()
    await page.locator('.el-form-item', { hasText: '目标开工日期' }).locator('input').fill('2027-09-30')
    await page.locator('.el-form-item', { hasText: '目标开工日期' }).locator('input').press('Enter')
    await page.locator('.el-form-item', { hasText: '目标竣工日期' }).locator('input').fill('2027-12-20')
    await page.locator('.el-form-item', { hasText: '目标竣工日期' }).locator('input').press('Enter')
    await page.locator('[data-testid=approval-schedule]').click()
    await page.locator('[data-testid=approval-gantt] .g-row').first().waitFor()
    await shot(page, 'approvals.png')

    await page.locator('.el-tabs__item', { hasText: '审批事项目录' }).click()
    await page.locator('[data-testid=catalog-table] .el-table__row').first().waitFor()
    assert.match(await page.locator('[data-testid=catalog-table]').textContent(), /施工许可证/)
    await shot(page, 'approval-catalog.png')

    // an agency case: opened for the project, accepted by the agent's centre
    const pick = async (dialog, label, text) => {
      await dialog.locator('.el-form-item', { hasText: label }).locator('.el-select').click()
      if (text) await page.keyboard.type(text)
      const opt = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', text ? { hasText: text } : {}).first()
      await opt.click()
      await page.waitForFunction(() => document.querySelectorAll('.el-select-dropdown').length === 0 || [...document.querySelectorAll('.el-select-dropdown')].every((d) => d.offsetParent === null))
    }
    await page.goto(`${server.url}/agency-cases`)
    await page.locator('[data-testid=case-add]').click()
    const caseDlg = page.locator('.el-dialog:visible')
    await pick(caseDlg, '项目', project.name.slice(0, 6))
    await caseDlg.locator('.el-radio-button', { hasText: '代办' }).click()
    await pick(caseDlg, '代办员', '')
    await caseDlg.locator('textarea').first().fill('一企一案：代办施工许可前全部手续，每周对接一次。')
    await caseDlg.locator('.el-button--primary').click()
    await page.locator('[data-testid=case-table] .el-table__row', { hasText: project.name }).first().waitFor()
    await page.locator('[data-testid=case-table] .el-link', { hasText: /./ }).first().click()
    // 代办 needs the enterprise's signed authorisation first
    await page.locator('.el-drawer .el-upload input[type=file]').setInputFiles({ name: '授权委托书.png', mimeType: 'image/png', buffer: makePng() })
    await page.locator('.el-drawer .el-tag', { hasText: '已上传授权书' }).waitFor()
    await page.locator('.el-drawer .el-button', { hasText: '受理' }).click()
    await page.waitForFunction(() => document.querySelectorAll('.el-drawer .el-step__head.is-success').length >= 1)
    await page.waitForTimeout(400)
    await shot(page, 'agency-case.png')

    // a land file: opened, then the first first-time recorded in time
    await page.goto(`${server.url}/land-files`)
    await page.locator('.table-toolbar .el-button--primary').click()
    const landDlg = page.locator('.el-dialog:visible')
    await pick(landDlg, '项目', project.name.slice(0, 6))
    await landDlg.locator('.el-form-item', { hasText: '地块' }).locator('input').fill('GX-2026-07')
    await pick(landDlg, '经办单位', '自然资源')
    await landDlg.locator('.el-button--primary').click()
    const landRow = page.locator('[data-testid=land-table] .el-table__row', { hasText: 'GX-2026-07' }).first()
    await landRow.waitFor()
    await landRow.locator('.el-button', { hasText: '记录' }).first().click()
    await page.waitForFunction(() => /按时/.test(document.querySelector('[data-testid=land-table]')?.textContent ?? ''))
    await shot(page, 'land-files.png')

    await page.goto(`${server.url}/agency-cases`)
    await page.locator('.el-tabs__item', { hasText: '代办员工作量' }).click()
    await page.locator('[data-testid=workload-table] .el-table__row').first().waitFor()
    await page.waitForTimeout(400)
    await shot(page, 'agency.png')

    await page.goto(`${server.url}/land-files`)
    await page.locator('[data-testid=land-table]').waitFor()
    await page.locator('.el-tabs__item', { hasText: '四个第一时间' }).click()
    await page.locator('[data-testid=land-compliance]').waitFor()
    await shot(page, 'land.png')

    await page.goto(`${server.url}/inspections`)
    await page.locator('[data-testid=inspection-table] .el-table__row').first().waitFor()
    await page.locator('[data-testid=inspection-table] .el-link').last().click()
    await page.locator('.el-drawer .visit').first().waitFor()
    await page.waitForTimeout(600) // the drawer slides in
    await shot(page, 'inspections.png')
    await page.keyboard.press('Escape')
    await page.locator('.el-tabs__item', { hasText: '督办单' }).click()
    await page.locator('[data-testid=order-table] .el-table__row').first().waitFor()
    await page.waitForTimeout(400)
    await shot(page, 'orders.png')
    await page.locator('.el-tabs__item', { hasText: '检查表模板' }).click()
    await page.locator('[data-testid=template-table] .el-table__row').first().waitFor()

    // the dashboard carries the coordination figures
    await page.goto(`${server.url}/dashboard`)
    await page.locator('[data-testid=coordination-panel]').waitFor()
    assert.match(await page.locator('[data-testid=coordination-panel]').textContent(), /四个第一时间/)
  })
})
