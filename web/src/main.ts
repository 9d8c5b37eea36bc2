import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n, currentLocale } from './i18n'
import { configureRequest } from './api/request'
import { dropEarlyCalls } from './api/early'
import { vHasPermi } from './permission'
import { useUserStore } from './stores/user'
import { useTagsStore } from './stores/tags'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)
app.directive('hasPermi', vHasPermi)

configureRequest({
  locale: currentLocale,
  fallbackMessage: (status) =>
    status === 0
      ? i18n.global.t('common.networkError')
      : i18n.global.t('common.httpError', { status }),
  onUnauthorized: (reason) => {
    const user = useUserStore(pinia)
    user.clear()
    useTagsStore(pinia).reset()
    const current = router.currentRoute.value
    if (current.name === 'Login') return
    const query: Record<string, string> = {}
    if (reason === 'session_expired') query.reason = reason
    if (current.fullPath !== '/home' && current.fullPath !== '/') query.redirect = current.fullPath
    router.replace({ path: '/login', query })
  },
  onPasswordChange: (reason) => {
    const user = useUserStore(pinia)
    user.forcedReason = reason
    if (router.currentRoute.value.name !== 'Password') router.replace({ name: 'Password' })
  },
})

app.mount('#app')

// The first page takes the calls index.html started for it while it is set up, which
// happens in the render right after the first navigation; what it left is dropped then.
const dropLater = () => setTimeout(dropEarlyCalls)
router.isReady().then(dropLater, dropLater)
