import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import type { BuilderLeg } from '../lib/legs'
import { BasketPanel } from './BasketPanel'

const legs: BuilderLeg[] = [
  { key: 'a', symbol: 'NIFTY26D0126000PE', exchange: 'NFO', side: 'SELL', kind: 'PE', strike: '26000', expiry: '2026-12-01', lots: 1, lotSize: 65, price: '163.35' },
  { key: 'b', symbol: 'NIFTY26D0125900PE', exchange: 'NFO', side: 'BUY', kind: 'PE', strike: '25900', expiry: '2026-12-01', lots: 1, lotSize: 65, price: '127.25' },
]
const accounts = [
  { __typename: 'Account' as const, id: 'a1', label: 'Alpha', cash: '500000' },
  { __typename: 'Account' as const, id: 'a2', label: 'Beta', cash: '1000' },
]

describe('the basket panel', () => {
  it('places the legs in the chosen accounts and shows each account\'s outcome', async () => {
    const fake = fakeClient({
      PlaceBasket: () => ({
        data: {
          placeBasket: {
            __typename: 'PlaceBasketSuccess',
            accounts: [
              {
                __typename: 'AccountBasketResult', accountId: 'a1', placed: true, failedLeg: null, error: null,
                orders: ['o1', 'o2'].map((id) => ({ __typename: 'Order', id, side: 'SELL', quantity: 65, status: 'COMPLETE', averagePrice: '1', rejectReason: null, instrument: { __typename: 'Instrument', tradingsymbol: 'X' } })),
                fills: ['f1', 'f2'].map((id) => ({ __typename: 'Fill', id, price: '1', quantity: 65 })),
              },
              {
                __typename: 'AccountBasketResult', accountId: 'a2', placed: false, failedLeg: 0, orders: [], fills: [],
                error: { __typename: 'InsufficientMargin', message: 'Not enough margin: add funds or trade fewer lots.', code: 'INSUFFICIENT_MARGIN' },
              },
            ],
          },
        },
      }),
    })
    renderWith(<BasketPanel legs={legs} accounts={accounts} />, { client: fake.client })
    const user = userEvent.setup()
    expect(screen.getByTestId('place-basket')).toBeDisabled()
    await user.click(screen.getByText('Alpha'))
    await user.click(screen.getByText('Beta'))
    await user.click(screen.getByTestId('place-basket'))
    const dialog = await screen.findByTestId('basket-confirm')
    expect(dialog).toHaveTextContent('Place 2 legs in 2 accounts?')
    await user.click(within(dialog).getByTestId('confirm-basket'))
    const results = await screen.findAllByTestId('basket-result')
    expect(results.map((r) => r.dataset.placed)).toEqual(['true', 'false'])
    expect(results[0]).toHaveTextContent('Alpha: placed 2 orders, 2 fills')
    expect(results[1]).toHaveTextContent('Leg 1 (SELL 1 lot NIFTY26D0126000PE) was refused: Not enough margin')
    const sent = fake.calls.find((c) => c.name === 'PlaceBasket')!.variables
    expect(sent.accountIds).toEqual(['a1', 'a2'])
    expect(sent.legs).toHaveLength(2)
  })
})
