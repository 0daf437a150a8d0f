import { describe, expect, it } from 'vitest'
import { foldUpdate, withLive, type LiveFigures } from './live'

const update = (id: string, at: string, mtm: string): LiveFigures => ({
  id,
  status: 'RUNNING',
  mtm,
  realized: '0',
  unrealized: mtm,
  charges: '0',
  trades: 0,
  at,
})

describe('live forward-test figures', () => {
  it('keeps the newest update per session and ignores a late older one', () => {
    let live = foldUpdate(undefined, update('a', '2026-11-23T10:00:00Z', '10'))
    live = foldUpdate(live, update('b', '2026-11-23T10:00:00Z', '5'))
    live = foldUpdate(live, update('a', '2026-11-23T10:01:00Z', '12'))
    live = foldUpdate(live, update('a', '2026-11-23T09:59:00Z', '1'))
    expect(live.a.mtm).toBe('12')
    expect(live.b.mtm).toBe('5')
  })

  it('lays the live figures over the loaded session', () => {
    const session = { id: 'a', status: 'RUNNING' as const, mtm: '0', realized: '0', unrealized: '0', charges: '0', trades: 0, strategy: 'sma_cross' }
    const live = foldUpdate(undefined, { ...update('a', '2026-11-23T10:00:00Z', '-3.50'), status: 'STOPPED' })
    expect(withLive(session, live)).toMatchObject({ strategy: 'sma_cross', mtm: '-3.50', status: 'STOPPED', updatedAt: '2026-11-23T10:00:00Z' })
    expect(withLive(session, {})).toMatchObject({ mtm: '0', updatedAt: null })
  })
})
