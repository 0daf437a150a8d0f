import { describe, expect, it } from 'vitest'
import type { TicketInstrumentFragment } from '@/graphql/generated/graphql'
import { orderInput, quantityProblem, unitsOf, validateTicket, type TicketState } from './ticket'

const reliance: TicketInstrumentFragment = {
  __typename: 'Instrument',
  token: 100001,
  exchange: 'NSE',
  tradingsymbol: 'RELIANCE',
  name: 'RELIANCE INDUSTRIES',
  kind: 'EQ',
  lotSize: 1,
  tickSize: '0.10',
  underlying: null,
  expiry: null,
  strike: null,
}
const niftyFut: TicketInstrumentFragment = {
  ...reliance,
  token: 1015108000,
  exchange: 'NFO',
  tradingsymbol: 'NIFTY26NOVFUT',
  kind: 'FUT',
  lotSize: 65,
  underlying: 'NIFTY',
  expiry: '2026-11-26',
}

const base: TicketState = {
  accountId: 'a1',
  side: 'BUY',
  quantity: '5',
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
  price: '',
  triggerPrice: '',
  stopUnit: 'POINTS',
  stopLoss: '',
  target: '',
  trailingStop: '',
}

describe('the order ticket checks', () => {
  it('accepts a complete market order', () => {
    expect(validateTicket(base, reliance)).toEqual({})
  })

  it('wants an account and a symbol', () => {
    expect(validateTicket({ ...base, accountId: '' }, null)).toEqual({
      accountId: 'Pick the account to trade in.',
      symbol: 'Search for a symbol and pick one from the list.',
    })
  })

  it('wants a price on the tick for LIMIT, and a trigger for SL and SL-M', () => {
    expect(validateTicket({ ...base, orderType: 'LIMIT' }, reliance)).toEqual({ price: 'Enter the price.' })
    expect(validateTicket({ ...base, orderType: 'LIMIT', price: '1200.05' }, reliance).price).toBe(
      'Price 1200.05 is not a multiple of the tick size 0.10. Use 1200.00 or 1200.10.',
    )
    expect(validateTicket({ ...base, orderType: 'SL', price: '1200' }, reliance)).toEqual({ triggerPrice: 'Enter the trigger price.' })
    expect(validateTicket({ ...base, orderType: 'SL_M', triggerPrice: '1210.10' }, reliance)).toEqual({})
  })

  it('counts F&O in lots of the lot size', () => {
    expect(unitsOf('2', niftyFut)).toBe(130)
    expect(unitsOf('2', reliance)).toBe(2)
    expect(unitsOf('1.5', niftyFut)).toBe(0)
    expect(quantityProblem('1.5', niftyFut)).toBe('Enter whole lots (1 lot = 65 units).')
    expect(quantityProblem('0', niftyFut)).toBe('Trade at least 1 lot.')
    expect(quantityProblem('', reliance)).toBe('Enter the quantity.')
  })

  it('will not trade an index', () => {
    const nifty = { ...reliance, kind: 'INDEX' as const, tradingsymbol: 'NIFTY' }
    expect(validateTicket(base, nifty).symbol).toMatch(/index and cannot be traded/)
  })

  it('sends units, and only the prices the order type uses', () => {
    const input = orderInput({ ...base, quantity: '2', orderType: 'LIMIT', price: ' 24000.10 ', triggerPrice: '1' }, niftyFut, 'web-1')
    expect(input).toEqual({
      accountId: 'a1',
      symbol: 'NIFTY26NOVFUT',
      exchange: 'NFO',
      side: 'BUY',
      quantity: 130,
      orderType: 'LIMIT',
      product: 'MIS',
      validity: 'DAY',
      price: '24000.10',
      triggerPrice: null,
      clientOrderId: 'web-1',
      stopLoss: null,
      target: null,
      trailingStop: null,
    })
  })

  it('sends bracket stops in the chosen unit, measured from the fill', () => {
    const input = orderInput({ ...base, stopUnit: 'PERCENT', stopLoss: '1.5', trailingStop: ' 2 ' }, niftyFut, 'web-2')
    expect(input).toMatchObject({
      stopLoss: { offset: 'PERCENT', value: '1.5' },
      target: null,
      trailingStop: { distance: { offset: 'PERCENT', value: '2' } },
    })
  })

  it('refuses stops that are not above zero, or a percentage of 100 or more', () => {
    const problems = validateTicket({ ...base, stopUnit: 'PERCENT', stopLoss: '0', target: '100', trailingStop: 'x' }, niftyFut)
    expect(Object.keys(problems).sort()).toEqual(['stopLoss', 'target', 'trailingStop'])
    expect(validateTicket({ ...base, stopLoss: '12.5', target: '30' }, niftyFut)).toEqual({})
  })
})
