export type SortDirection = 'asc' | 'desc'
export type SortValue = string | number | null | undefined

function rank(value: SortValue): number | string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number') return value
  // Decimal strings and ISO times: numbers sort as numbers, the rest as text (ISO sorts right).
  const number = Number(value)
  return Number.isFinite(number) && /^[-+]?[\d.]+$/.test(value) ? number : value
}

/**
 * Rows ordered by one column, stable (ties keep their order); missing values go last either
 * way, so a sort never buries the data under blanks.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, key: rank(value(row)) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1
      const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key))
      return order === 0 ? a.index - b.index : sign * Math.sign(order)
    })
    .map((entry) => entry.row)
}

/** The next state of a sortable header: a new column starts descending; the same one flips. */
export function nextSort(current: { key: string; direction: SortDirection }, key: string): { key: string; direction: SortDirection } {
  if (current.key !== key) return { key, direction: 'desc' }
  return { key, direction: current.direction === 'desc' ? 'asc' : 'desc' }
}
