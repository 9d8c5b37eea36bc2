import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { vHasPermi } from '@/permission'
import { useUserStore } from '@/stores/user'
import type { Me } from '@/api'

function meWith(permissions: string[]): Me {
  return {
    user: {
      id: 1, username: 'u', name: 'U', unit_id: 1, unit_name: '', phone: '', email: '', status: 'active', locked: false,
      locked_until: null, must_change_password: false, last_login_at: null, roles: [], version: 1, created_at: '', updated_at: '',
    },
    permissions,
    must_change_password: false,
    password_expired: false,
    password_expires_at: null,
    idle_timeout_minutes: 30,
  }
}

const Toolbar = defineComponent({
  setup() {
    return () =>
      h('div', [
        withDirectives(h('button', { class: 'add' }, '新增'), [[vHasPermi, ['system:user:create']]]),
        withDirectives(h('button', { class: 'grant' }, '分配角色'), [[vHasPermi, ['security:grant:update', 'system:user:update']]]),
        h('button', { class: 'always' }, '刷新'),
      ])
  },
})

describe('v-hasPermi', () => {
  it('removes buttons the user may not use', () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    useUserStore().me = meWith(['system:user:update'])
    const w = mount(Toolbar, { global: { plugins: [pinia] } })
    expect(w.find('.add').exists()).toBe(false)
    expect(w.find('.grant').exists()).toBe(true) // any one of the keys is enough
    expect(w.find('.always').exists()).toBe(true)
  })

  it('removes everything when signed out', () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const w = mount(Toolbar, { global: { plugins: [pinia] } })
    expect(w.findAll('button').map((b) => b.text())).toEqual(['刷新'])
  })

  it('store.can and mustChangePassword follow /me', () => {
    setActivePinia(createPinia())
    const s = useUserStore()
    s.me = { ...meWith(['audit:log:read']), password_expired: true }
    expect(s.can('audit:log:read')).toBe(true)
    expect(s.can(['project:project:read'])).toBe(false)
    expect(s.can(undefined)).toBe(true)
    expect(s.mustChangePassword).toBe(true)
  })
})
