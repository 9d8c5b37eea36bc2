// Browser spec of the list exports: 导出 on the blockage ledger downloads a workbook of
// what the list shows, with its filter, headed like the table; in English when switched.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, launchBrowser, login, sheetRows, signOut, startServer } from './lib.mjs'

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

/** download clicks 导出 and returns the request's query and the file's rows. */
async function download(page) {
  const req = page.waitForRequest((r) => r.url().includes('format=xlsx'))
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export]').first().click()])
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'stride-list-')), dl.suggestedFilename())
  await dl.saveAs(file)
  const buf = readFileSync(file)
  assert.ok(buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])), 'a workbook is a zip archive')
  return { query: new URL((await req).url()).searchParams, name: dl.suggestedFilename(), rows: sheetRows(buf) }
}

describe('list export', () => {
  it('downloads the blockage ledger as filtered, headed like the table', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    // two blockages on one project and one on another; the list is filtered to the first
    const projects = (await api(page, '/api/v1/projects?size=2&sort=id')).body.items
    const raise = async (p, title) => {
      const r = await api(page, '/api/v1/blockages', {
        method: 'POST',
        body: JSON.stringify({ project_id: p.id, title, category: 'utilities', description: '' }),
      })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }
    await raise(projects[0], '施工临时用电未接入')
    await raise(projects[0], '二期厂房用电增容方案未明确')
    await raise(projects[1], '雨污管网接驳未完成')
    const { id: poly, name } = projects[0]
    const listed = await api(page, `/api/v1/blockages?project_id=${poly}`)
    assert.ok(listed.body.total >= 2)

    await page.goto(`${server.url}/blockages?project_id=${poly}`)
    await page.locator('[data-testid=blockage-table] .el-table__row').first().waitFor()
    const { query, name: file, rows } = await download(page)
    assert.equal(query.get('project_id'), String(poly))
    assert.match(file, /^难点堵点台账_\d{8}_\d{4}\.xlsx$/)
    assert.equal(rows[0][0], '难点堵点台账')
    assert.ok(rows[1][0].includes(`筛选条件：所属项目：${name}`), rows[1][0])
    assert.deepEqual(rows[2], ['问题', '所属项目', '类别', '状态', '当前办理方', '响应时限', '办结时限', '督办层级', '提出日期'])
    const body = rows.slice(3)
    assert.equal(body.length, listed.body.total)
    for (const r of body) assert.equal(r[1], name)
    // the button is ready again once the file is there
    assert.equal(await page.locator('[data-testid=export]').first().isDisabled(), false)

    // In English the headings follow the language switch.
    await page.evaluate(() => localStorage.setItem('stride.lang', 'en'))
    await page.reload()
    await page.locator('[data-testid=blockage-table] .el-table__row').first().waitFor()
    const en = await download(page)
    assert.equal(en.rows[0][0], 'Blockages')
    assert.deepEqual(en.rows[2].slice(0, 4), ['Problem', 'Project', 'Category', 'Status'])
  })

  it('sends only the columns the user keeps visible', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'sysadmin')
    await page.goto(`${server.url}/system/users`)
    await page.locator('.el-table__row').first().waitFor()
    await page.locator('[data-testid=columns]').click()
    await page.locator('.col-list .el-checkbox', { hasText: '手机号码' }).click()
    const { query, rows } = await download(page)
    assert.equal(query.get('columns'), 'username,name,unit,roles,status')
    assert.deepEqual(rows[2], ['用户名', '姓名', '所属单位', '角色', '状态'])
  })
})
