/**
 * The geometry of the payoff chart, kept apart from React so it can be tested: linear scales
 * from price to x and from P&L to y, "nice" tick values, SVG paths and the vertical markers
 * (breakevens, spot) that fall inside the plotted price range.
 */

export interface PayoffSample {
  price: number
  /** P&L at the first expiry, ₹ */
  expiry: number
  /** P&L at the chosen date with the IV shift, ₹ */
  atDate: number
}

export interface Box {
  width: number
  height: number
  top: number
  right: number
  bottom: number
  left: number
}

export interface PayoffScale {
  x: (price: number) => number
  y: (pnl: number) => number
  priceMin: number
  priceMax: number
  pnlMin: number
  pnlMax: number
  xTicks: number[]
  yTicks: number[]
}

export interface Marker {
  kind: 'breakeven' | 'spot'
  price: number
  x: number
}

/** 1, 2 or 5 times a power of ten: the step a person reads easily. */
export function niceStep(range: number, count: number): number {
  if (!(range > 0) || count < 1) return 1
  const raw = range / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const fraction = raw / power
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
  return nice * power
}

/** Multiples of a nice step inside [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count)
  const ticks: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)))
  }
  return ticks
}

/**
 * Scales for the samples in the box. The P&L range always includes zero (the line that
 * separates profit from loss) and gets 8% headroom so the curves do not touch the frame.
 */
export function payoffScale(samples: PayoffSample[], box: Box): PayoffScale {
  const prices = samples.map((s) => s.price)
  const pnls = samples.flatMap((s) => [s.expiry, s.atDate]).filter(Number.isFinite)
  let priceMin = prices.length ? Math.min(...prices) : 0
  let priceMax = prices.length ? Math.max(...prices) : 1
  if (priceMax === priceMin) {
    priceMin -= 1
    priceMax += 1
  }
  let pnlMin = Math.min(0, ...pnls)
  let pnlMax = Math.max(0, ...pnls)
  if (pnlMax === pnlMin) {
    pnlMin -= 1
    pnlMax += 1
  }
  const pad = (pnlMax - pnlMin) * 0.08
  pnlMin -= pad
  pnlMax += pad
  const plotWidth = box.width - box.left - box.right
  const plotHeight = box.height - box.top - box.bottom
  return {
    x: (price) => box.left + ((price - priceMin) / (priceMax - priceMin)) * plotWidth,
    y: (pnl) => box.top + ((pnlMax - pnl) / (pnlMax - pnlMin)) * plotHeight,
    priceMin,
    priceMax,
    pnlMin,
    pnlMax,
    xTicks: niceTicks(priceMin, priceMax, 6),
    yTicks: niceTicks(pnlMin, pnlMax, 5),
  }
}

/** An SVG path through one of the curves. */
export function linePath(samples: PayoffSample[], scale: PayoffScale, curve: 'expiry' | 'atDate'): string {
  return samples
    .filter((s) => Number.isFinite(s[curve]))
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${scale.x(s.price).toFixed(1)},${scale.y(s[curve]).toFixed(1)}`)
    .join('')
}

/** The area between the expiry curve and zero: clipped above zero it is profit, below loss. */
export function areaPath(samples: PayoffSample[], scale: PayoffScale): string {
  if (samples.length === 0) return ''
  const zero = scale.y(0).toFixed(1)
  const first = samples[0]!
  const last = samples[samples.length - 1]!
  return `M${scale.x(first.price).toFixed(1)},${zero}${linePath(samples, scale, 'expiry').replace(/^M/, 'L')}L${scale.x(last.price).toFixed(1)},${zero}Z`
}

/** Breakevens and the spot as vertical markers; those outside the plotted range are left out. */
export function markersFor(breakevens: number[], spot: number | null, scale: PayoffScale): Marker[] {
  const inside = (price: number) => Number.isFinite(price) && price >= scale.priceMin && price <= scale.priceMax
  const found: Marker[] = breakevens.filter(inside).map((price) => ({ kind: 'breakeven', price, x: scale.x(price) }))
  if (spot !== null && inside(spot)) found.push({ kind: 'spot', price: spot, x: scale.x(spot) })
  return found
}

/** The sample nearest a price (for the hover read-out). */
export function nearestSample(samples: PayoffSample[], price: number): PayoffSample | null {
  let best: PayoffSample | null = null
  for (const s of samples) if (!best || Math.abs(s.price - price) < Math.abs(best.price - price)) best = s
  return best
}

/** Compact axis labels: 26,000 · 1.2L · −35K. */
export function axisLabel(value: number): string {
  const abs = Math.abs(value)
  const sign = value < 0 ? '−' : ''
  if (abs >= 1e7) return `${sign}${trim(abs / 1e7)}Cr`
  if (abs >= 1e5) return `${sign}${trim(abs / 1e5)}L`
  if (abs >= 1e3) return `${sign}${trim(abs / 1e3)}K`
  return `${sign}${trim(abs)}`
}

function trim(value: number): string {
  return Number(value.toFixed(2)).toString()
}

/** A price on the axis or a marker: "26,050" or "25,812.5". */
export function priceLabel(value: number): string {
  return value.toLocaleString('en-IN', { maximumFractionDigits: 1 })
}

/**
 * The part of the server's (wide, several-sigma) curve worth looking at: the strikes, the
 * breakevens and the spot, with room either side. The metrics still come from the full range.
 */
export function displayWindow(samples: PayoffSample[], strikes: number[], breakevens: number[], spot: number | null): { low: number; high: number } | null {
  if (samples.length < 2) return null
  const first = samples[0]!.price
  const last = samples[samples.length - 1]!.price
  const anchors = [...strikes, ...breakevens, ...(spot !== null ? [spot] : [])].filter((v) => Number.isFinite(v) && v > 0)
  if (anchors.length === 0) return { low: first, high: last }
  const low = Math.min(...anchors)
  const high = Math.max(...anchors)
  const pad = Math.max((high - low) * 0.6, ((low + high) / 2) * 0.015)
  return { low: Math.max(first, low - pad), high: Math.min(last, high + pad) }
}

/** The samples inside a window (kept whole when it would leave fewer than two). */
export function cropSamples(samples: PayoffSample[], window: { low: number; high: number } | null): PayoffSample[] {
  if (!window) return samples
  const inside = samples.filter((s) => s.price >= window.low && s.price <= window.high)
  return inside.length >= 2 ? inside : samples
}
