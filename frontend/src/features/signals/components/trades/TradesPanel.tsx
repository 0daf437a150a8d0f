import { Card, Table, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { LuHandshake } from 'react-icons/lu'
import { ErrorAlert } from '@/components/ErrorAlert'
import { useTrades } from '../../api/signalLog'
import { EmptyHint } from '../common/EmptyHint'
import { LoadMore } from '../common/LoadMore'
import { Loading } from '../common/Loading'
import { TradeRow } from './TradeRow'

/** Closed round trips made by signals, one per execution, newest exit first. */
export function TradesPanel({ version }: { version: number }) {
  const [open, setOpen] = useState<Record<string, boolean>>({})
  const trades = useTrades({ groupId: null }, version)

  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>Trades</Card.Title>
        <Card.Description>One row per signal execution, entry to exit, at one price for every account. P&amp;L is net of charges.</Card.Description>
      </Card.Header>
      <Card.Body>
        {trades.error ? <ErrorAlert title="Could not load trades">{trades.error}</ErrorAlert> : null}
        {trades.loading ? (
          <Loading what="trades" />
        ) : trades.trades.length === 0 ? (
          <EmptyHint icon={<LuHandshake />} title="No closed trades yet" testId="trades-empty">
            A trade appears when an exit signal closes what an entry opened. Send an entry, then its exit with the same
            <Text as="span" fontFamily="mono"> unique_id</Text>.
          </EmptyHint>
        ) : (
          <Table.ScrollArea borderWidth="1px" borderRadius="l2">
            <Table.Root size="sm" aria-label="Trades" data-testid="trades-table" interactive>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader aria-label="Details" />
                  <Table.ColumnHeader>Symbol</Table.ColumnHeader>
                  <Table.ColumnHeader>Direction</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Qty</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Entry</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Exit</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">P&amp;L</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">P&amp;L %</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Held</Table.ColumnHeader>
                  <Table.ColumnHeader>Exit reason</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Accounts</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {trades.trades.map((trade) => (
                  <TradeRow key={trade.id} trade={trade} open={!!open[trade.id]} onToggle={() => setOpen((o) => ({ ...o, [trade.id]: !o[trade.id] }))} />
                ))}
              </Table.Body>
            </Table.Root>
          </Table.ScrollArea>
        )}
        <LoadMore hasMore={trades.hasMore} loading={trades.loadingMore} onLoad={() => void trades.loadMore()} what="trades" />
      </Card.Body>
    </Card.Root>
  )
}
