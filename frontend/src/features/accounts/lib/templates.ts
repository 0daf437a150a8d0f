/** The charges templates the server understands, with words for people. */
export const CHARGES_TEMPLATES = [
  { value: 'zerodha', label: 'Zerodha rate card', help: 'Free delivery; ₹20 or 0.03% (lower) intraday and F&O, ₹20 per options order; plus statutory charges' },
  { value: 'flat:20', label: 'Flat ₹20 per order', help: 'Flat brokerage of ₹20, plus statutory charges' },
  { value: 'percent:0.0003', label: '0.03% of turnover', help: 'Brokerage of 0.03% of the order value, plus statutory charges' },
  { value: 'zero', label: 'Zero charges', help: 'No brokerage and no statutory charges: gross P&L' },
] as const

export function templateLabel(value: string): string {
  return CHARGES_TEMPLATES.find((t) => t.value === value)?.label ?? value
}

/** "core, fno ,, demo" → ["core", "fno", "demo"]: trimmed, lower-case, no blanks or repeats. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0)
  return [...new Set(tags)]
}
