// The one request wrapper: same-origin fetch with the session cookie, the user's language on
// every call, and one place that turns a non-2xx answer into a message the user can read.
import { takeEarlyCall } from './early'

/** ErrorBody is the server's error shape for every non-2xx answer. */
export interface ErrorBody {
  code?: string
  message?: string
  fields?: Record<string, string>
  reason?: string
}

/** ApiError carries a failed call's status, code, message, field errors and reason. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string>
  readonly reason: string

  constructor(status: number, body: ErrorBody, fallback: string) {
    super(body.message || fallback)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code || (status === 0 ? 'network' : 'internal')
    this.fields = body.fields || {}
    this.reason = body.reason || ''
  }
}

/** Hooks lets the application plug the router, the message box and the locale in. */
export interface Hooks {
  /** notify shows an error message (ElMessage by default). */
  notify: (message: string) => void
  /** locale returns the language to send in Accept-Language. */
  locale: () => string
  /** onUnauthorized is called on 401 (reason is 'session_expired' after idle timeout). */
  onUnauthorized: (reason: string) => void
  /** onPasswordChange is called on 403 password_change_required / password_expired. */
  onPasswordChange: (reason: string) => void
  /** fallbackMessage is the text for an error the server gave no message for. */
  fallbackMessage: (status: number) => string
}

const hooks: Hooks = {
  notify: (message) => {
    ElMessage({ type: 'error', message, grouping: true, showClose: true })
  },
  locale: () => 'zh-CN',
  onUnauthorized: () => {},
  onPasswordChange: () => {},
  fallbackMessage: (status) => (status === 0 ? 'Network error' : `HTTP ${status}`),
}

/** requestLocale is the language the wrapper sends, for calls made outside it (uploads). */
export function requestLocale(): string {
  return hooks.locale()
}

/** configureRequest replaces some of the hooks; main.ts wires them to the router and i18n. */
export function configureRequest(h: Partial<Hooks>): void {
  Object.assign(hooks, h)
}

export type Query = Record<string, string | number | boolean | null | undefined>

/** RequestOptions tunes one call. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  query?: Query
  body?: unknown
  /** silent: do not show the error message (the caller shows it itself). */
  silent?: boolean
  /** noAuthRedirect: a 401 is an ordinary error (the login call, the first /me). */
  noAuthRedirect?: boolean
}

/** PASSWORD_REASONS are the 403 reasons that send the user to the change-password page. */
export const PASSWORD_REASONS = ['password_change_required', 'password_expired']

/** buildQuery renders the query string, leaving out empty values. */
export function buildQuery(q?: Query): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** request calls the API and returns the decoded body (undefined for 204). */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': hooks.locale(),
  }
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  const url = path + buildQuery(opts.query)
  const method = opts.method || 'GET'
  let res: Response
  try {
    // the same GET, started by index.html before this code arrived (see early.ts)
    const early = method === 'GET' ? takeEarlyCall(url, headers['Accept-Language']) : undefined
    res = await (early ?? fetch(url, { method, headers, body, credentials: 'same-origin' }))
  } catch {
    const err = new ApiError(0, {}, hooks.fallbackMessage(0))
    if (!opts.silent) hooks.notify(err.message)
    throw err
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  }
  let data: ErrorBody = {}
  try {
    const parsed: unknown = await res.json()
    if (parsed && typeof parsed === 'object') data = parsed as ErrorBody
  } catch {
    // not JSON: keep the fallback message
  }
  const err = new ApiError(res.status, data, hooks.fallbackMessage(res.status))
  if (res.status === 401 && !opts.noAuthRedirect) {
    // The login page explains (session expired); a toast on top would only repeat it.
    hooks.onUnauthorized(err.reason)
    throw err
  }
  if (res.status === 403 && PASSWORD_REASONS.includes(err.reason)) {
    hooks.onPasswordChange(err.reason)
    throw err
  }
  if (!opts.silent) hooks.notify(err.message)
  throw err
}

/** List is the shape of every list answer. */
export interface List<T> {
  items: T[]
  total: number
}
