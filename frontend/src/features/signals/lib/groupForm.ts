import type {
  CreateSignalGroupInput,
  SignalAction,
  SignalGroupSummaryFragment,
  SignalSource,
  UpdateSignalGroupInput,
} from '@/graphql/generated/graphql'

/** The signal group form as typed. Problems are keyed by the server's field names. */
export interface GroupForm {
  name: string
  source: SignalSource
  defaultAction: SignalAction | ''
  maxSignalsPerDay: string
  expiresOn: string
  marketHoursOnly: boolean
  rateLimitPerMinute: string
  active: boolean
  entryAlgoIds: string[]
  exitAlgoIds: string[]
}

export type Problems = Record<string, string>

export const SOURCES: { value: SignalSource; label: string; help: string }[] = [
  { value: 'TRADINGVIEW', label: 'TradingView', help: 'Strategy alerts: paste the message template into the alert.' },
  { value: 'CHARTINK', label: 'Chartink', help: 'Scanner alerts: every stock in a scan becomes a signal.' },
  { value: 'JSON', label: 'JSON', help: 'Your own scripts or services, posting a small JSON body.' },
]

export const ACTIONS: { value: SignalAction; label: string }[] = [
  { value: 'BUY_ENTRY', label: 'Buy entry (go long)' },
  { value: 'BUY_EXIT', label: 'Buy exit (close a long)' },
  { value: 'SELL_ENTRY', label: 'Sell entry (go short)' },
  { value: 'SELL_EXIT', label: 'Sell exit (close a short)' },
]

export const MAX_SIGNALS_PER_DAY = 100_000
export const MAX_RATE_PER_MINUTE = 6_000

export function emptyGroup(): GroupForm {
  return {
    name: '',
    source: 'TRADINGVIEW',
    defaultAction: '',
    maxSignalsPerDay: '',
    expiresOn: '',
    marketHoursOnly: true,
    rateLimitPerMinute: '',
    active: true,
    entryAlgoIds: [],
    exitAlgoIds: [],
  }
}

export function groupFromSaved(group: SignalGroupSummaryFragment): GroupForm {
  return {
    name: group.name,
    source: group.source,
    defaultAction: group.defaultAction ?? '',
    maxSignalsPerDay: group.limits.maxSignalsPerDay?.toString() ?? '',
    expiresOn: group.limits.expiresOn ?? '',
    marketHoursOnly: group.limits.marketHoursOnly,
    rateLimitPerMinute: group.limits.rateLimitPerMinute?.toString() ?? '',
    active: group.active,
    entryAlgoIds: group.entryAlgos.map((a) => a.id),
    exitAlgoIds: group.exitAlgos.map((a) => a.id),
  }
}

/** A blank limit is no limit; otherwise a whole number. */
function optionalCount(text: string): number | null | 'bad' {
  const value = text.trim().replace(/,/g, '')
  if (value === '') return null
  return /^\d+$/.test(value) ? Number(value) : 'bad'
}

function checkRange(problems: Problems, key: string, text: string, high: number, what: string) {
  const value = optionalCount(text)
  if (value === 'bad' || (value !== null && (value < 1 || value > high))) {
    problems[key] = `Set ${what} from 1 to ${high.toLocaleString('en-IN')}, or leave it blank for no limit.`
  }
}

export function groupProblems(form: GroupForm): Problems {
  const problems: Problems = {}
  if (form.name.trim() === '') problems.name = 'Give the group a name, e.g. “NIFTY breakout alerts”.'
  if (form.source === 'CHARTINK' && form.defaultAction === '') {
    problems.defaultAction = 'Chartink alerts don’t say whether to buy or sell: choose the action for this group.'
  }
  checkRange(problems, 'maxSignalsPerDay', form.maxSignalsPerDay, MAX_SIGNALS_PER_DAY, 'the daily limit')
  checkRange(problems, 'rateLimitPerMinute', form.rateLimitPerMinute, MAX_RATE_PER_MINUTE, 'the limit per minute')
  if (form.expiresOn !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.expiresOn)) problems.expiresOn = 'Pick a date, or leave it blank.'
  return problems
}

function count(text: string): number | null {
  const value = optionalCount(text)
  return value === 'bad' ? null : value
}

export function groupToInput(form: GroupForm): CreateSignalGroupInput {
  return {
    name: form.name.trim(),
    source: form.source,
    active: form.active,
    defaultAction: form.defaultAction === '' ? null : form.defaultAction,
    limits: {
      maxSignalsPerDay: count(form.maxSignalsPerDay),
      expiresOn: form.expiresOn === '' ? null : form.expiresOn,
      marketHoursOnly: form.marketHoursOnly,
      rateLimitPerMinute: count(form.rateLimitPerMinute),
    },
    entryAlgoIds: form.entryAlgoIds,
    exitAlgoIds: form.exitAlgoIds,
  }
}

/** An update sends every field the form shows (limits are replaced as a whole). */
export function groupToUpdate(id: string, form: GroupForm): UpdateSignalGroupInput {
  return { id, ...groupToInput(form) }
}

/** The server's field names for this form ("limits.maxSignalsPerDay" and the bare name alike). */
export function groupFieldOf(field: string | null | undefined): string | null {
  if (!field) return null
  const bare = field.replace(/^limits\./, '')
  const known = ['name', 'source', 'defaultAction', 'maxSignalsPerDay', 'expiresOn', 'rateLimitPerMinute', 'entryAlgoIds', 'exitAlgoIds']
  return known.includes(bare) ? bare : null
}
