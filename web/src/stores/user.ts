import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api'
import type { Me } from '@/api'
import { hasAnyPermission } from '@/router/menu'

/** useUserStore holds the signed-in user and their permissions. */
export const useUserStore = defineStore('user', () => {
  const me = ref<Me | null>(null)
  /** forcedReason is set when the server asked for a password change first. */
  const forcedReason = ref('')

  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  const mustChangePassword = computed(
    () => !!me.value && (me.value.must_change_password || me.value.password_expired || forcedReason.value !== ''),
  )

  function can(perms: string[] | string | undefined): boolean {
    if (perms === undefined) return true
    return hasAnyPermission(typeof perms === 'string' ? [perms] : perms, permissions.value)
  }

  async function fetchMe(): Promise<Me> {
    const m = await api.getMe({ noAuthRedirect: true })
    me.value = m
    if (!m.must_change_password && !m.password_expired) forcedReason.value = ''
    return m
  }

  async function login(username: string, password: string): Promise<Me> {
    const m = await api.login(username, password)
    me.value = m
    forcedReason.value = ''
    return m
  }

  async function logout(): Promise<void> {
    try {
      await api.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    me.value = null
    forcedReason.value = ''
  }

  return { me, forcedReason, permissions, mustChangePassword, can, fetchMe, login, logout, clear }
})
