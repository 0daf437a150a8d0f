import { describe, expect, it } from 'vitest'
import type { PositionRowFragment } from '@/graphql/generated/graphql'
import { mergePositions, positionKey, squareOffInput, stampAll } from './positions'

function position(quantity: number, extra: Partial<PositionRowFragment> = {}): PositionRowFragment {
  return {
    __typename: 'Position',
    accountId: 'a1',
    instrument: { __typename: 'Instrument', token: 1, tradingsymbol: 'RELIANCE', exchange: 'NSE', kind: 'EQ', lotSize: 1, tickSize: '0.10' },
    product: 'MIS',
    quantity,
    averagePrice: '1486.70',
    ltp: '1487.00',
    realizedPnl: '0',
    unrealizedPnl: '1.50',
    charges: { __typename: 'Charges', total: '3.12' },
    buyQuantity: Math.max(quantity, 0),
    sellQuantity: Math.max(-quantity, 0),
    stops: null,
    ...extra,
  }
}

describe('positions', () => {
  it('squares off with the opposite side, open quantity, at market, same product', () => {
    expect(squareOffInput(position(5), 'k')).toEqual({
      accountId: 'a1',
      symbol: 'RELIANCE',
      exchange: 'NSE',
      side: 'SELL',
      quantity: 5,
      orderType: 'MARKET',
      product: 'MIS',
      validity: 'DAY',
      clientOrderId: 'k',
    })
    expect(squareOffInput(position(-130, { product: 'NRML' }), 'k')).toMatchObject({ side: 'BUY', quantity: 130, product: 'NRML' })
    expect(squareOffInput(position(0), 'k')).toBeNull()
  })

  it('overlays the latest live version of each position on the loaded ones', () => {
    const loaded = [position(5)]
    const fromFill = { [positionKey(position(5))]: { row: position(0, { realizedPnl: '10.00' }), receivedAt: 10 } }
    const marks = stampAll([position(5, { ltp: '1490.00' })], 5)
    const merged = mergePositions(loaded, fromFill, marks)
    expect(merged).toHaveLength(1)
    expect(merged[0]).toMatchObject({ quantity: 0, realizedPnl: '10.00' })
    const later = stampAll([position(0, { ltp: '1491.00', realizedPnl: '10.00' })], 20)
    expect(mergePositions(loaded, fromFill, later)[0]).toMatchObject({ ltp: '1491.00' })
  })

  it('keys positions by account, instrument and product; open ones first', () => {
    const a = position(0, { instrument: { ...position(0).instrument, token: 2, tradingsymbol: 'INFY' } })
    const b = position(5)
    const c = position(5, { product: 'CNC' })
    const merged = mergePositions([a, b, c])
    expect(merged.map((p) => `${p.instrument.tradingsymbol}/${p.product}`)).toEqual(['RELIANCE/CNC', 'RELIANCE/MIS', 'INFY/MIS'])
  })
})
