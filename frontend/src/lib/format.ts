/** Server DateTimes are UTC isoformat strings; a naive one (no offset) is UTC too. */
export function parseServerDate(value: string): Date {
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(value)
  return new Date(hasZone ? value : `${value}Z`)
}

const dateTime = new Intl.DateTimeFormat('en-IN', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'Asia/Kolkata',
})

/** "23 Nov 2026, 15:45 IST": market time, whatever the browser's zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = parseServerDate(value)
  if (Number.isNaN(date.getTime())) return value
  return `${dateTime.format(date)} IST`
}

export function titleCase(word: string): string {
  const lower = word.toLowerCase().replace(/_/g, ' ')
  return lower.charAt(0).toUpperCase() + lower.slice(1)
}

/** "1 minute", "2 minutes 5 seconds" for a retry-after in seconds. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  const minutes = Math.floor(s / 60)
  const rest = s % 60
  const parts: string[] = []
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`)
  if (rest > 0 || minutes === 0) parts.push(`${rest} second${rest === 1 ? '' : 's'}`)
  return parts.join(' ')
}

const timeOfDay = new Intl.DateTimeFormat('en-IN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: 'Asia/Kolkata',
})

/** "15:45:09 IST": the time of day in market time, for live prices and fills. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = parseServerDate(value)
  if (Number.isNaN(date.getTime())) return value
  return `${timeOfDay.format(date)} IST`
}

const dateOnly = new Intl.DateTimeFormat('en-IN', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'Asia/Kolkata' })

/** "23 Nov 2026" in market time. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  const date = parseServerDate(value)
  if (Number.isNaN(date.getTime())) return value
  return dateOnly.format(date)
}
