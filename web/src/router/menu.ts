// The menu is data: the same definitions give the router its routes and the sidebar its items,
// and filterMenu keeps only what the user's permissions allow.
import type { Component } from 'vue'
import {
  Avatar,
  DataAnalysis,
  DocumentChecked,
  Flag,
  Grid,
  Operation,
  SetUp,
  TrendCharts,
  Timer,
  Coin,
  Document,
  Files,
  FolderOpened,
  HomeFilled,
  Lock,
  Monitor,
  OfficeBuilding,
  Setting,
  Tickets,
  Tools,
  User,
  Warning,
  Notebook,
  Promotion,
  Stamp,
  Service,
  Location,
  Calendar,
  View,
} from '@element-plus/icons-vue'

/** MenuItem is a page in the menu. perm lists keys of which the user needs any one. */
export interface MenuItem {
  path: string
  name: string
  title: string // i18n key
  icon?: Component
  perm?: string[]
  component: () => Promise<unknown>
}

/** MenuGroup is a folder of pages; it is hidden when none of its pages is permitted. */
export interface MenuGroup {
  key: string
  title: string // i18n key
  icon?: Component
  children: MenuItem[]
}

export type MenuEntry = MenuItem | MenuGroup

export function isGroup(e: MenuEntry): e is MenuGroup {
  return (e as MenuGroup).children !== undefined
}

export const menu: MenuEntry[] = [
  {
    path: '/home',
    name: 'Home',
    title: 'menu.home',
    icon: HomeFilled,
    component: () => import('@/views/home/HomeView.vue'),
  },
  {
    path: '/dashboard',
    name: 'Dashboard',
    title: 'menu.dashboard',
    icon: DataAnalysis,
    perm: ['dashboard:dashboard:read'],
    component: () => import('@/views/dashboard/DashboardView.vue'),
  },
  {
    key: 'project',
    title: 'menu.projectGroup',
    icon: FolderOpened,
    children: [
      {
        path: '/projects',
        name: 'Projects',
        title: 'menu.projects',
        icon: Tickets,
        perm: ['project:project:read'],
        component: () => import('@/views/projects/ProjectList.vue'),
      },
      {
        path: '/reports',
        name: 'Reports',
        title: 'menu.reports',
        icon: DocumentChecked,
        perm: ['project:project:read'],
        component: () => import('@/views/reports/ReportList.vue'),
      },
      {
        path: '/campaigns',
        name: 'Campaigns',
        title: 'menu.campaigns',
        icon: Flag,
        perm: ['campaign:campaign:read'],
        component: () => import('@/views/campaigns/CampaignList.vue'),
      },
    ],
  },
  {
    key: 'coordination',
    title: 'menu.coordinationGroup',
    icon: Promotion,
    children: [
      {
        path: '/approvals',
        name: 'Approvals',
        title: 'menu.approvals',
        icon: Stamp,
        perm: ['approval:item:read'],
        component: () => import('@/views/approvals/ApprovalPath.vue'),
      },
      {
        path: '/agency-cases',
        name: 'AgencyCases',
        title: 'menu.agencyCases',
        icon: Service,
        perm: ['approval:case:read'],
        component: () => import('@/views/agency/AgencyCases.vue'),
      },
      {
        path: '/land-files',
        name: 'LandFiles',
        title: 'menu.landFiles',
        icon: Location,
        perm: ['land:file:read'],
        component: () => import('@/views/land/LandFiles.vue'),
      },
      {
        path: '/blockages',
        name: 'Blockages',
        title: 'menu.blockages',
        icon: Warning,
        perm: ['blockage:blockage:read'],
        component: () => import('@/views/blockages/BlockageList.vue'),
      },
      {
        path: '/inspections',
        name: 'Inspections',
        title: 'menu.inspections',
        icon: View,
        perm: ['inspection:inspection:read'],
        component: () => import('@/views/inspections/InspectionList.vue'),
      },
      {
        path: '/bulletins',
        name: 'Bulletins',
        title: 'menu.bulletins',
        icon: Notebook,
        perm: ['bulletin:bulletin:read', 'bulletin:bulletin:update'],
        component: () => import('@/views/bulletins/BulletinList.vue'),
      },
    ],
  },
  {
    key: 'ledgerSettings',
    title: 'menu.ledgerSettings',
    icon: SetUp,
    children: [
      {
        path: '/settings/custom-fields',
        name: 'CustomFields',
        title: 'menu.customFields',
        icon: Grid,
        perm: ['project:field:update'],
        component: () => import('@/views/settings/CustomFieldList.vue'),
      },
      {
        path: '/settings/milestone-templates',
        name: 'MilestoneTemplates',
        title: 'menu.milestoneTemplates',
        icon: Operation,
        perm: ['project:field:update'],
        component: () => import('@/views/settings/MilestoneTemplates.vue'),
      },
      {
        path: '/settings/lights',
        name: 'LightSettings',
        title: 'menu.lightSettings',
        icon: TrendCharts,
        perm: ['system:setting:read', 'system:setting:update'],
        component: () => import('@/views/settings/LightSettings.vue'),
      },
      {
        path: '/settings/clocks',
        name: 'ApprovalSettings',
        title: 'menu.approvalSettings',
        icon: Timer,
        perm: ['system:setting:read', 'approval:catalog:update'],
        component: () => import('@/views/settings/ApprovalSettings.vue'),
      },
      {
        path: '/settings/bulletin',
        name: 'BulletinSettings',
        title: 'menu.bulletinSettings',
        icon: Calendar,
        perm: ['system:setting:read', 'bulletin:bulletin:update'],
        component: () => import('@/views/settings/BulletinSettings.vue'),
      },
    ],
  },
  {
    key: 'system',
    title: 'menu.systemGroup',
    icon: Setting,
    children: [
      {
        path: '/system/units',
        name: 'Units',
        title: 'menu.units',
        icon: OfficeBuilding,
        perm: ['system:unit:read'],
        component: () => import('@/views/system/UnitList.vue'),
      },
      {
        path: '/system/users',
        name: 'Users',
        title: 'menu.users',
        icon: User,
        perm: ['system:user:read', 'security:grant:update'],
        component: () => import('@/views/system/UserList.vue'),
      },
      {
        path: '/system/roles',
        name: 'Roles',
        title: 'menu.roles',
        icon: Avatar,
        perm: ['security:role:read'],
        component: () => import('@/views/system/RoleList.vue'),
      },
      {
        path: '/system/settings',
        name: 'Settings',
        title: 'menu.settings',
        icon: Tools,
        perm: ['system:setting:read'],
        component: () => import('@/views/system/SettingsView.vue'),
      },
      {
        path: '/system/calendar',
        name: 'CalendarSettings',
        title: 'menu.calendar',
        icon: Calendar,
        perm: ['system:calendar:update', 'system:setting:read'],
        component: () => import('@/views/calendar/CalendarSettings.vue'),
      },
      {
        path: '/system/security',
        name: 'Security',
        title: 'menu.security',
        icon: Lock,
        perm: ['security:policy:read'],
        component: () => import('@/views/system/SecurityPolicy.vue'),
      },
      {
        path: '/system/backups',
        name: 'Backups',
        title: 'menu.backups',
        icon: Coin,
        perm: ['system:backup:create'],
        component: () => import('@/views/system/BackupList.vue'),
      },
    ],
  },
  {
    key: 'audit',
    title: 'menu.auditGroup',
    icon: Monitor,
    children: [
      {
        path: '/audit/logs',
        name: 'AuditLogs',
        title: 'menu.auditLogs',
        icon: Document,
        perm: ['audit:log:read'],
        component: () => import('@/views/audit/AuditLogList.vue'),
      },
      {
        path: '/audit/logins',
        name: 'LoginLogs',
        title: 'menu.loginLogs',
        icon: Files,
        perm: ['audit:login:read'],
        component: () => import('@/views/audit/LoginLogList.vue'),
      },
    ],
  },
]

