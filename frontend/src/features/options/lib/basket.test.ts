import { describe, expect, it } from 'vitest'
import type { PlaceBasketMutation } from '@/graphql/generated/graphql'
import { describeBasket } from './basket'
import type { BuilderLeg } from './legs'

const legs: BuilderLeg[] = [
  { key: 'a', symbol: 'NIFTY26D0126000PE', exchange: 'NFO', side: 'SELL', kind: 'PE', strike: '26000', expiry: '2026-12-01', lots: 1, lotSize: 65, price: '163.35' },
  { key: 'b', symbol: 'NIFTY26D0125900PE', exchange: 'NFO', side: 'BUY', kind: 'PE', strike: '25900', expiry: '2026-12-01', lots: 1, lotSize: 65, price: '127.25' },
]
const order = (id: string) => ({ __typename: 'Order' as const, id, side: 'SELL' as const, quantity: 65, status: 'COMPLETE' as const, averagePrice: '1', rejectReason: null, instrument: { __typename: 'Instrument' as const, tradingsymbol: 'X' } })
const fill = (id: string) => ({ __typename: 'Fill' as const, id, price: '1', quantity: 65 })

describe('basket results per account', () => {
  it('says what was placed in one account and why the other got nothing', () => {
    const result: PlaceBasketMutation['placeBasket'] = {
      __typename: 'PlaceBasketSuccess',
      accounts: [
        { __typename: 'AccountBasketResult', accountId: 'A', placed: true, failedLeg: null, error: null, orders: [order('1'), order('2')], fills: [fill('1'), fill('2')] },
        {
          __typename: 'AccountBasketResult', accountId: 'B', placed: false, failedLeg: 0, orders: [], fills: [],
          error: { __typename: 'InsufficientMargin', message: 'Margin needed ₹2,00,000; available ₹50,000. Add funds or trade fewer lots.', code: 'INSUFFICIENT_MARGIN' },
        },
      ],
    }
    const described = describeBasket(result, legs, (id) => (id === 'A' ? 'Alpha' : 'Beta'))
    expect(described.kind).toBe('done')
    if (described.kind !== 'done') return
    expect(described.accounts[0]).toMatchObject({ placed: true, fills: 2, headline: 'Alpha: placed 2 orders, 2 fills' })
    expect(described.accounts[1]).toMatchObject({ placed: false, fills: 0, headline: 'Beta: nothing placed' })
    expect(described.accounts[1]!.detail).toBe('Leg 1 (SELL 1 lot NIFTY26D0126000PE) was refused: Margin needed ₹2,00,000; available ₹50,000. Add funds or trade fewer lots.')
  })

  it('passes a whole-basket refusal on with what to do', () => {
    const described = describeBasket({ __typename: 'UnknownSymbol', message: 'No instrument NIFTYX.', code: 'UNKNOWN_SYMBOL' }, legs, (id) => id)
    expect(described).toEqual({ kind: 'problem', message: 'No instrument NIFTYX. Rebuild the legs from the chain.' })
  })
})
