/** One OHLC bar; `time` is the bucket's start in Unix seconds. */
export interface Candle {
  time: number
  open: number
  high: number
  low: number
  close: number
}

/** Base candles are 5 seconds wide; an hour of them is kept. */
export const BASE_SECONDS = 5
export const MAX_CANDLES = 720

/**
 * Fold one trade price into `bucketSeconds` candles built from live quotes.
 * Display only: prices become floats here for the chart, never for money.
 * A tick older than the last candle is ignored (quotes can arrive out of order on reconnect).
 */
export function addTick(candles: Candle[], atSeconds: number, price: number, bucketSeconds = BASE_SECONDS): Candle[] {
  if (!Number.isFinite(price) || !Number.isFinite(atSeconds)) return candles
  const time = Math.floor(atSeconds / bucketSeconds) * bucketSeconds
  const last = candles[candles.length - 1]
  if (last && time < last.time) return candles
  if (last && time === last.time) {
    const updated: Candle = { ...last, high: Math.max(last.high, price), low: Math.min(last.low, price), close: price }
    return [...candles.slice(0, -1), updated]
  }
  const next = [...candles, { time, open: price, high: price, low: price, close: price }]
  return next.length > MAX_CANDLES ? next.slice(next.length - MAX_CANDLES) : next
}

/** Re-bucket candles (kept as ticks' OHLC) into a coarser interval. */
export function rebucket(candles: Candle[], bucketSeconds: number): Candle[] {
  const out: Candle[] = []
  for (const c of candles) {
    const time = Math.floor(c.time / bucketSeconds) * bucketSeconds
    const last = out[out.length - 1]
    if (last && last.time === time) {
      out[out.length - 1] = { ...last, high: Math.max(last.high, c.high), low: Math.min(last.low, c.low), close: c.close }
    } else {
      out.push({ ...c, time })
    }
  }
  return out
}

/** A stored bar from the server (exact strings), as a chart candle (floats, display only). */
export function candleOfBar(bar: { at: string; open: string; high: string; low: string; close: string }, atSeconds: number): Candle {
  return { time: atSeconds, open: Number(bar.open), high: Number(bar.high), low: Number(bar.low), close: Number(bar.close) }
}

/**
 * History bars from the server followed by the live candles, in `bucketSeconds` buckets. Live
 * candles older than the last stored bar are already inside the history and are dropped; one in
 * the same bucket extends it (its high, low and latest close).
 */
export function withHistory(history: Candle[], live: Candle[], bucketSeconds: number): Candle[] {
  const last = history[history.length - 1]
  const fresh = last ? live.filter((c) => c.time >= last.time) : live
  return rebucket([...history, ...fresh], bucketSeconds)
}
