import { i18n } from '@/i18n'

/** confirmAction asks before a destructive action; resolves true when the user agrees. */
export async function confirmAction(message: string, type: 'warning' | 'info' = 'warning'): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, t('common.warning'), {
      type,
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}

/** confirmDelete asks 确认删除{kind}“{name}”吗？此操作会记入审计日志. */
export function confirmDelete(kind: string, name: string): Promise<boolean> {
  const t = i18n.global.t
  return confirmAction(t('common.confirmDelete', { kind: t(kind), name }))
}
