// Browser specs against the real binary: menus per role, English, creating a user, and the
// auditor's view. One server for the file; each test signs in afresh.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { api, launchBrowser, login, menuLabels, shot, signOut, startServer, submitLogin } from './lib.mjs'

const BIZ = ['首页', '数据看板', '项目台账', '月报审核', '专项行动']
const COORD = ['审批事项', '帮办代办', '土地报批', '难点堵点', '督查', '周通报']
// 审批与堵点时限 is for those who keep the settings or the approval catalogue (HQ);
// 通报设置 for those who edit bulletins; both for sysadmin.
const CLOCKS = '审批与堵点时限'
const MENUS = {
  hq: [...BIZ, ...COORD, '自定义字段', '节点模板', CLOCKS, '通报设置', '单位管理'],
  dept: [...BIZ, '审批事项', '土地报批', '难点堵点', '督查', '周通报'],
  owner: ['首页', '项目台账', '月报审核', '审批事项', '帮办代办', '土地报批', '难点堵点', '督查'],
  bank: ['首页'],
  leader: [...BIZ, ...COORD],
  agent: [...BIZ, '审批事项', '帮办代办', '土地报批', '难点堵点'],
  sysadmin: ['首页', '红黄绿灯阈值', CLOCKS, '通报设置', '单位管理', '用户管理', '系统设置', '工作日历', '数据备份'],
  secadmin: ['首页', '用户管理', '角色管理', '安全策略'],
  auditor: ['首页', '审计日志', '登录日志'],
}

let server
let browser
/** created is the account sysadmin makes in the dialog; later tests sign in with it. */
const created = { username: `e2e${Date.now() % 1_000_000}`, password: 'Init@2025x', newPassword: 'Chg#2025yz' }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

