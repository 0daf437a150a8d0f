import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeClient, type FakeHandler } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { AppRoutes } from './routes'

const serverInfo: FakeHandler = () => ({
  data: { serverInfo: { __typename: 'ServerInfo', version: '0.1.0', embedded: true, demoLogin: null } },
})
const dashboardServer: FakeHandler = () => ({
  data: { serverInfo: { __typename: 'ServerInfo', version: '0.1.0', embedded: true } },
})
const marketStatus: FakeHandler = () => ({
  data: {
    marketStatus: {
      __typename: 'MarketStatus',
      phase: 'OPEN',
      sessions: 'always',
      now: '2026-11-23T10:00:00+00:00',
      nextOpen: null,
      nextClose: null,
    },
  },
})
const emptyPortfolio: FakeHandler = () => ({
  data: {
    portfolio: {
      __typename: 'Portfolio',
      cash: '0',
      equity: '0',
      marginUsed: '0',
      realizedPnl: '0',
      unrealizedPnl: '0',
      charges: '0',
      netPnl: '0',
      accounts: [],
    },
  },
})
/** What the signed-in frame asks for on every page: the market's state in the header, and
 * the panics in force (for the banner) with the risk events that refresh them. */
const shell: Record<string, FakeHandler> = {
  MarketStatus: marketStatus,
  ActivePanics: () => ({ data: { panics: [] } }),
  RiskEventsLive: () => 'never',
}
const asha = { __typename: 'User', id: '1', username: 'asha', email: null, role: 'ADMIN' }
const apiKeys: FakeHandler = () => ({ data: { apiKeys: [] } })
const securityLog: FakeHandler = () => ({
  data: { auditLog: { __typename: 'AuditEventConnection', edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } } },
})

describe('the route guard', () => {
  it('sends a visitor who is not signed in to the login page', async () => {
    const fake = fakeClient({ Me: () => ({ data: { me: null } }), ServerInfo: serverInfo })
    renderWith(<AppRoutes />, { client: fake.client, path: '/settings' })

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.queryByText('asha')).not.toBeInTheDocument()
    expect(fake.calls.some((c) => c.name === 'RefreshSession')).toBe(false)
  })

  it('shows the protected page, with the user in the header, when signed in', async () => {
    const fake = fakeClient({
      ...shell,
      Me: () => ({ data: { me: asha } }),
      ApiKeys: apiKeys,
      SecurityLog: securityLog,
      SecurityEvents: () => 'never',
    })
    renderWith(<AppRoutes />, { client: fake.client, path: '/settings' })

    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument()
    expect(screen.getByTestId('current-username')).toHaveTextContent('asha')
    expect(screen.getByTestId('current-role')).toHaveTextContent('Admin')
    expect(screen.getByRole('button', { name: /Log out/ })).toBeInTheDocument()
    // Admins see the security log.
    expect(screen.getByText('Security log')).toBeInTheDocument()
  })

  it('renews a session whose access cookie expired before giving up', async () => {
    document.cookie = 'dalal_csrf=still-here; path=/'
    let signedIn = false
    const fake = fakeClient({
      Me: () => ({ data: { me: signedIn ? asha : null } }),
      RefreshSession: () => {
        signedIn = true
        return { data: { refreshToken: { __typename: 'AuthSuccess' } } }
      },
      DashboardServer: dashboardServer,
      DashboardPortfolio: emptyPortfolio,
      DashboardPortfolioUpdates: () => 'never',
      ...shell,
    })
    renderWith(<AppRoutes />, { client: fake.client, path: '/' })
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByText('No accounts yet')).toBeInTheDocument())
    expect(fake.calls.filter((c) => c.name === 'RefreshSession')).toHaveLength(1)
    expect(screen.getByTestId('market-status')).toHaveTextContent('Demo market · always open')
  })

  it('goes to the login page when the session cannot be renewed', async () => {
    document.cookie = 'dalal_csrf=stale; path=/'
    const fake = fakeClient({
      Me: () => ({ data: { me: null } }),
      RefreshSession: () => ({
        data: { refreshToken: { __typename: 'InvalidRefreshToken', message: 'Log in again.', code: 'INVALID_REFRESH_TOKEN' } },
      }),
      ServerInfo: serverInfo,
    })
    renderWith(<AppRoutes />, { client: fake.client, path: '/positions' })
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(fake.calls.filter((c) => c.name === 'RefreshSession')).toHaveLength(1)
  })

  it('shows an honest page for an address that has no page', async () => {
    const fake = fakeClient({ ...shell, Me: () => ({ data: { me: asha } }) })
    renderWith(<AppRoutes />, { client: fake.client, path: '/no-such-area' })
    expect(await screen.findByText('There is no page at this address')).toBeInTheDocument()
  })
})
