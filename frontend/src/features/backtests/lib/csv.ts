/** A trade as the report lists it (exact strings for money and prices). */
export interface CsvTrade {
  symbol: string
  entryTime: string
  exitTime: string
  size: number
  entryPrice: string
  exitPrice: string
  pnl: string
  returnPct: number
  charges: string
  exitReason: string
}

const COLUMNS: [string, (t: CsvTrade) => string | number][] = [
  ['symbol', (t) => t.symbol],
  ['entry_time', (t) => t.entryTime],
  ['exit_time', (t) => t.exitTime],
  ['size', (t) => t.size],
  ['entry_price', (t) => t.entryPrice],
  ['exit_price', (t) => t.exitPrice],
  ['pnl', (t) => t.pnl],
  ['return_pct', (t) => t.returnPct],
  ['charges', (t) => t.charges],
  ['exit_reason', (t) => t.exitReason],
]

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
function field(value: string | number): string {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The trades as CSV, with the same snake_case columns as `dalal backtest --json`; money stays exact. */
export function tradesCsv(trades: CsvTrade[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')]
  for (const trade of trades) lines.push(COLUMNS.map(([, get]) => field(get(trade))).join(','))
  return `${lines.join('\r\n')}\r\n`
}

/** Save text as a file in the browser (no server round trip). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}