describe('Stride web', () => {
  it('shows each demo role exactly its menu', async () => {
    const { context, page } = browser
    for (const [user, want] of Object.entries(MENUS)) {
      await signOut(context, page, server.url)
      await login(page, server.url, user)
      assert.deepEqual(await menuLabels(page), want, `menu of ${user}`)
      if (user === 'hq') {
        // the home page of a business user: greeting and project counts by stage
        await page.locator('[data-testid=greeting]').waitFor()
        await page.locator('[data-testid=count-total]').filter({ hasText: /\d/ }).waitFor()
        await page.waitForLoadState('networkidle')
        await shot(page, 'hq-home.png')
      }
    }
  })

  it('switches the menu to English', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    assert.deepEqual(await menuLabels(page), MENUS.hq)
    await page.locator('.navbar [data-testid=lang-switch]').click()
    await page.locator('.el-dropdown-menu__item[data-lang=en]:visible').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=sidebar] .menu-page')?.textContent?.trim() === 'Home')
    const EN = ['Home', 'Dashboard', 'Project Ledger', 'Monthly Reports', 'Campaigns', 'Approvals', 'Agency Service', 'Land Approval', 'Blockages', 'Inspections', 'Weekly Bulletins', 'Custom Fields', 'Node Templates', 'Clock Thresholds', 'Bulletin Schedule', 'Units']
    assert.deepEqual(await menuLabels(page), EN)
    // the choice survives a reload
    await page.reload()
    await page.locator('[data-testid=sidebar] .menu-page').first().waitFor()
    assert.deepEqual(await menuLabels(page), EN)
    // and server messages come back in English as well: the project list still loads
    await page.goto(server.url + '/projects')
    await page.locator('.el-table__row').first().waitFor()
  })

  it('lets sysadmin create a user through the dialog', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'sysadmin')
    await page.goto(server.url + '/system/users')
    await page.locator('.el-table__row').first().waitFor()
    const username = created.username

    await page.locator('[data-testid=user-add]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=new-username]').fill(username)
    await dialog.locator('input[name=new-name]').fill('测试用户')
    await dialog.locator('[data-testid=user-unit]').click()
    await page.locator('.el-select-dropdown:visible .el-tree-node__content').first().click()
    await dialog.locator('input[name=new-phone]').fill('13800138000')
    await dialog.locator('input[name=new-email]').fill('e2e@example.com')
    await dialog.locator('input[name=new-password]').fill(created.password)
    await dialog.locator('[data-testid=user-submit]').click()
    await dialog.waitFor({ state: 'hidden' })

    await page.locator('.search-form input').first().fill(username)
    await page.locator('.search-form .el-button--primary').click()
    const row = page.locator('.el-table__body-wrapper .el-table__row', { hasText: username })
    await row.first().waitFor()
    assert.match(await row.first().textContent(), /测试用户/)
    await page.locator('.search-form input').first().fill('')
    await page.locator('.search-form .el-button--primary').click()
    await page.locator('.el-table__row').nth(1).waitFor()
    await page.waitForLoadState('networkidle')
    await shot(page, 'users.png')
  })

  it('makes a new user change the initial password before anything else', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await page.goto(server.url + '/login')
    await submitLogin(page, created.username, created.password)
    await page.waitForURL((u) => u.pathname === '/profile/password')
    await page.locator('[data-testid=password-forced]').waitFor()
    // nothing else opens until the password is changed
    await page.goto(server.url + '/home')
    await page.waitForURL((u) => u.pathname === '/profile/password')
    const form = page.locator('.pwd-form')
    await form.locator('input').nth(0).fill(created.password)
    await form.locator('input').nth(1).fill(created.newPassword)
    await form.locator('input').nth(2).fill(created.newPassword)
    await form.locator('.el-button--primary').click()
    await page.waitForURL((u) => u.pathname === '/home' || u.pathname === '/login')
    if (new URL(page.url()).pathname === '/login') await login(page, server.url, created.username, created.newPassword)
    await page.locator('[data-testid=greeting]').waitFor()
    assert.match(await page.locator('[data-testid=greeting]').textContent(), /测试用户/)
  })

  it('shows the auditor the audit log and keeps projects from them', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'auditor')
    await page.goto(server.url + '/audit/logs')
    const rows = page.locator('[data-testid=audit-table] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    assert.ok((await rows.count()) > 0, 'audit log has rows')
    // the user created by sysadmin above is in the log
    assert.match(await page.locator('[data-testid=audit-table]').textContent(), /user\.create|sysadmin/)

    await page.goto(server.url + '/audit/logins')
    await page.locator('[data-testid=login-table] .el-table__row').first().waitFor()

    const projectCalls = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/projects') && r.ok()) projectCalls.push(r.url())
    })
    await page.goto(server.url + '/projects')
    await page.locator('[data-testid=forbidden]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/403')
    assert.equal(await page.locator('.el-table__row').count(), 0)
    assert.deepEqual(projectCalls, [], 'no project data reached the auditor')
    // and the server refuses too
    const status = await page.evaluate(async () => (await fetch('/api/v1/projects')).status)
    assert.equal(status, 403)
  })
  it('lets sysadmin change the clock thresholds and the bulletin schedule', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'sysadmin')
    /** num is the text box of an el-input-number (or el-input) by its data-testid. */
    const num = (id) => page.locator(`[data-testid=${id}] input, input[data-testid=${id}]`).first()
    const setNum = async (id, v) => {
      await num(id).fill(String(v))
      await num(id).press('Tab')
    }

    // 审批与堵点时限: loads with GET, a field error comes back from the server's fields
    const before = (await api(page, '/api/v1/approval-settings')).body
    await page.goto(server.url + '/settings/clocks')
    await page.locator('[data-testid=approval-settings]').waitFor()
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid=blockage-resolve-days] input')?.value === String(v),
      before.blockage_resolve_days,
    )
    assert.equal(await page.locator('[data-testid=approval-settings] .el-date-editor input').inputValue(), before.office_cutoff)
    await setNum('blockage-resolve-days', 1) // less than the response limit: refused
    await page.locator('[data-testid=approval-settings-save]').click()
    const fieldError = page.locator('.el-form-item.is-error .el-form-item__error')
    await fieldError.first().waitFor()
    assert.equal((await api(page, '/api/v1/approval-settings')).body.version, before.version)

    // a valid change saves with the version and comes back with the next one
    await setNum('blockage-resolve-days', before.blockage_resolve_days + 2)
    await setNum('near-due-days', 4)
    await page.locator('[data-testid=approval-settings-save]').click()
    await page.locator('.el-message--success').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('.el-form-item.is-error'))
    const saved = (await api(page, '/api/v1/approval-settings')).body
    assert.equal(saved.near_due_days, 4)
    assert.equal(saved.blockage_resolve_days, before.blockage_resolve_days + 2)
    assert.equal(saved.version, before.version + 1)
    await shot(page, 'approval-settings.png')

    // a stale version is refused with 409 and a message, through the API and on the page
    const stale = await api(page, '/api/v1/approval-settings', { method: 'PUT', body: JSON.stringify(before) })
    assert.equal(stale.status, 409)
    assert.ok(stale.body?.message)
    const bumped = await api(page, '/api/v1/approval-settings', { method: 'PUT', body: JSON.stringify({ ...saved, near_due_days: 3 }) })
    assert.equal(bumped.status, 200)
    await setNum('near-due-days', 5)
    await page.locator('[data-testid=approval-settings-save]').click()
    await page.locator('.el-message--error').first().waitFor()
    assert.equal((await api(page, '/api/v1/approval-settings')).body.near_due_days, 3)

    // 通报设置: title and list limit saved with the version
    const b0 = (await api(page, '/api/v1/bulletin-settings')).body
    await page.goto(server.url + '/settings/bulletin')
    await page.locator('[data-testid=bulletin-settings]').waitFor()
    await page.waitForFunction((v) => document.querySelector('input[data-testid=bulletin-title]')?.value === v, b0.title)
    await page.locator('input[data-testid=bulletin-title]').fill('')
    await page.locator('[data-testid=bulletin-settings-save]').click()
    await fieldError.first().waitFor() // an empty title is caught before sending
    await page.locator('input[data-testid=bulletin-title]').fill('重点项目周通报（测试）')
    await setNum('list-limit', 40)
    await page.locator('[data-testid=bulletin-settings-save]').click()
    await page.waitForFunction(() => !document.querySelector('.el-form-item.is-error'))
    const b1 = await (async () => {
      for (let i = 0; i < 50; i++) {
        const b = (await api(page, '/api/v1/bulletin-settings')).body
        if (b.version > b0.version) return b
        await page.waitForTimeout(100)
      }
      return (await api(page, '/api/v1/bulletin-settings')).body
    })()
    assert.equal(b1.version, b0.version + 1)
    assert.equal(b1.title, '重点项目周通报（测试）')
    assert.equal(b1.list_limit, 40)
    assert.equal(b1.draft_weekday, b0.draft_weekday)
    await shot(page, 'bulletin-settings.png')
  })
})
