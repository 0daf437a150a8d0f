import { describe, expect, it } from 'vitest'
import { nextSort, sortRows } from './sort'

const rows = [
  { id: 'a', pnl: '100.50', at: '2025-01-03T00:00:00Z' },
  { id: 'b', pnl: '-20', at: '2025-01-01T00:00:00Z' },
  { id: 'c', pnl: null, at: '2025-01-02T00:00:00Z' },
  { id: 'd', pnl: '9.99', at: '2025-01-04T00:00:00Z' },
]

describe('sorting table rows', () => {
  it('sorts decimal strings as numbers, not as text', () => {
    expect(sortRows(rows, (r) => r.pnl, 'desc').map((r) => r.id)).toEqual(['a', 'd', 'b', 'c'])
    expect(sortRows(rows, (r) => r.pnl, 'asc').map((r) => r.id)).toEqual(['b', 'd', 'a', 'c'])
  })

  it('sorts times and keeps blanks last', () => {
    expect(sortRows(rows, (r) => r.at, 'asc').map((r) => r.id)).toEqual(['b', 'c', 'a', 'd'])
  })

  it('is stable for ties and leaves the input alone', () => {
    const tied = [{ k: 1, n: 'x' }, { k: 1, n: 'y' }, { k: 0, n: 'z' }]
    expect(sortRows(tied, (r) => r.k, 'desc').map((r) => r.n)).toEqual(['x', 'y', 'z'])
    expect(tied.map((r) => r.n)).toEqual(['x', 'y', 'z'])
  })

  it('flips the same column and starts a new one descending', () => {
    expect(nextSort({ key: 'pnl', direction: 'desc' }, 'pnl')).toEqual({ key: 'pnl', direction: 'asc' })
    expect(nextSort({ key: 'pnl', direction: 'asc' }, 'size')).toEqual({ key: 'size', direction: 'desc' })
  })
})
