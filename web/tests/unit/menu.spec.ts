import { describe, expect, it } from 'vitest'
import { filterMenu, hasAnyPermission, hasBusinessPermission, isGroup, menu, type MenuEntry } from '@/router/menu'

/** labels flattens a filtered menu into its page titles, in order. */
function pages(entries: MenuEntry[]): string[] {
  return entries.flatMap((e) => (isGroup(e) ? e.children.map((c) => c.title) : [e.title]))
}
function groups(entries: MenuEntry[]): string[] {
  return entries.filter(isGroup).map((g) => g.title)
}

const P = {
  projectRead: 'project:project:read',
  projectWrite: ['project:project:create', 'project:project:update', 'project:project:delete'],
  ledger: [
    'project:field:update',
    'project:plan:update',
    'project:plan:approve',
    'project:milestone:update',
    'project:milestone:verify',
    'report:report:submit',
    'report:report:review',
  ],
  campaign: ['campaign:campaign:read', 'campaign:campaign:update'],
  dashboard: 'dashboard:dashboard:read',
  unitRead: 'system:unit:read',
  unitWrite: ['system:unit:create', 'system:unit:update', 'system:unit:delete'],
  user: ['system:user:read', 'system:user:create', 'system:user:update', 'system:user:resetpwd'],
  settings: ['system:setting:read', 'system:setting:update'],
  backup: 'system:backup:create',
  role: ['security:role:read', 'security:role:create', 'security:role:update', 'security:role:delete'],
  grant: 'security:grant:update',
  unlock: 'security:user:unlock',
  policy: ['security:policy:read', 'security:policy:update'],
  audit: ['audit:log:read', 'audit:login:read'],
}

const BIZ = ['menu.home', 'menu.dashboard', 'menu.projects', 'menu.reports', 'menu.campaigns']

// Permission sets of the demo's built-in roles; menus must follow from them alone.
const roles: Record<string, { perms: string[]; pages: string[] }> = {
  hq: {
    perms: [P.projectRead, ...P.projectWrite, ...P.ledger, ...P.campaign, P.dashboard, P.unitRead],
    pages: [...BIZ, 'menu.customFields', 'menu.milestoneTemplates', 'menu.units'],
  },
  dept: {
    perms: [P.projectRead, 'project:project:update', 'project:plan:update', 'project:milestone:update', 'project:milestone:verify',
      'report:report:review', 'campaign:campaign:read', P.dashboard],
    pages: BIZ,
  },
  owner: { perms: [P.projectRead, 'project:milestone:update', 'report:report:submit'], pages: ['menu.home', 'menu.projects', 'menu.reports'] },
  bank: { perms: [], pages: ['menu.home'] },
  leader: { perms: [P.projectRead, 'campaign:campaign:read', P.dashboard], pages: BIZ },
  agent: { perms: [P.projectRead, 'campaign:campaign:read', P.dashboard], pages: BIZ },
  sysadmin: {
    perms: [P.unitRead, ...P.unitWrite, ...P.user, ...P.settings, P.backup],
    pages: ['menu.home', 'menu.lightSettings', 'menu.approvalSettings', 'menu.bulletinSettings', 'menu.units', 'menu.users', 'menu.settings', 'menu.calendar', 'menu.backups'],
  },
  secadmin: {
    perms: [...P.role, P.grant, P.unlock, ...P.policy],
    pages: ['menu.home', 'menu.users', 'menu.roles', 'menu.security'],
  },
  auditor: { perms: [...P.audit], pages: ['menu.home', 'menu.auditLogs', 'menu.loginLogs'] },
}

describe('filterMenu', () => {
  for (const [name, r] of Object.entries(roles)) {
    it(`${name} sees exactly its pages`, () => {
      expect(pages(filterMenu(menu, r.perms))).toEqual(r.pages)
    })
  }

  it('hides a group with no permitted page', () => {
    expect(groups(filterMenu(menu, roles.auditor.perms))).toEqual(['menu.auditGroup'])
    expect(groups(filterMenu(menu, roles.bank.perms))).toEqual([])
    expect(groups(filterMenu(menu, roles.hq.perms))).toEqual(['menu.projectGroup', 'menu.ledgerSettings', 'menu.systemGroup'])
  })

  it('shows 用户管理 with either system:user:read or security:grant:update', () => {
    expect(pages(filterMenu(menu, ['system:user:read']))).toContain('menu.users')
    expect(pages(filterMenu(menu, ['security:grant:update']))).toContain('menu.users')
    expect(pages(filterMenu(menu, ['system:user:create']))).not.toContain('menu.users')
  })

  it('shows 审批与堵点时限 to those who keep settings or the catalogue and 通报设置 to bulletin editors', () => {
    for (const k of ['system:setting:read', 'approval:catalog:update']) {
      expect(pages(filterMenu(menu, [k])), k).toContain('menu.approvalSettings')
    }
    for (const k of ['approval:item:read', 'blockage:blockage:read', 'inspection:inspection:read']) {
      expect(pages(filterMenu(menu, [k])), k).not.toContain('menu.approvalSettings')
    }
    expect(pages(filterMenu(menu, ['bulletin:bulletin:update']))).toContain('menu.bulletinSettings')
    expect(pages(filterMenu(menu, ['bulletin:bulletin:read']))).not.toContain('menu.bulletinSettings')
    expect(pages(filterMenu(menu, ['system:setting:update']))).not.toContain('menu.bulletinSettings')
  })

  it('puts 数据看板 right after 首页 for those who may read it', () => {
    expect(pages(filterMenu(menu, roles.leader.perms)).slice(0, 2)).toEqual(['menu.home', 'menu.dashboard'])
    expect(pages(filterMenu(menu, [P.projectRead]))).not.toContain('menu.dashboard')
  })

  it('accepts a Set and does not change the source menu', () => {
    const before = JSON.stringify(pages(menu))
    filterMenu(menu, new Set(['audit:log:read']))
    expect(JSON.stringify(pages(menu))).toBe(before)
  })

  it('ignores unknown keys and near misses', () => {
    expect(pages(filterMenu(menu, ['project:project', 'audit:*', '*:*:*']))).toEqual(['menu.home'])
  })
})

describe('permission helpers', () => {
  it('hasAnyPermission is any-of', () => {
    expect(hasAnyPermission(['a', 'b'], ['b'])).toBe(true)
    expect(hasAnyPermission(['a'], new Set(['b']))).toBe(false)
    expect(hasAnyPermission([], [])).toBe(true)
  })

  it('the three administrators hold no business permission', () => {
    expect(hasBusinessPermission(roles.sysadmin.perms)).toBe(false)
    expect(hasBusinessPermission(roles.secadmin.perms)).toBe(false)
    expect(hasBusinessPermission(roles.auditor.perms)).toBe(false)
    expect(hasBusinessPermission(roles.hq.perms)).toBe(true)
  })
})
