import { Card, Table, Text } from '@chakra-ui/react'
import type { RiskStatusQuery } from '@/graphql/generated/graphql'
import { formatPrice } from '@/lib/money'

type Guarded = RiskStatusQuery['riskStatus']['guards'][number]

/** Positions guarded by a stop-loss, target or trailing stop, with their levels now. */
export function GuardsCard({ guards }: { guards: Guarded[] }) {
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>Position stops</Card.Title>
      </Card.Header>
      <Card.Body>
        {guards.length === 0 ? (
          <Text textStyle="sm" color="fg.muted">
            No position has stops. Add them in the order ticket, or on a row of the Positions page.
          </Text>
        ) : (
          <Table.Root size="sm" aria-label="Position stops">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>Account</Table.ColumnHeader>
                <Table.ColumnHeader>Symbol</Table.ColumnHeader>
                <Table.ColumnHeader>Side</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Entry</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Stop-loss</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Target</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Trailing stop</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {guards.map((g) => (
                <Table.Row key={`${g.guard.accountId}:${g.instrument.tradingsymbol}:${g.guard.product}`}>
                  <Table.Cell>{g.accountLabel}</Table.Cell>
                  <Table.Cell fontWeight="medium">
                    {g.instrument.tradingsymbol} {g.guard.product}
                  </Table.Cell>
                  <Table.Cell>{g.guard.long ? 'Long' : 'Short'}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPrice(g.guard.anchor)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPrice(g.guard.stopPrice)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPrice(g.guard.targetPrice)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPrice(g.guard.trailStop)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        )}
      </Card.Body>
    </Card.Root>
  )
}
