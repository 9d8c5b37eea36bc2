import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildQuery, configureRequest, request } from '@/api/request'
import { dropEarlyCalls } from '@/api/early'

function reply(status: number, body?: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(text, { status, headers })
}

describe('request', () => {
  const notify = vi.fn()
  const onUnauthorized = vi.fn()
  const onPasswordChange = vi.fn()
  let fetchMock: ReturnType<typeof vi.fn>
  let locale = 'zh-CN'

  beforeEach(() => {
    notify.mockReset()
    onUnauthorized.mockReset()
    onPasswordChange.mockReset()
    locale = 'zh-CN'
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    configureRequest({
      notify,
      onUnauthorized,
      onPasswordChange,
      locale: () => locale,
      fallbackMessage: (s) => (s === 0 ? '网络错误' : `请求失败 ${s}`),
    })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends cookies, JSON and the language; returns the body', async () => {
    fetchMock.mockResolvedValue(reply(200, { items: [1], total: 1 }))
    locale = 'en'
    const res = await request<{ total: number }>('/api/v1/units', { method: 'POST', body: { a: 1 }, query: { q: 'x', empty: '', none: undefined, page: 2 } })
    expect(res.total).toBe(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/units?q=x&page=2')
    expect(init.credentials).toBe('same-origin')
    expect(init.method).toBe('POST')
    expect(init.headers['Accept-Language']).toBe('en')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"a":1}')
    expect(notify).not.toHaveBeenCalled()
  })

  it('returns undefined for 204', async () => {
    fetchMock.mockResolvedValue(reply(204))
    await expect(request('/api/v1/auth/logout', { method: 'POST' })).resolves.toBeUndefined()
  })

  it('turns a 400 into a message and exposes the field errors', async () => {
    fetchMock.mockResolvedValue(
      reply(400, { code: 'invalid', message: '输入有误', fields: { total_investment: '总投资须为数字（万元）' } }),
    )
    const err = (await request('/api/v1/projects', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(400)
    expect(err.code).toBe('invalid')
    expect(err.message).toBe('输入有误')
    expect(err.fields).toEqual({ total_investment: '总投资须为数字（万元）' })
    expect(notify).toHaveBeenCalledWith('输入有误')
  })

  it('shows the server message for 409 and 500', async () => {
    fetchMock.mockResolvedValueOnce(reply(409, { code: 'conflict', message: '数据已被他人修改' }))
    await expect(request('/api/v1/units/1', { method: 'PUT', body: {} })).rejects.toMatchObject({ status: 409, code: 'conflict' })
    expect(notify).toHaveBeenLastCalledWith('数据已被他人修改')
    fetchMock.mockResolvedValueOnce(reply(500, 'boom', { 'Content-Type': 'text/plain' }))
    await expect(request('/api/v1/units')).rejects.toMatchObject({ status: 500, code: 'internal' })
    expect(notify).toHaveBeenLastCalledWith('请求失败 500')
  })

  it('stays quiet when asked to', async () => {
    fetchMock.mockResolvedValue(reply(403, { code: 'forbidden', message: '无权访问' }))
    await expect(request('/api/v1/units', { silent: true })).rejects.toMatchObject({ status: 403 })
    expect(notify).not.toHaveBeenCalled()
  })

  it('sends a 401 to the login page with its reason, without a toast', async () => {
    fetchMock.mockResolvedValue(reply(401, { code: 'unauthorized', message: '会话已超时', reason: 'session_expired' }))
    await expect(request('/api/v1/users')).rejects.toMatchObject({ status: 401, reason: 'session_expired' })
    expect(onUnauthorized).toHaveBeenCalledWith('session_expired')
    expect(notify).not.toHaveBeenCalled()
  })

  it('lets the login call handle its own 401', async () => {
    fetchMock.mockResolvedValue(reply(401, { code: 'unauthorized', message: '密码输入错误5次，帐户锁定15分钟', reason: 'account_locked' }))
    const err = (await request('/api/v1/auth/login', { method: 'POST', body: {}, noAuthRedirect: true, silent: true }).catch((e: unknown) => e)) as ApiError
    expect(err.reason).toBe('account_locked')
    expect(err.message).toContain('锁定15分钟')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it.each(['password_change_required', 'password_expired'])('routes a 403 %s to the password page', async (reason) => {
    fetchMock.mockResolvedValue(reply(403, { code: 'forbidden', message: '请先修改密码', reason }))
    await expect(request('/api/v1/projects')).rejects.toMatchObject({ status: 403, reason })
    expect(onPasswordChange).toHaveBeenCalledWith(reason)
    expect(notify).not.toHaveBeenCalled()
  })

  it('treats a plain 403 as an error message', async () => {
    fetchMock.mockResolvedValue(reply(403, { code: 'forbidden', message: '无权执行此操作' }))
    await expect(request('/api/v1/projects')).rejects.toMatchObject({ status: 403 })
    expect(onPasswordChange).not.toHaveBeenCalled()
    expect(notify).toHaveBeenCalledWith('无权执行此操作')
  })

  it('reports a network failure', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(request('/api/v1/me')).rejects.toMatchObject({ status: 0, code: 'network', message: '网络错误' })
    expect(notify).toHaveBeenCalledWith('网络错误')
  })
})

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({})).toBe('')
    expect(buildQuery({ q: '高新 区', page: 1, x: null })).toBe('?q=%E9%AB%98%E6%96%B0+%E5%8C%BA&page=1')
  })
})

