// 通过 / 退回 of a monthly report by the lead unit (dept) or HQ.
import * as api from '@/api'
import type { MonthlyReport } from '@/api'
import { ApiError } from '@/api/request'
import { forgetLights } from '@/composables/useLights'
import { i18n } from '@/i18n'

const period = (r: MonthlyReport) => i18n.global.t('report.periodValue', { year: r.year, month: r.month })

/** approveReport asks, then approves; resolves with the updated report or null. */
export async function approveReport(r: MonthlyReport): Promise<MonthlyReport | null> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(t('report.approveConfirm', { name: r.project_name, period: period(r) }), t('common.tip'), {
      type: 'info',
      confirmButtonText: t('report.approve'),
      cancelButtonText: t('common.cancel'),
    })
  } catch {
    return null
  }
  try {
    const out = await api.approveReport(r.id, r.version)
    forgetLights(r.project_id)
    ElMessage.success(t('report.approvedOk'))
    return out
  } catch {
    return null
  }
}

/** returnReport asks for the reason, then returns the report to the owner. */
export async function returnReport(r: MonthlyReport): Promise<MonthlyReport | null> {
  const t = i18n.global.t
  let reason: string
  try {
    const res = await ElMessageBox.prompt(`${r.project_name} · ${period(r)}`, t('report.returnTitle'), {
      confirmButtonText: t('report.return'),
      cancelButtonText: t('common.cancel'),
      inputType: 'textarea',
      inputPlaceholder: t('report.returnReason'),
      inputValidator: (v: string) => (!!v && v.trim().length > 0 && v.trim().length <= 500) || t('report.returnReasonRequired'),
      customClass: 'return-box',
    })
    reason = (res as { value: string }).value.trim()
  } catch {
    return null
  }
  try {
    const out = await api.returnReport(r.id, reason, r.version)
    ElMessage.success(t('report.returnedOk'))
    return out
  } catch (e) {
    if (e instanceof ApiError) ElMessage.error(e.fields.reason || e.message)
    return null
  }
}
