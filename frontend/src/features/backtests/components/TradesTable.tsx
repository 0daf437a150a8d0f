import { Badge, Table, Text } from '@chakra-ui/react'
import { useMemo, useState } from 'react'
import { LuArrowDown, LuArrowUp } from 'react-icons/lu'
import { Pnl } from '@/components/Pnl'
import { formatDate, formatDateTime } from '@/lib/format'
import { formatMoney, formatPrice } from '@/lib/money'
import type { CsvTrade } from '../lib/csv'
import { formatPct } from '../lib/metrics'
import { nextSort, sortRows, type SortDirection, type SortValue } from '../lib/sort'

const COLUMNS: { key: string; label: string; value: (t: CsvTrade) => SortValue; end?: boolean }[] = [
  { key: 'symbol', label: 'Symbol', value: (t) => t.symbol },
  { key: 'entryTime', label: 'Entry', value: (t) => t.entryTime },
  { key: 'exitTime', label: 'Exit', value: (t) => t.exitTime },
  { key: 'size', label: 'Size', value: (t) => t.size, end: true },
  { key: 'entryPrice', label: 'Entry price', value: (t) => t.entryPrice, end: true },
  { key: 'exitPrice', label: 'Exit price', value: (t) => t.exitPrice, end: true },
  { key: 'pnl', label: 'P&L', value: (t) => t.pnl, end: true },
  { key: 'returnPct', label: 'Return', value: (t) => t.returnPct, end: true },
  { key: 'charges', label: 'Charges', value: (t) => t.charges, end: true },
  { key: 'exitReason', label: 'Exit reason', value: (t) => t.exitReason },
]

/** Every round trip; click a header to sort by it (again to flip). */
export function TradesTable({ trades, daily = false }: { trades: CsvTrade[]; daily?: boolean }) {
  const when = daily ? formatDate : formatDateTime
  const [sort, setSort] = useState<{ key: string; direction: SortDirection }>({ key: 'exitTime', direction: 'asc' })
  const rows = useMemo(() => {
    const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[2]
    return sortRows(trades, column.value, sort.direction)
  }, [trades, sort])

  if (trades.length === 0) {
    return (
      <Text color="fg.muted" data-testid="no-trades">
        No trades: the strategy never entered in this range. Try other parameters or a longer range.
      </Text>
    )
  }
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2" maxH="lg">
      <Table.Root size="sm" stickyHeader aria-label="Trades" data-testid="trades-table" data-sort={`${sort.key}:${sort.direction}`}>
        <Table.Header>
          <Table.Row>
            {COLUMNS.map((c) => (
              <Table.ColumnHeader
                key={c.key}
                textAlign={c.end ? 'end' : 'start'}
                cursor="pointer"
                userSelect="none"
                onClick={() => setSort(nextSort(sort, c.key))}
                aria-sort={sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                data-testid={`sort-${c.key}`}
                whiteSpace="nowrap"
              >
                {c.label} {sort.key === c.key ? sort.direction === 'asc' ? <LuArrowUp style={{ display: 'inline' }} /> : <LuArrowDown style={{ display: 'inline' }} /> : null}
              </Table.ColumnHeader>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((t, i) => (
            <Table.Row key={`${t.symbol}-${t.entryTime}-${i}`} data-testid="trade-row">
              <Table.Cell fontWeight="medium">{t.symbol}</Table.Cell>
              <Table.Cell whiteSpace="nowrap">{when(t.entryTime)}</Table.Cell>
              <Table.Cell whiteSpace="nowrap">{when(t.exitTime)}</Table.Cell>
              <Table.Cell textAlign="end" color={t.size < 0 ? 'fg.error' : undefined}>
                {t.size}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatPrice(t.entryPrice)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatPrice(t.exitPrice)}
              </Table.Cell>
              <Table.Cell textAlign="end">
                <Pnl value={t.pnl} />
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatPct(t.returnPct, true)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatMoney(t.charges)}
              </Table.Cell>
              <Table.Cell>
                <Badge size="sm" variant="outline">
                  {t.exitReason}
                </Badge>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
