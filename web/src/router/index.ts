import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { menuPages } from './menu'
import { ApiError } from '@/api/request'
import { useUserStore } from '@/stores/user'
import { useTagsStore } from '@/stores/tags'

declare module 'vue-router' {
  interface RouteMeta {
    /** title is an i18n key. */
    title?: string
    /** perm: the user needs any one of these keys. */
    perm?: string[]
    /** group is the i18n key of the menu group, for the breadcrumb. */
    group?: string
    /** public pages need no session. */
    public?: boolean
    /** noTag keeps the page out of the tab strip. */
    noTag?: boolean
  }
}

const Layout = () => import('@/components/layout/AppLayout.vue')

const pageRoutes: RouteRecordRaw[] = menuPages().map(({ item, group }) => ({
  path: item.path.slice(1),
  name: item.name,
  component: item.component,
  meta: { title: item.title, perm: item.perm, group: group?.title },
}))

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/cockpit',
    name: 'Cockpit',
    component: () => import('@/views/cockpit/CockpitView.vue'),
    meta: { title: 'menu.cockpit', perm: ['dashboard:dashboard:read'], noTag: true },
  },
  {
    path: '/',
    component: Layout,
    redirect: '/home',
    children: [
      ...pageRoutes,
      {
        path: 'projects/new',
        name: 'ProjectNew',
        component: () => import('@/views/projects/ProjectForm.vue'),
        meta: { title: 'menu.projectNew', perm: ['project:project:create'], group: 'menu.projectGroup' },
      },
      {
        path: 'projects/:id(\\d+)',
        name: 'ProjectDetail',
        component: () => import('@/views/projects/ProjectDetail.vue'),
        meta: { title: 'menu.projectDetail', perm: ['project:project:read'], group: 'menu.projectGroup' },
      },
      {
        path: 'projects/:id(\\d+)/edit',
        name: 'ProjectEdit',
        component: () => import('@/views/projects/ProjectForm.vue'),
        meta: { title: 'menu.projectEdit', perm: ['project:project:update'], group: 'menu.projectGroup' },
      },
      {
        path: 'bulletins/:id(\\d+)',
        name: 'BulletinDetail',
        component: () => import('@/views/bulletins/BulletinDetail.vue'),
        meta: { title: 'menu.bulletinDetail', perm: ['bulletin:bulletin:read', 'bulletin:bulletin:update'], group: 'menu.coordinationGroup' },
      },
      {
        path: 'profile',
        name: 'Profile',
        component: () => import('@/views/profile/ProfileView.vue'),
        meta: { title: 'menu.profile' },
      },
      {
        path: 'profile/password',
        name: 'Password',
        component: () => import('@/views/profile/PasswordView.vue'),
        meta: { title: 'menu.password' },
      },
      {
        path: '403',
        name: 'Forbidden',
        component: () => import('@/views/error/ForbiddenView.vue'),
        meta: { title: 'menu.forbidden', noTag: true },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'NotFound',
        component: () => import('@/views/error/NotFoundView.vue'),
        meta: { title: 'menu.notFound', noTag: true },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

/** preload starts fetching the code of a route's lazy components. On a fresh load the
 * guard waits for /me before the router loads them; this way both travel at once (/me
 * first, as the browser opens only six connections to the server), and the router's own
 * call later finds the modules loaded. */
function preload(to: RouteLocationNormalized) {
  for (const record of to.matched) {
    for (const c of Object.values(record.components ?? {})) {
      // a lazy component is a loader function (told apart as vue-router does); a component
      // has nothing to fetch
      if (typeof c === 'function' && !('displayName' in c) && !('props' in c) && !('__vccOpts' in c)) {
        Promise.resolve((c as () => unknown)()).catch(() => undefined) // the router reports failures
      }
    }
  }
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const user = useUserStore()
  if (!user.me) {
    const me = user.fetchMe() // first: it must not queue behind the page's code
    preload(to)
    try {
      await me
    } catch (e) {
      const query: Record<string, string> = {}
      if (to.fullPath !== '/home' && to.fullPath !== '/') query.redirect = to.fullPath
      if (e instanceof ApiError && e.reason === 'session_expired') query.reason = e.reason
      return { path: '/login', query }
    }
  }
  if (user.mustChangePassword && to.name !== 'Password') {
    return { name: 'Password' }
  }
  if (to.meta.perm && !user.can(to.meta.perm)) {
    return { name: 'Forbidden', query: { from: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  if (to.meta.public || to.meta.noTag || !to.meta.title || !to.name) return
  useTagsStore().add({
    path: to.path,
    fullPath: to.fullPath,
    name: String(to.name),
    title: to.meta.title,
  })
})
