import { Badge, IconButton, Table } from '@chakra-ui/react'
import { LuChevronDown, LuChevronRight } from 'react-icons/lu'
import { Pnl } from '@/components/Pnl'
import type { SignalTradeRowFragment } from '@/graphql/generated/graphql'
import { formatDateTime, formatTime } from '@/lib/format'
import { formatMoney, formatQuantity, toneOf } from '@/lib/money'
import { exitReasonLabel, formatHolding, formatPercent } from '../../lib/status'
import { AllocationsTable } from '../common/AllocationsTable'

export const TRADE_COLUMNS = 11

const toneColor = { profit: 'fg.success', loss: 'fg.error', flat: 'fg' } as const

/** One closed round trip; opening it shows each account's share. */
export function TradeRow({ trade, open, onToggle }: { trade: SignalTradeRowFragment; open: boolean; onToggle: () => void }) {
  return (
    <>
      <Table.Row data-testid="trade-row" data-symbol={trade.tradingsymbol} data-quantity={trade.quantity} cursor="pointer" onClick={onToggle} bg={open ? 'bg.muted' : undefined}>
        <Table.Cell w="10" onClick={(e) => e.stopPropagation()}>
          <IconButton size="2xs" variant="ghost" aria-label={`${open ? 'Hide' : 'Show'} accounts of the ${trade.tradingsymbol} trade`} aria-expanded={open} onClick={onToggle}>
            {open ? <LuChevronDown /> : <LuChevronRight />}
          </IconButton>
        </Table.Cell>
        <Table.Cell fontWeight="medium">{trade.tradingsymbol}</Table.Cell>
        <Table.Cell>
          <Badge colorPalette={trade.direction === 'BUY' ? 'green' : 'red'} variant="outline" size="sm">
            {trade.direction === 'BUY' ? 'Long' : 'Short'}
          </Badge>
        </Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
          {formatQuantity(trade.quantity)}
        </Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" whiteSpace="nowrap" title={formatDateTime(trade.entryAt)}>
          {formatMoney(trade.entryPrice)}
          <br />
          <small>{formatTime(trade.entryAt)}</small>
        </Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" whiteSpace="nowrap" title={formatDateTime(trade.exitAt)}>
          {formatMoney(trade.exitPrice)}
          <br />
          <small>{formatTime(trade.exitAt)}</small>
        </Table.Cell>
        <Table.Cell textAlign="end" title={`Gross ${formatMoney(trade.pnl, { signed: true })}, charges ${formatMoney(trade.charges)}`} data-testid="trade-pnl">
          <Pnl value={trade.netPnl} />
        </Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" color={toneColor[toneOf(trade.pnlPct)]} title="The price move, as a percentage of the entry value (before charges)">
          {formatPercent(trade.pnlPct, { signed: true })}
        </Table.Cell>
        <Table.Cell textAlign="end" whiteSpace="nowrap">
          {formatHolding(trade.holdingSeconds)}
        </Table.Cell>
        <Table.Cell whiteSpace="nowrap">{exitReasonLabel(trade.exitReason)}</Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
          {trade.allocations.length}
        </Table.Cell>
      </Table.Row>
      {open ? (
        <Table.Row data-testid="trade-detail-row" bg="bg.subtle" _hover={{ bg: 'bg.subtle' }}>
          <Table.Cell colSpan={TRADE_COLUMNS} p="4">
            <AllocationsTable allocations={trade.allocations} entryPrice={trade.entryPrice} exitPrice={trade.exitPrice} />
          </Table.Cell>
        </Table.Row>
      ) : null}
    </>
  )
}
