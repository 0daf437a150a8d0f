import { describe, expect, it } from 'vitest'
import { addTick, candleOfBar, rebucket, withHistory } from './candles'

describe('candles from live quotes', () => {
  it('opens, extends and closes buckets', () => {
    let c = addTick([], 1000, 100, 60)
    c = addTick(c, 1010, 103, 60)
    c = addTick(c, 1019, 99, 60)
    c = addTick(c, 1021, 101, 60)
    expect(c).toEqual([
      { time: 960, open: 100, high: 103, low: 99, close: 99 },
      { time: 1020, open: 101, high: 101, low: 101, close: 101 },
    ])
  })
  it('ignores a tick older than the last bucket', () => {
    const c = addTick(addTick([], 1000, 100, 60), 900, 50, 60)
    expect(c).toHaveLength(1)
  })
  it('rebuckets 5-second candles into minutes', () => {
    let c = addTick([], 60, 10)
    c = addTick(c, 65, 12)
    c = addTick(c, 119, 9)
    c = addTick(c, 120, 11)
    expect(rebucket(c, 60)).toEqual([
      { time: 60, open: 10, high: 12, low: 9, close: 9 },
      { time: 120, open: 11, high: 11, low: 11, close: 11 },
    ])
  })
  it('continues stored bars with live candles', () => {
    const history = [
      candleOfBar({ at: '', open: '10', high: '11', low: '9', close: '10.5' }, 60),
      candleOfBar({ at: '', open: '10.5', high: '12', low: '10', close: '11' }, 120),
    ]
    let live = addTick([], 100, 99) // inside the first stored minute: already counted
    live = addTick(live, 150, 13)
    live = addTick(live, 185, 12.5)
    expect(withHistory(history, live, 60)).toEqual([
      { time: 60, open: 10, high: 11, low: 9, close: 10.5 },
      { time: 120, open: 10.5, high: 13, low: 10, close: 13 },
      { time: 180, open: 12.5, high: 12.5, low: 12.5, close: 12.5 },
    ])
  })
})
