import { authExchange } from '@urql/exchange-auth'
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core'
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'
import { csrfHeaders } from './csrf'
import { isUnauthenticated } from './errors'
import { RefreshSessionDocument } from './generated/graphql'

export interface DalalClientOptions {
  /** Where GraphQL lives; defaults to this page's origin + /graphql. */
  url?: string
  /** Called when the session cannot be renewed (refresh failed): the app goes to /login. */
  onSessionExpired: () => void
}

/** ws(s)://<host>/graphql for the page's origin: the browser sends the session cookies along. */
export function websocketUrl(httpUrl: string, base: string = window.location.href): string {
  const url = new URL(httpUrl, base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

/**
 * The urql client for the web app.
 * - Every operation is a POST that carries the CSRF header, read from the cookie per request.
 * - When the server answers UNAUTHENTICATED, rotate the cookies once with `refreshToken` and
 *   retry; if that fails, the session is over.
 * - Subscriptions go over graphql-ws (graphql-transport-ws) on the same origin.
 */
export function createDalalClient(options: DalalClientOptions): { client: Client; dispose: () => void } {
  const url = options.url ?? '/graphql'
  const ws: WsClient = createWsClient({
    url: websocketUrl(url),
    lazy: true,
    retryAttempts: 5,
  })

  const client = new Client({
    url,
    preferGetMethod: false,
    fetchOptions: () => ({ credentials: 'same-origin', headers: csrfHeaders() }),
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation: (operation) => operation,
        didAuthError: (error) => isUnauthenticated(error),
        refreshAuth: async () => {
          const result = await utils.mutate(RefreshSessionDocument, {})
          if (result.data?.refreshToken.__typename !== 'AuthSuccess') {
            options.onSessionExpired()
          }
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' }
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink)
              return { unsubscribe }
            },
          }
        },
      }),
    ],
  })

  return { client, dispose: () => void ws.dispose() }
}
