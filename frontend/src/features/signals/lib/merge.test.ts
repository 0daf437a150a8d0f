import { describe, expect, it } from 'vitest'
import { latest, newestFirst, stampAll } from './merge'

interface Row {
  id: string
  at: string
  status: string
}

describe('merging pages and live events', () => {
  it('keeps the latest version of each row, whichever source it came from', () => {
    const page = stampAll<Row>([{ id: 's1', at: '2024-06-03T09:20:00Z', status: 'ACCEPTED' }], 10)
    const event = { s1: { node: { id: 's1', at: '2024-06-03T09:20:00Z', status: 'EXECUTED' }, stamp: 20 } }
    expect(latest(page, event).s1?.node.status).toBe('EXECUTED')
    // A page whose request started after the event is at least as fresh: it wins.
    const refetched = stampAll<Row>([{ id: 's1', at: '2024-06-03T09:20:00Z', status: 'EXECUTED' }], 30)
    expect(latest(page, event, refetched).s1?.stamp).toBe(30)
    expect(latest(refetched, event).s1?.stamp).toBe(30)
  })

  it('lists newest first, naive server times read as UTC, ties by id', () => {
    const rows = stampAll<Row>(
      [
        { id: 'a', at: '2024-06-03T09:20:00', status: '' },
        { id: 'b', at: '2024-06-03T09:21:00+00:00', status: '' },
        { id: 'c', at: '2024-06-03T14:50:00+05:30', status: '' },
      ],
      1,
    )
    expect(newestFirst(rows, (r) => r.at).map((r) => r.id)).toEqual(['b', 'c', 'a'])
  })
})
