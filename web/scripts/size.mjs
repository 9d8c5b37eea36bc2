// Reports the gzip size of the JavaScript that index.html loads before anything else, and of
// all JavaScript in the build; fails when the initial load passes the budget (600 KB gzip).
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist')
const BUDGET = 600 * 1024
const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
const gz = (f) => gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

let initialGz = 0
for (const f of initial) {
  const n = gz(f)
  initialGz += n
  console.log(`  ${f.padEnd(44)} ${kb(n).padStart(9)} gzip`)
}
const all = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'))
const allGz = all.reduce((s, f) => s + gz(path.join('assets', f)), 0)
console.log(`initial JS: ${kb(initialGz)} gzip in ${initial.length} files (budget ${kb(BUDGET)})`)
console.log(`all JS:     ${kb(allGz)} gzip in ${all.length} files`)
if (initialGz > BUDGET) {
  console.error('initial JS is over budget')
  process.exit(1)
}
