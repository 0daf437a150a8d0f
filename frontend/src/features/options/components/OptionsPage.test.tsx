import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient, type FakeHandler } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { OptionsPage } from './OptionsPage'

const instrument = (strike: string, kind: 'CE' | 'PE') => ({
  __typename: 'Instrument', token: Number(strike) + (kind === 'CE' ? 0 : 1), exchange: 'NFO', tradingsymbol: `NIFTY26D01${strike}${kind}`,
  kind, lotSize: 65, tickSize: '0.05', underlying: 'NIFTY', expiry: '2099-12-01', strike: `${strike}.00`,
})
const quote = (bid: string, ask: string) => ({ __typename: 'Quote', ltp: bid, bid, ask, at: '2099-11-23T10:00:00Z' })
const greeks = { __typename: 'OptionAnalytics', iv: 13.2, delta: 0.51, gamma: 0.0004, theta: -12.3, vega: 15.1, oi: null }
const row = (strike: string, isAtm: boolean) => ({
  __typename: 'OptionChainLiveRow', strike: `${strike}.00`, isAtm,
  call: instrument(strike, 'CE'), put: instrument(strike, 'PE'),
  callQuote: quote('180.10', '180.40'), putQuote: quote('200.05', '200.30'),
  callAnalytics: greeks, putAnalytics: { ...greeks, delta: -0.49 },
})
const summary = {
  __typename: 'OptionChainSummary', spot: '26052.00', futurePrice: null, forward: 26077.5, forwardBasis: 'SYNTHETIC', daysToExpiry: 7.7,
  atmStrike: '26100.00', pcr: 1.02, pcrBasis: 'VOLUME', maxPain: '26100.00', atmIv: 13.0,
}
const analytics = {
  __typename: 'OptionStrategyAnalytics', forward: 26077.5, at: '2099-11-23T10:00:00Z',
  payoff: [25800, 25900, 26000, 26100, 26200, 26300, 26400].map((price) => ({ __typename: 'PayoffPoint', price, expiry: (price - 26100) * 65 - 180.4 * 65, atDate: 0 })),
  breakevens: ['26280.40'], maxProfit: null, maxLoss: '-11726.00', unlimitedProfit: true, unlimitedLoss: false, netPremium: '-11726.00',
  greeks: { __typename: 'NetGreeks', delta: 33.2, gamma: 0.03, theta: -800, vega: 980, rho: 10 },
  probabilityOfProfit: 0.41, margin: '11726.00',
}

function handlers(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    OptionUnderlyings: () => ({ data: { instruments: { __typename: 'InstrumentPage', items: [{ __typename: 'Instrument', tradingsymbol: 'NIFTY', name: 'NIFTY 50' }] } } }),
    OptionExpiries: () => ({ data: { instruments: { __typename: 'InstrumentPage', items: [{ __typename: 'Instrument', expiry: '2099-12-01' }] } } }),
    OptionChainLive: () => ({
      data: { optionChainUpdates: { __typename: 'OptionChainSnapshot', underlying: 'NIFTY', expiry: '2099-12-01', at: '2099-11-23T10:00:00Z', summary, rows: [row('26000', false), row('26100', true), row('26200', false)] } },
    }),
    OptionAccounts: () => ({ data: { accounts: [{ __typename: 'Account', id: 'a1', label: 'Alpha', cash: '500000' }] } }),
    StrategyTemplates: () => ({ data: { strategyTemplates: [{ __typename: 'StrategyTemplateInfo', template: 'IRON_CONDOR', description: 'Limited both ways' }] } }),
    StrategyAnalytics: () => ({ data: { optionStrategyAnalytics: analytics } }),
    ...extra,
  }
}

describe('the options page', () => {
  it('shows the chain around the ATM and adds a bought leg when an ask is clicked', async () => {
    const fake = fakeClient(handlers())
    renderWith(<OptionsPage />, { client: fake.client })
    const chain = await screen.findByRole('table', { name: 'Option chain' })
    const rows = within(chain).getAllByTestId('chain-row')
    expect(rows.map((r) => r.dataset.atm)).toEqual(['false', 'true', 'false'])
    expect(screen.getByTestId('chain-pcr')).toHaveTextContent('1.02')
    expect(within(chain).getAllByRole('columnheader', { name: 'IV' })).toHaveLength(2)

    const user = userEvent.setup()
    await user.click(within(rows[1]!).getByRole('button', { name: 'Buy NIFTY26D0126100CE at 180.40' }))
    const legs = await screen.findAllByTestId('leg-row')
    expect(legs).toHaveLength(1)
    expect(legs[0]).toHaveAttribute('data-side', 'BUY')
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'StrategyAnalytics')).toBe(true))
    const sent = fake.calls.find((c) => c.name === 'StrategyAnalytics')!.variables
    expect(sent.legs).toEqual([{ side: 'BUY', kind: 'CE', expiry: '2099-12-01', lots: 1, strike: '26100.00', entryPrice: '180.40' }])
    // An unlimited upside shows as ∞; one breakeven is marked on the chart.
    expect(await screen.findByTestId('metric-max-profit')).toHaveTextContent('∞')
    expect(screen.getByTestId('payoff-chart')).toHaveAttribute('data-breakevens', '1')

    // A second click on the same ask adds a lot, not a row.
    await user.click(within(rows[1]!).getByRole('button', { name: 'Buy NIFTY26D0126100CE at 180.40' }))
    expect(screen.getAllByTestId('leg-row')).toHaveLength(1)
    expect(screen.getByTestId('leg-lots')).toHaveValue('2')
  })

  it('says what to do when the chain cannot be loaded', async () => {
    const { CombinedError } = await import('@urql/core')
    const fake = fakeClient(
      handlers({ OptionChainLive: () => ({ error: new CombinedError({ graphQLErrors: [{ message: 'No NIFTY options expire on 2099-12-01. Pick a listed expiry.' }] }) }) }),
    )
    renderWith(<OptionsPage />, { client: fake.client })
    expect(await screen.findByTestId('chain-problem')).toHaveTextContent('Pick a listed expiry.')
    expect(screen.getByTestId('live-status')).toHaveAttribute('data-connected', 'false')
  })
})
