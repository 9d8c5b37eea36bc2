import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'
import RightToolbar from '@/components/RightToolbar.vue'
import ExportButton from '@/components/ExportButton.vue'
import { exportColumns, exportQuery } from '@/components/export'
import { useUserStore } from '@/stores/user'
import type { Me } from '@/api'

function signIn(permissions: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useUserStore().me = { user: { id: 1 }, permissions } as unknown as Me
  return pinia
}

describe('export query', () => {
  it('keeps the filters and sort, drops the paging, asks for xlsx in the columns shown', () => {
    const q = exportQuery({ path: '/users', query: () => ({ q: '林', status: 'active', page: 3, size: 50, sort: '-created_at' }), columns: ['username', 'name'] })
    expect(q).toEqual({ q: '林', status: 'active', page: undefined, size: undefined, sort: '-created_at', format: 'xlsx', columns: 'username,name' })
    expect(exportQuery({ path: '/campaigns' })).toEqual({ page: undefined, size: undefined, format: 'xlsx' })
  })
  it('sends the fixed columns and the visible chosen ones', () => {
    const cols = [
      { key: 'name', visible: true },
      { key: 'email', visible: false },
      { key: 'roles', visible: true },
    ]
    expect(exportColumns(['username'], cols)).toEqual(['username', 'name', 'roles'])
  })
})

describe('导出 in the toolbar', () => {
  const { createObjectURL, revokeObjectURL } = URL
  afterEach(() => {
    vi.unstubAllGlobals()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
    document.body.innerHTML = ''
  })

  it('downloads the list with its filters and visible columns, disabled while the file is built', async () => {
    let finish: (r: Response) => void = () => {}
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (finish = resolve)))
    vi.stubGlobal('fetch', fetch)
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} })
    const pinia = signIn(['system:user:read'])
    const columns = reactive([
      { key: 'name', label: 'user.name', visible: true },
      { key: 'email', label: 'user.email', visible: false },
    ])
    const query = reactive({ q: '林', status: '' })
    const w = mount(RightToolbar, {
      props: { columns, xlsx: { path: '/users', query: () => ({ ...query }), fixed: ['username'] } },
      global: { plugins: [pinia, i18n] },
      attachTo: document.body,
    })
    const button = w.find('[data-testid="export"]')
    expect(button.text()).toBe('导出')
    await button.trigger('click')
    await nextTick()
    expect(fetch).toHaveBeenCalledTimes(1)
    const url = new URL(String((fetch.mock.calls[0] as unknown[])[0]), 'http://x')
    expect(url.pathname).toBe('/api/v1/users')
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: '林', format: 'xlsx', columns: 'username,name' })
    expect(w.find('[data-testid="export"]').attributes('disabled')).toBeDefined()
    // A second click while the file is built does nothing.
    await w.find('[data-testid="export"]').trigger('click')
    expect(fetch).toHaveBeenCalledTimes(1)
    finish(
      new Response(new Blob(['PK']), {
        headers: { 'Content-Disposition': `attachment; filename="users.xlsx"; filename*=UTF-8''%E7%94%A8%E6%88%B7.xlsx` },
      }),
    )
    await flushPromises()
    expect(w.find('[data-testid="export"]').attributes('disabled')).toBeUndefined()
  })

  it('is not shown without an export, nor without the permission given', () => {
    const pinia = signIn(['blockage:blockage:read'])
    const plain = mount(RightToolbar, { global: { plugins: [pinia, i18n] } })
    expect(plain.find('[data-testid="export"]').exists()).toBe(false)
    const denied = mount(ExportButton, { props: { spec: { path: '/users', perm: ['system:user:read'] } }, global: { plugins: [pinia, i18n] } })
    expect(denied.find('[data-testid="export"]').exists()).toBe(false)
    const allowed = mount(ExportButton, { props: { spec: { path: '/blockages', perm: ['blockage:blockage:read'] } }, global: { plugins: [pinia, i18n] } })
    expect(allowed.find('[data-testid="export"]').exists()).toBe(true)
  })
})
