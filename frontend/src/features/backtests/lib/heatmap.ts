/** The span of the defined cells of a heatmap; null when none is defined. */
export function heatDomain(cells: (number | null)[][]): { min: number; max: number } | null {
  let min = Infinity
  let max = -Infinity
  for (const row of cells)
    for (const value of row) {
      if (value === null || !Number.isFinite(value)) continue
      min = Math.min(min, value)
      max = Math.max(max, value)
    }
  return min === Infinity ? null : { min, max }
}

/** Where a value sits in the domain, 0 (worst) to 1 (best); a flat map sits in the middle. */
export function heatPosition(value: number, domain: { min: number; max: number }, lowerIsBetter = false): number {
  if (domain.max === domain.min) return 0.5
  const t = Math.min(1, Math.max(0, (value - domain.min) / (domain.max - domain.min)))
  return lowerIsBetter ? 1 - t : t
}

/** Red (worst) through amber to green (best); the text colour that reads on it. */
export function heatColor(position: number): { background: string; text: string } {
  const hue = Math.round(position * 120)
  return { background: `hsl(${hue}, 62%, ${42 + Math.round(position * 4)}%)`, text: 'white' }
}

/** Metrics a person can map, with which way is better (max drawdown is a positive percent: lower is better). */
export const HEAT_METRICS: { key: string; label: string; lowerIsBetter?: boolean }[] = [
  { key: 'returnPct', label: 'Return %' },
  { key: 'cagrPct', label: 'CAGR %' },
  { key: 'sharpe', label: 'Sharpe' },
  { key: 'sortino', label: 'Sortino' },
  { key: 'maxDrawdownPct', label: 'Max drawdown %', lowerIsBetter: true },
  { key: 'winRatePct', label: 'Win rate %' },
  { key: 'profitFactor', label: 'Profit factor' },
  { key: 'sqn', label: 'SQN' },
  { key: 'nTrades', label: 'Trades' },
]
