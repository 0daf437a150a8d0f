import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDalalClient } from './client'
import { csrfHeaders, hasSessionCookie, readCookie } from './csrf'
import { MeDocument } from './generated/graphql'

describe('reading the CSRF cookie', () => {
  it('finds the named cookie among others and decodes it', () => {
    expect(readCookie('dalal_csrf', 'theme=dark; dalal_csrf=abc%2D123; other=1')).toBe('abc-123')
    expect(readCookie('dalal_csrf', 'theme=dark')).toBeNull()
    expect(readCookie('dalal_csrf', 'not_dalal_csrf=zzz')).toBeNull()
  })

  it('builds the X-CSRF-Token header only when the cookie exists', () => {
    expect(csrfHeaders('dalal_csrf=tok')).toEqual({ 'X-CSRF-Token': 'tok' })
    expect(csrfHeaders('')).toEqual({})
    expect(hasSessionCookie('a=b')).toBe(false)
  })
})

type FetchCall = { url: string; init: RequestInit }

function graphqlFetch(answers: unknown[]) {
  const calls: FetchCall[] = []
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const body = answers.shift() ?? { data: null }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return calls
}

function headerOf(call: FetchCall, name: string): string | null {
  return new Headers(call.init.headers).get(name)
}

function operationOf(call: FetchCall): string {
  return (JSON.parse(String(call.init.body)) as { operationName: string }).operationName
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the GraphQL client', () => {
  it('POSTs every operation with the CSRF cookie value read at request time', async () => {
    const calls = graphqlFetch([{ data: { me: null } }, { data: { me: null } }])
    const { client, dispose } = createDalalClient({ url: 'http://localhost/graphql', onSessionExpired: () => {} })

    document.cookie = 'dalal_csrf=first-token; path=/'
    await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise()
    document.cookie = 'dalal_csrf=rotated-token; path=/'
    await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise()
    dispose()

    expect(calls).toHaveLength(2)
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'POST'])
    expect(headerOf(calls[0]!, 'X-CSRF-Token')).toBe('first-token')
    expect(headerOf(calls[1]!, 'X-CSRF-Token')).toBe('rotated-token')
  })

  it('sends no CSRF header when there is no cookie', async () => {
    const calls = graphqlFetch([{ data: { me: null } }])
    const { client, dispose } = createDalalClient({ url: 'http://localhost/graphql', onSessionExpired: () => {} })
    await client.query(MeDocument, {}).toPromise()
    dispose()
    expect(headerOf(calls[0]!, 'X-CSRF-Token')).toBeNull()
  })

  it('refreshes the session once on UNAUTHENTICATED and retries the operation', async () => {
    const me = { __typename: 'User', id: '1', username: 'asha', email: null, role: 'ADMIN' }
    const calls = graphqlFetch([
      { data: null, errors: [{ message: 'Token expired. Log in again.', extensions: { code: 'UNAUTHENTICATED' } }] },
      { data: { refreshToken: { __typename: 'AuthSuccess' } } },
      { data: { me } },
    ])
    const expired = vi.fn()
    const { client, dispose } = createDalalClient({ url: 'http://localhost/graphql', onSessionExpired: expired })
    const result = await client.query(MeDocument, {}).toPromise()
    dispose()

    expect(calls.map(operationOf)).toEqual(['Me', 'RefreshSession', 'Me'])
    expect(result.data?.me?.username).toBe('asha')
    expect(expired).not.toHaveBeenCalled()
  })

  it('ends the session when the refresh is refused', async () => {
    const calls = graphqlFetch([
      { data: null, errors: [{ message: 'Log in again.', extensions: { code: 'UNAUTHENTICATED' } }] },
      { data: { refreshToken: { __typename: 'InvalidRefreshToken', message: 'Log in again.', code: 'INVALID_REFRESH_TOKEN' } } },
      { data: null, errors: [{ message: 'Log in again.', extensions: { code: 'UNAUTHENTICATED' } }] },
    ])
    const expired = vi.fn()
    const { client, dispose } = createDalalClient({ url: 'http://localhost/graphql', onSessionExpired: expired })
    await client.query(MeDocument, {}).toPromise()
    dispose()

    expect(expired).toHaveBeenCalledTimes(1)
    // One refresh and one retry, never a loop.
    expect(calls.map(operationOf)).toEqual(['Me', 'RefreshSession', 'Me'])
  })
})
