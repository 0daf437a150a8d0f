import { Table, Text } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { SignalAllocationRowFragment } from '@/graphql/generated/graphql'
import { formatMoney, formatQuantity } from '@/lib/money'
import { AllocationStatusBadge } from './Badges'

/** In account order, so the same account sits on the same line in every execution. */
function byAccount(allocations: SignalAllocationRowFragment[]): SignalAllocationRowFragment[] {
  return [...allocations].sort((a, b) => (a.account?.label ?? '').localeCompare(b.account?.label ?? '') || a.id.localeCompare(b.id))
}

interface Props {
  allocations: SignalAllocationRowFragment[]
  /** One price for every account: the execution's entry and exit. */
  entryPrice: string
  exitPrice: string | null
}

/** Each account's share of one execution: lots, quantity, what became of it and its P&L. */
export function AllocationsTable({ allocations, entryPrice, exitPrice }: Props) {
  if (allocations.length === 0) {
    return (
      <Text textStyle="sm" color="fg.muted">
        No account took part: check the algo's target accounts.
      </Text>
    )
  }
  return (
    <Table.Root size="sm" variant="outline" aria-label="Allocations per account" data-testid="allocations-table">
      <Table.Header>
        <Table.Row>
          <Table.ColumnHeader>Account</Table.ColumnHeader>
          <Table.ColumnHeader textAlign="end">Lots</Table.ColumnHeader>
          <Table.ColumnHeader textAlign="end">Qty</Table.ColumnHeader>
          <Table.ColumnHeader>Status</Table.ColumnHeader>
          <Table.ColumnHeader>Reason</Table.ColumnHeader>
          <Table.ColumnHeader textAlign="end">Entry</Table.ColumnHeader>
          <Table.ColumnHeader textAlign="end">Exit</Table.ColumnHeader>
          <Table.ColumnHeader textAlign="end">P&amp;L (net)</Table.ColumnHeader>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {byAccount(allocations).map((a) => {
          const traded = a.status !== 'SKIPPED' && a.status !== 'REJECTED'
          const label = a.account?.label ?? 'Archived account'
          return (
            <Table.Row key={a.id} data-testid="allocation-row" data-account-label={label} data-quantity={a.quantity} data-status={a.status}>
              <Table.Cell fontWeight="medium">{label}</Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatQuantity(a.lots)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" data-testid="allocation-quantity">
                {formatQuantity(a.quantity)}
              </Table.Cell>
              <Table.Cell>
                <AllocationStatusBadge status={a.status} reason={a.reason} />
              </Table.Cell>
              <Table.Cell textStyle="xs" color="fg.muted" maxW="64" whiteSpace="normal">
                {a.reason ?? '—'}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {traded ? formatMoney(entryPrice) : '—'}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {traded && a.status !== 'EXIT_REJECTED' ? formatMoney(exitPrice) : '—'}
              </Table.Cell>
              <Table.Cell textAlign="end">{a.pnl === null ? '—' : <Pnl value={a.pnl} />}</Table.Cell>
            </Table.Row>
          )
        })}
      </Table.Body>
    </Table.Root>
  )
}
