import { Table, Text } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { ForwardTestFieldsFragment } from '@/graphql/generated/graphql'
import { formatDate } from '@/lib/format'
import { formatMoney } from '@/lib/money'

/** Per IST trading day: P&L, cumulative P&L, round trips, wins, drawdown and margin used. */
export function DaysTable({ days }: { days: ForwardTestFieldsFragment['days'] }) {
  if (days.length === 0) {
    return (
      <Text textStyle="sm" color="fg.muted">
        No day rows yet: the first is written at the first candle close.
      </Text>
    )
  }
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Daily analytics" data-testid="days-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Day</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">P&amp;L</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Cumulative</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Trades</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Wins</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Drawdown</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Margin used</Table.ColumnHeader>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {days.map((d) => (
            <Table.Row key={d.day} data-testid="day-row">
              <Table.Cell>{formatDate(d.day)}</Table.Cell>
              <Table.Cell textAlign="end">
                <Pnl value={d.pnl} />
              </Table.Cell>
              <Table.Cell textAlign="end">
                <Pnl value={d.cumulativePnl} />
              </Table.Cell>
              <Table.Cell textAlign="end">{d.trades}</Table.Cell>
              <Table.Cell textAlign="end">{d.wins}</Table.Cell>
              <Table.Cell textAlign="end">{formatMoney(d.drawdown)}</Table.Cell>
              <Table.Cell textAlign="end">{formatMoney(d.marginUsed)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
