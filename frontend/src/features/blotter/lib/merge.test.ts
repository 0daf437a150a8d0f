import { describe, expect, it } from 'vitest'
import type { BlotterFillFragment, BlotterOrderFragment } from '@/graphql/generated/graphql'
import { isWorking, mergeFills, mergeOrders, newerOrder, upsertOrder } from './merge'

function order(id: string, status: BlotterOrderFragment['status'], updatedAt: string, extra: Partial<BlotterOrderFragment> = {}): BlotterOrderFragment {
  return {
    __typename: 'Order',
    id,
    accountId: 'a1',
    instrument: { __typename: 'Instrument', tradingsymbol: 'INFY', exchange: 'NSE', kind: 'EQ', lotSize: 1, tickSize: '0.10' },
    side: 'BUY',
    quantity: 5,
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    price: '1200',
    triggerPrice: null,
    status,
    filledQuantity: 0,
    averagePrice: null,
    triggeredBy: 'manual',
    rejectReason: null,
    cancelReason: null,
    placedAt: '2026-11-23T10:00:00+00:00',
    updatedAt,
    ...extra,
  }
}

function fill(id: string, at: string): BlotterFillFragment {
  return {
    __typename: 'Fill',
    id,
    orderId: 'o1',
    accountId: 'a1',
    instrument: { __typename: 'Instrument', tradingsymbol: 'INFY', exchange: 'NSE' },
    side: 'BUY',
    quantity: 5,
    price: '1200',
    at,
    tag: 'NORMAL',
    charges: { __typename: 'Charges', total: '1.00' },
  }
}

describe('merging live order updates by id', () => {
  it('replaces a loaded order with its newer live version', () => {
    const loaded = [order('o1', 'OPEN', '2026-11-23T10:00:00+00:00')]
    const live = { o1: order('o1', 'OPEN', '2026-11-23T10:00:05+00:00', { quantity: 7, price: '1201.1' }) }
    const merged = mergeOrders(loaded, live)
    expect(merged).toHaveLength(1)
    expect(merged[0]).toMatchObject({ quantity: 7, price: '1201.1' })
  })

  it('keeps the newer version when a stale one arrives late', () => {
    const fresh = order('o1', 'PARTIALLY_FILLED', '2026-11-23T10:00:05+00:00', { filledQuantity: 2 })
    const stale = order('o1', 'OPEN', '2026-11-23T10:00:01+00:00')
    expect(newerOrder(fresh, stale)).toBe(fresh)
    expect(upsertOrder({ o1: fresh }, stale).o1).toBe(fresh)
  })

  it('never lets a final status go back to working, whatever the clocks say', () => {
    const cancelled = order('o1', 'CANCELLED', '2026-11-23T10:00:01+00:00')
    const open = order('o1', 'OPEN', '2026-11-23T10:00:09+00:00')
    expect(newerOrder(cancelled, open)).toBe(cancelled)
    expect(newerOrder(open, cancelled)).toBe(cancelled)
  })

  it('adds orders placed after the page loaded, newest first', () => {
    const loaded = [order('o1', 'COMPLETE', '2026-11-23T10:00:00+00:00')]
    const live = { o2: order('o2', 'OPEN', '2026-11-23T10:01:00+00:00', { placedAt: '2026-11-23T10:01:00+00:00' }) }
    expect(mergeOrders(loaded, live).map((o) => o.id)).toEqual(['o2', 'o1'])
  })

  it('unions fills by id, newest first', () => {
    const merged = mergeFills([fill('f1', '2026-11-23T10:00:00+00:00')], {
      f1: fill('f1', '2026-11-23T10:00:00+00:00'),
      f2: fill('f2', '2026-11-23T10:02:00+00:00'),
    })
    expect(merged.map((f) => f.id)).toEqual(['f2', 'f1'])
  })

  it('treats OPEN, TRIGGER_PENDING and PARTIALLY_FILLED as working', () => {
    expect(['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED', 'COMPLETE', 'CANCELLED', 'REJECTED', 'PENDING'].map((s) => isWorking(s as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
  })
})
