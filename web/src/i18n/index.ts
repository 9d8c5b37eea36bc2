import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']
const STORAGE_KEY = 'stride.lang'

export const messages = { 'zh-CN': zhCN, en }

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    // storage unavailable: use the default
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** currentLocale is the language in use, also sent as Accept-Language. */
export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

/** setLocale switches the language and remembers the choice in localStorage. */
export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  try {
    localStorage.setItem(STORAGE_KEY, l)
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  document.documentElement.lang = l
}

/** t translates outside components. */
export const t = i18n.global.t