describe('request with calls started by index.html', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  const onUnauthorized = vi.fn()

  beforeEach(() => {
    onUnauthorized.mockReset()
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    configureRequest({ notify: vi.fn(), onUnauthorized, locale: () => 'zh-CN' })
  })
  afterEach(() => {
    dropEarlyCalls()
    vi.unstubAllGlobals()
  })

  it('takes over the same GET in the same language, once', async () => {
    window.__strideEarly = [
      { url: '/api/v1/dashboard?year=2026', lang: 'zh-CN', res: Promise.resolve(reply(200, { year: 2026 })) },
    ]
    expect(await request<{ year: number }>('/api/v1/dashboard', { query: { year: 2026 } })).toEqual({ year: 2026 })
    expect(fetchMock).not.toHaveBeenCalled()
    fetchMock.mockResolvedValue(reply(200, { year: 2026, again: true }))
    expect(await request('/api/v1/dashboard', { query: { year: 2026 } })).toEqual({ year: 2026, again: true })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('leaves a call to another address, language or method alone', async () => {
    window.__strideEarly = [{ url: '/api/v1/me', lang: 'en', res: Promise.resolve(reply(200, { early: true })) }]
    fetchMock.mockImplementation(() => Promise.resolve(reply(200, { early: false })))
    expect(await request('/api/v1/me')).toEqual({ early: false }) // zh-CN, not en
    expect(await request('/api/v1/me', { method: 'POST' })).toEqual({ early: false })
    expect(await request('/api/v1/meta')).toEqual({ early: false })
    expect(fetchMock).toHaveBeenCalledTimes(3)
  })

  it('answers an early call as its own: a 401 is handled, a failed fetch is a network error', async () => {
    window.__strideEarly = [
      { url: '/api/v1/me', lang: 'zh-CN', res: Promise.resolve(reply(401, { reason: 'session_expired' })) },
      { url: '/api/v1/meta', lang: 'zh-CN', res: Promise.reject(new TypeError('failed')) },
    ]
    await expect(request('/api/v1/me')).rejects.toMatchObject({ status: 401, reason: 'session_expired' })
    expect(onUnauthorized).toHaveBeenCalledWith('session_expired')
    await expect(request('/api/v1/meta', { silent: true })).rejects.toMatchObject({ status: 0, code: 'network' })
  })

  it('sends again once the early calls are dropped', async () => {
    window.__strideEarly = [{ url: '/api/v1/me', lang: 'zh-CN', res: Promise.resolve(reply(200, { early: true })) }]
    dropEarlyCalls()
    fetchMock.mockResolvedValue(reply(200, { early: false }))
    expect(await request('/api/v1/me')).toEqual({ early: false })
  })
})
