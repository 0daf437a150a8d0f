import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { ForwardTestsPage } from './ForwardTestsPage'

const session = {
  __typename: 'ForwardTest',
  id: 'f1',
  strategy: 'sma_cross',
  params: { fast: 5 },
  accountId: 'a1',
  symbols: ['RELIANCE'],
  interval: 'M1',
  chargesEnabled: true,
  status: 'RUNNING',
  startedAt: '2026-11-23T10:00:00+00:00',
  stoppedAt: null,
  fromBacktestRunId: 'r1',
  lastError: null,
  mtm: '0',
  realized: '0',
  unrealized: '0',
  charges: '0',
  trades: 0,
  ordersCount: 0,
  days: [{ __typename: 'ForwardTestDay', day: '2026-11-23', pnl: '0', cumulativePnl: '0', trades: 0, wins: 0, drawdown: '0', marginUsed: '0' }],
  openPositions: [],
}

const handlers = {
  FtSessions: () => ({ data: { forwardTests: { __typename: 'ForwardTestConnection', edges: [{ __typename: 'ForwardTestEdge', node: session }], pageInfo: { __typename: 'PageInfo', hasNextPage: false } } } }),
  FtAccounts: () => ({ data: { accounts: [{ __typename: 'Account', id: 'a1', label: 'Core' }] } }),
}

describe('the forward-test dashboard', () => {
  it('shows the live MTM from forwardTestUpdates over the loaded session', async () => {
    const fake = fakeClient({
      ...handlers,
      FtUpdates: () => ({
        data: {
          forwardTestUpdates: { __typename: 'ForwardTestUpdate', id: 'f1', status: 'RUNNING', mtm: '-23.60', realized: '0', unrealized: '-3.10', charges: '20.50', trades: 0, at: '2026-11-23T10:01:00+00:00' },
        },
      }),
    })
    renderWith(<ForwardTestsPage />, { client: fake.client })
    const card = await screen.findByTestId('forward-test')
    expect(await within(card).findByTestId('forward-mtm')).toHaveTextContent('−₹23.60')
    expect(within(card).getByTestId('forward-updated')).toHaveTextContent('live · 15:31:00 IST')
    expect(card).toHaveTextContent('Core')
    expect(within(card).getAllByTestId('day-row')).toHaveLength(1)
  })

  it('asks before squaring off, then sends it and shows a refusal', async () => {
    const fake = fakeClient({
      ...handlers,
      FtUpdates: () => 'never',
      FtSquareOff: () => ({ data: { squareOffForwardTest: { __typename: 'NotFound', message: 'No such forward test among yours.' } } }),
    })
    renderWith(<ForwardTestsPage />, { client: fake.client })
    const user = userEvent.setup()
    await user.click(await screen.findByTestId('square-off-forward-test'))
    expect(fake.calls.map((c) => c.name)).not.toContain('FtSquareOff')
    await user.click(await screen.findByTestId('square-off-forward-test-confirm'))
    expect(await screen.findByTestId('square-off-forward-test-error')).toHaveTextContent('No such forward test among yours.')
    expect(fake.calls.find((c) => c.name === 'FtSquareOff')?.variables).toEqual({ id: 'f1' })
  })
})
