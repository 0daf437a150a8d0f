import { describe, expect, it } from 'vitest'
import type { ChainInstrumentFragment, ChainQuoteFragment } from '@/graphql/generated/graphql'
import { addLeg, analyticsLegs, basketLegs, legFromChainClick, parseLots, removeLeg, setLots } from './legs'

const call: ChainInstrumentFragment = {
  __typename: 'Instrument', token: 1, exchange: 'NFO', tradingsymbol: 'NIFTY26D0126200CE', kind: 'CE',
  lotSize: 65, tickSize: '0.05', underlying: 'NIFTY', expiry: '2026-12-01', strike: '26200.00',
}
const quote: ChainQuoteFragment = { __typename: 'Quote', ltp: '137.20', bid: '137.15', ask: '137.30', at: '2026-11-23T10:00:00Z' }

describe('legs from chain clicks', () => {
  it('a click on the bid sells at the bid and a click on the ask buys at the ask', () => {
    const sold = legFromChainClick(call, quote, 'bid')!
    const bought = legFromChainClick(call, quote, 'ask')!
    expect(sold).toMatchObject({ side: 'SELL', price: '137.15', kind: 'CE', strike: '26200.00', expiry: '2026-12-01', lots: 1, lotSize: 65 })
    expect(bought).toMatchObject({ side: 'BUY', price: '137.30' })
    expect(sold.key).not.toBe(bought.key)
  })

  it('gives no leg without a contract or without a price on that side', () => {
    expect(legFromChainClick(null, quote, 'bid')).toBeNull()
    expect(legFromChainClick(call, null, 'ask')).toBeNull()
    expect(legFromChainClick(call, { ...quote, ask: null }, 'ask')).toBeNull()
  })

  it('a second click on the same price adds a lot instead of a row', () => {
    const leg = legFromChainClick(call, quote, 'ask')!
    const twice = addLeg(addLeg([], leg), leg)
    expect(twice).toHaveLength(1)
    expect(twice[0]!.lots).toBe(2)
    const both = addLeg(twice, legFromChainClick(call, quote, 'bid')!)
    expect(both.map((l) => l.side)).toEqual(['BUY', 'SELL'])
  })

  it('edits lots, removes legs and checks typed lots', () => {
    const leg = legFromChainClick(call, quote, 'bid')!
    expect(setLots([leg], leg.key, 3)[0]!.lots).toBe(3)
    expect(removeLeg([leg], leg.key)).toEqual([])
    expect(parseLots('4')).toBe(4)
    expect(parseLots('0')).toBeNull()
    expect(parseLots('1.5')).toBeNull()
    expect(parseLots('1001')).toBeNull()
  })

  it('sends the analytics and the basket what they take', () => {
    const leg = { ...legFromChainClick(call, quote, 'bid')!, lots: 2 }
    expect(analyticsLegs([leg])).toEqual([{ side: 'SELL', kind: 'CE', expiry: '2026-12-01', lots: 2, strike: '26200.00', entryPrice: '137.15' }])
    expect(basketLegs([leg])).toEqual([{ symbol: 'NIFTY26D0126200CE', exchange: 'NFO', side: 'SELL', lots: 2, product: 'NRML', orderType: 'MARKET' }])
  })
})
