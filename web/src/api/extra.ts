// Calls of the import wizard, the exports and the later modules (approvals, agency service,
// land files, blockages, the calendar, inspections, bulletins, the cockpit). Same rules as
// index.ts: every JSON call goes through request(); uploads and downloads share two helpers.
import { ApiError, request, requestLocale, type List, type Query } from './request'
import type { ID, MilestonePhoto } from './types'

const V1 = '/api/v1'

/** Obj is a server record this module shows without a dedicated type. */
export type Obj = Record<string, any>

/** upload posts a multipart form; onProgress gets 0–100 while the bytes go up. */
export function upload<T>(path: string, form: FormData, onProgress?: (pct: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', requestLocale())
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded * 100) / e.total))
    xhr.onerror = () => reject(new ApiError(0, {}, 'Network error'))
    xhr.onload = () => {
      let data: Obj = {}
      try {
        data = xhr.responseText ? (JSON.parse(xhr.responseText) as Obj) : {}
      } catch {
        data = {}
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T)
      else reject(new ApiError(xhr.status, data, `HTTP ${xhr.status}`))
    }
    xhr.send(form)
  })
}

/** fileName reads the name a download offers (RFC 5987 filename* first). */
export function fileName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      // fall through
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/** download fetches a file and hands it to the browser under the name the server gives. */
export async function download(path: string, query: Query = {}, fallback = 'download'): Promise<void> {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.append(k, String(v))
  const url = path + (qs.toString() ? `?${qs}` : '')
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': requestLocale() } })
  if (!res.ok) {
    let data: Obj = {}
    try {
      data = (await res.json()) as Obj
    } catch {
      data = {}
    }
    throw new ApiError(res.status, data, `HTTP ${res.status}`)
  }
  const blob = await res.blob()
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = fileName(res.headers.get('Content-Disposition'), fallback)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

// ---- import and export ----
export const importTemplate = () => download(`${V1}/imports/template`, {}, 'template.xlsx')
export const previewImport = (file: File, onProgress?: (pct: number) => void) => {
  const fd = new FormData()
  fd.append('file', file, file.name)
  return upload<Obj>(`${V1}/imports/preview`, fd, onProgress)
}
export const reviewImport = (token: string, body: Obj) =>
  request<Obj>(`${V1}/imports/${token}/preview`, { method: 'POST', body, silent: true })
export const commitImport = (token: string, body: Obj) =>
  request<Obj>(`${V1}/imports/${token}/commit`, { method: 'POST', body, silent: true })
export const importErrors = (token: string) => download(`${V1}/imports/${token}/errors`, {}, 'errors.xlsx')
export const exportProjects = (q: Query) => download(`${V1}/projects/export`, q, 'ledger.xlsx')

// ---- generic list/get helpers for the later modules ----
export const getList = (path: string, q: Query = {}, silent = false) => request<List<Obj>>(`${V1}${path}`, { query: q, silent })
export const getOne = (path: string, q: Query = {}, silent = false) => request<Obj>(`${V1}${path}`, { query: q, silent })
export const post = (path: string, body: Obj = {}, silent = false) => request<Obj>(`${V1}${path}`, { method: 'POST', body, silent })
export const put = (path: string, body: Obj = {}, silent = false) => request<Obj>(`${V1}${path}`, { method: 'PUT', body, silent })
export const del = (path: string) => request<void>(`${V1}${path}`, { method: 'DELETE' })
export const uploadTo = (path: string, file: File, extra: Record<string, string> = {}) => {
  const fd = new FormData()
  fd.append('file', file, file.name)
  for (const [k, v] of Object.entries(extra)) fd.append(k, v)
  return upload<Obj>(`${V1}${path}`, fd)
}
export const downloadFrom = (path: string, q: Query = {}, fallback = 'download') => download(`${V1}${path}`, q, fallback)

/** uploadMilestonePhoto sends one evidence image of a node as multipart field `file`, with
 *  progress; a 400 carries the reason in fields.file. */
export function uploadMilestonePhoto(milestoneId: ID, file: Blob, name = 'photo', onProgress?: (pct: number) => void): Promise<MilestonePhoto> {
  const fd = new FormData()
  fd.append('file', file, name)
  return upload<MilestonePhoto>(`${V1}/milestones/${milestoneId}/photos`, fd, onProgress)
}
