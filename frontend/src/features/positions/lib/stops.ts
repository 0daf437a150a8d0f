import type { LevelOffset, PositionStopsInput } from '@/graphql/generated/graphql'
import { isDecimal, signOf } from '@/lib/decimal'

export interface StopsForm {
  unit: LevelOffset
  stopLoss: string
  target: string
  trailingStop: string
}

export type StopsProblems = Partial<Record<'stopLoss' | 'target' | 'trailingStop', string>>

/** The stops input for a form (all empty: remove the stops), or why it can't be sent. */
export function stopsInput(form: StopsForm): { input: PositionStopsInput | null; problems: StopsProblems } {
  const problems: StopsProblems = {}
  const input: PositionStopsInput = {}
  for (const field of ['stopLoss', 'target', 'trailingStop'] as const) {
    const value = form[field].trim()
    if (!value) continue
    if (!isDecimal(value) || signOf(value) <= 0) problems[field] = 'Enter a value above zero, or leave it empty.'
    else if (form.unit === 'PERCENT' && Number(value) >= 100) problems[field] = 'A percentage must be below 100.'
    else if (field === 'trailingStop') input.trailingStop = { distance: { offset: form.unit === 'PRICE' ? 'POINTS' : form.unit, value } }
    else input[field] = { offset: form.unit, value }
  }
  return { input: Object.keys(problems).length ? null : input, problems }
}

/** "SL 95.05 · T 110.05 · TSL 99.00", or an empty string when unguarded. */
export function describeStops(stops: { stopPrice?: string | null; targetPrice?: string | null; trailStop?: string | null } | null | undefined): string {
  if (!stops) return ''
  const parts = [
    stops.stopPrice ? `SL ${stops.stopPrice}` : null,
    stops.targetPrice ? `T ${stops.targetPrice}` : null,
    stops.trailStop ? `TSL ${stops.trailStop}` : null,
  ]
  return parts.filter(Boolean).join(' · ')
}