/** hasAnyPermission reports whether the user holds at least one of perms. */
export function hasAnyPermission(perms: string[], held: ReadonlySet<string> | string[]): boolean {
  const set = held instanceof Set ? held : new Set(held as string[])
  return perms.length === 0 || perms.some((p) => set.has(p))
}

/** filterMenu keeps the pages the user may open and the groups that still have one. */
export function filterMenu(entries: MenuEntry[], held: ReadonlySet<string> | string[]): MenuEntry[] {
  const out: MenuEntry[] = []
  for (const e of entries) {
    if (isGroup(e)) {
      const children = e.children.filter((c) => !c.perm || hasAnyPermission(c.perm, held))
      if (children.length > 0) out.push({ ...e, children })
    } else if (!e.perm || hasAnyPermission(e.perm, held)) {
      out.push(e)
    }
  }
  return out
}

/** menuPages lists every page of the menu, groups flattened, with its group. */
export function menuPages(entries: MenuEntry[] = menu): { item: MenuItem; group?: MenuGroup }[] {
  const out: { item: MenuItem; group?: MenuGroup }[] = []
  for (const e of entries) {
    if (isGroup(e)) for (const c of e.children) out.push({ item: c, group: e })
    else out.push({ item: e })
  }
  return out
}

/** ADMIN_MODULES are the permission modules of the three administrators (三员). */
const ADMIN_MODULES = ['system', 'security', 'audit']

/** hasBusinessPermission is false for the three administrators (三员), who see no business data. */
export function hasBusinessPermission(held: Iterable<string>): boolean {
  for (const p of held) if (!ADMIN_MODULES.includes(p.split(':')[0])) return true
  return false
}
