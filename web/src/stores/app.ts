import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

const KEY = 'stride.sidebarCollapsed'

/** useAppStore holds layout state: the sidebar and the platform's names. */
export const useAppStore = defineStore('app', () => {
  const collapsed = ref(localStorage.getItem(KEY) === '1')
  const platformName = ref('')
  const zoneName = ref('')
  const version = ref('')
  watch(collapsed, (v) => localStorage.setItem(KEY, v ? '1' : '0'))
  return { collapsed, platformName, zoneName, version }
})
