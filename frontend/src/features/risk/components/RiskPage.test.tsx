import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient, type FakeHandler } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { GlobalPanicBanner } from './GlobalPanicBanner'
import { RiskPage } from './RiskPage'

const panic = {
  __typename: 'Panic',
  id: 'p1',
  scope: { __typename: 'RiskScope', kind: 'ALL', id: '' },
  reason: 'feed looks wrong',
  pressedAt: '2026-11-26T05:00:00+00:00',
  pressedBy: 'rekha',
  active: true,
}

const account = {
  __typename: 'ScopeRiskStatus',
  scope: { __typename: 'RiskScope', kind: 'ACCOUNT', id: 'a1' },
  label: 'Intraday',
  blocked: false,
  disabled: false,
  breached: null,
  dayPnl: '-1200.50',
  grossExposure: '300000',
  openPositions: 2,
  limits: null,
  headroom: [
    { __typename: 'Headroom', rule: 'DAILY_LOSS_LIMIT', limit: '5000', current: '1200.50', headroom: '3799.50', used: '0.2401' },
  ],
  panic: null,
}

function status(globalPanic: unknown = null): FakeHandler {
  return () => ({ data: { riskStatus: { __typename: 'RiskStatus', globalPanic, scopes: [account], guards: [] } } })
}

const quiet = {
  RiskEventsList: () => ({ data: { riskEvents: [] } }),
  RiskEventsLive: () => 'never' as const,
  RiskGroupChoices: () => ({ data: { signalGroups: [{ __typename: 'SignalGroup', id: 'g1', name: 'Nifty breakouts' }] } }),
}

describe('the risk page', () => {
  it('sets a signal group\'s own rules from the group picker', async () => {
    const fake = fakeClient({
      ...quiet,
      RiskStatus: status(),
      SetRiskLimits: () => ({ data: { setRiskLimits: { __typename: 'SetRiskLimitsSuccess', limits: { __typename: 'RiskLimits' } } } }),
    })
    renderWith(<RiskPage canTrade />, { client: fake.client })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Set group limits' }))
    const dialog = await screen.findByRole('form', { name: 'Limits of Nifty breakouts' })
    expect(within(dialog).queryByLabelText('Daily loss limit')).toBeNull() // an account rule
    await user.type(within(dialog).getByLabelText('MTM stop-loss'), '1500')
    await user.type(within(dialog).getByLabelText('Exit all at (HH:MM IST)'), '15:05')
    await user.click(within(dialog).getByRole('button', { name: 'Save limits' }))
    await waitFor(() =>
      expect(fake.calls.find((c) => c.name === 'SetRiskLimits')?.variables).toEqual({
        scope: { kind: 'GROUP', id: 'g1' },
        limits: { mtmStopLoss: '1500', squareOffAt: '15:05' },
      }),
    )
  })

  it('shows each limit with its live headroom', async () => {
    renderWith(<RiskPage canTrade />, { client: fakeClient({ ...quiet, RiskStatus: status() }).client })
    const bar = await screen.findByTestId('headroom')
    expect(bar).toHaveAttribute('data-rule', 'DAILY_LOSS_LIMIT')
    expect(within(bar).getByTestId('headroom-left')).toHaveTextContent('₹3,799.50 left · limit ₹5,000.00')
  })

  it('asks why before pressing a panic, then sends the reason', async () => {
    const fake = fakeClient({
      ...quiet,
      RiskStatus: status(),
      PressPanic: () => ({
        data: { pressPanic: { __typename: 'PressPanicSuccess', cancelledOrders: 1, exitOrders: 2, alreadyInForce: false, panic } },
      }),
    })
    renderWith(<RiskPage canTrade />, { client: fake.client })
    const user = userEvent.setup()
    await user.click(await screen.findByTestId('panic-all'))
    const dialog = await screen.findByRole('alertdialog')
    await user.click(within(dialog).getByRole('button', { name: 'Stop everything' }))
    expect(within(dialog).getByText('Say why, in a few words: it goes in the audit log.')).toBeInTheDocument()
    expect(fake.calls.some((c) => c.name === 'PressPanic')).toBe(false)
    await user.type(within(dialog).getByLabelText(/Reason/), 'runaway algo')
    await user.click(within(dialog).getByRole('button', { name: 'Stop everything' }))
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'PressPanic')?.variables).toEqual({ scope: { kind: 'ALL' }, reason: 'runaway algo' }))
  })

  it('a viewer sees the limits but no panic button', async () => {
    renderWith(<RiskPage canTrade={false} />, { client: fakeClient({ ...quiet, RiskStatus: status() }).client })
    await screen.findByTestId('headroom')
    expect(screen.queryByTestId('panic-all')).toBeNull()
  })
})

describe('the global panic banner', () => {
  it('shows who stopped trading and why, while a panic on everything is in force', async () => {
    renderWith(<GlobalPanicBanner />, {
      client: fakeClient({ ActivePanics: () => ({ data: { panics: [panic] } }), RiskEventsLive: () => 'never' }).client,
    })
    expect(await screen.findByTestId('panic-banner')).toHaveTextContent('Pressed by rekha')
    expect(screen.getByTestId('panic-banner')).toHaveTextContent('feed looks wrong')
  })

  it('stays away when no panic is in force', async () => {
    const fake = fakeClient({ ActivePanics: () => ({ data: { panics: [] } }), RiskEventsLive: () => 'never' })
    renderWith(<GlobalPanicBanner />, { client: fake.client })
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'ActivePanics')).toBe(true))
    expect(screen.queryByTestId('panic-banner')).toBeNull()
  })
})
