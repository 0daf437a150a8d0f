/** One point of the intraday P&L line: Unix seconds and net P&L in rupees (display only). */
export interface PnlSample {
  time: number
  value: number
}

export const WINDOW_SECONDS = 30 * 60

/**
 * Add a net P&L reading to the chart's samples: at most one point per second (a newer reading
 * in the same second replaces it), and only the last 30 minutes are kept. The figure becomes a
 * float here for drawing only; the numbers on screen come from the server's exact strings.
 */
export function addSample(samples: PnlSample[], atMs: number, netPnl: string, windowSeconds = WINDOW_SECONDS): PnlSample[] {
  const value = Number(netPnl)
  if (!Number.isFinite(value)) return samples
  const time = Math.floor(atMs / 1000)
  const last = samples[samples.length - 1]
  if (last && time < last.time) return samples
  const kept = last && last.time === time ? samples.slice(0, -1) : samples
  const cutoff = time - windowSeconds
  const start = kept.findIndex((s) => s.time >= cutoff)
  return [...(start < 0 ? [] : kept.slice(start)), { time, value }]
}
