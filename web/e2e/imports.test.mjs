// Browser specs of the import wizard and the ledger export: a shared real workbook goes
// through preview (with a column mapping changed by hand) and commit into the list; a broken
// file gets its error workbook; the list exports to .xlsx.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, login, shot, signOut, startServer } from './lib.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const FIXTURES = path.resolve(here, '../../../shared/fixtures/ledgers')
const FIXTURE = path.join(FIXTURES, 'monthly-key-projects.xls')

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

const isZip = (file) => readFileSync(file).subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))

async function openWizard(page) {
  await page.goto(`${server.url}/projects`)
  await page.locator('[data-testid=project-import]').click()
  await page.locator('[data-testid=import-dialog] [data-testid=import-upload]').waitFor()
}

async function chooseOption(page, selectTestId, label) {
  await page.locator(`[data-testid=${selectTestId}]`).click()
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first()
  await option.click()
}

describe('import wizard', () => {
  it('imports a real ledger after changing a column mapping, and lists its projects', { skip: !existsSync(FIXTURE) && 'shared fixtures absent' }, async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await openWizard(page)

    // the template downloads as a workbook
    const [tpl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=import-template]').click()])
    const tplPath = path.join(mkdtempSync(path.join(tmpdir(), 'stride-dl-')), tpl.suggestedFilename())
    await tpl.saveAs(tplPath)
    assert.match(tpl.suggestedFilename(), /\.xlsx$/)
    assert.ok(isZip(tplPath))

    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(FIXTURE)
    const preview = page.locator('[data-testid=import-preview]')
    await preview.waitFor()
    assert.equal(await page.locator('[data-testid=import-issue-count]').getAttribute('data-count'), '0')
    assert.match(await page.locator('[data-testid=import-sheet]').textContent(), /分级管理/)
    const planText = await page.locator('[data-testid=import-plan]').textContent()
    assert.match(planText, /武夷山至邵武高速公路/)

    // change a mapping: column H (实际形象进度) becomes 备注; confirming waits for a re-check
    await page.locator('.el-tabs__item', { hasText: '列对应' }).click()
    await chooseOption(page, 'map-H', '备注')
    assert.ok(await page.locator('[data-testid=import-commit]').isDisabled())
    const reviewed = page.waitForResponse((r) => /\/imports\/[0-9a-f]+\/preview$/.test(r.url()) && r.request().method() === 'POST')
    await page.locator('[data-testid=import-review]').click()
    const body = await (await reviewed).json()
    assert.equal(body.mapping.remark, 'H')
    assert.ok(!body.mapping.progress)
    await preview.waitFor()
    await shot(page, 'import-preview.png')

    await page.locator('[data-testid=import-commit]').click()
    await page.locator('[data-testid=import-result]').waitFor()
    assert.match(await page.locator('[data-testid=import-result-text]').textContent(), /新增 2 个项目/)
    await shot(page, 'import-result.png')
    await page.locator('[data-testid=import-close]').click()

    // the projects are in the list
    await page.locator('[data-testid=project-search] input[data-testid=f-q]').fill('武夷山至邵武高速公路')
    await page.locator('[data-testid=search]').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=project-table]')?.getAttribute('data-total') === '1')
    assert.match(await page.locator('[data-testid=project-table]').textContent(), /武夷山至邵武高速公路/)

    // importing the same workbook again changes nothing
    await openWizard(page)
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(FIXTURE)
    await preview.waitFor()
    assert.match(await page.locator('[data-testid=import-summary]').textContent(), /新增 0 个/)
  })

  it('marks the errors of a broken file and downloads them as a workbook', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await openWizard(page)
    const dir = mkdtempSync(path.join(tmpdir(), 'stride-bad-'))
    const bad = path.join(dir, '坏台账.csv')
    writeFileSync(bad, '项目名称,业主单位,总投资（万元）,年度计划投资（万元）\n测试坏数据项目,某某公司,abc,100\n另一个项目,某某公司,200,x\n')
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(bad)
    await page.locator('[data-testid=import-preview]').waitFor()
    assert.equal(await page.locator('[data-testid=import-issue-count]').getAttribute('data-count'), '2')
    assert.match(await page.locator('[data-testid=import-issues]').textContent(), /总投资须为数字（万元）/)
    assert.ok(await page.locator('[data-testid=import-commit]').isDisabled())
    await shot(page, 'import-errors.png')
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=import-errors-download]').click()])
    const file = path.join(dir, dl.suggestedFilename())
    await dl.saveAs(file)
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    assert.ok(isZip(file), 'the error report is an xlsx (zip) package')

    // a file that is not a workbook at all says so and offers no preview
    const junk = path.join(dir, 'picture.xlsx')
    writeFileSync(junk, 'not a workbook')
    await page.locator('[data-testid=import-dialog] .el-dialog__headerbtn').click()
    await openWizard(page)
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(junk)
    await page.locator('[data-testid=import-error]').waitFor()
    assert.match(await page.locator('[data-testid=import-error]').textContent(), /Excel/)
  })

  it('exports the list as it is filtered', async () => {
    const { context, page } = browser
    await signOut(context, page, server.url)
    await login(page, server.url, 'hq')
    await page.goto(`${server.url}/projects?light=red&ledger=1`)
    await page.locator('[data-testid=drill-tag-ledger]').waitFor()
    await page.locator('[data-testid=project-export]').click()
    const req = page.waitForRequest((r) => r.url().includes('/projects/export'))
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-nature]').click()])
    const u = new URL((await req).url())
    assert.equal(u.searchParams.get('light'), 'red')
    assert.equal(u.searchParams.get('ledger'), '1')
    assert.equal(u.searchParams.get('group_by'), 'nature')
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stride-exp-')), dl.suggestedFilename())
    await dl.saveAs(file)
    assert.match(dl.suggestedFilename(), /台账.*\.xlsx$/)
    assert.ok(isZip(file))
  })
})
