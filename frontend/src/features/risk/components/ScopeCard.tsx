import { Badge, Button, Card, HStack, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import type { ReactNode } from 'react'
import { Pnl } from '@/components/Pnl'
import type { ScopeStatusFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'
import { usePanicActions } from '../api/usePanicActions'
import { ruleLabel } from '../lib/risk'
import { HeadroomBar } from './HeadroomBar'
import { LimitsDialog } from './LimitsDialog'
import { ReasonDialog } from './ReasonDialog'

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap="0.5">
      <Text textStyle="xs" color="fg.muted">
        {label}
      </Text>
      <Text textStyle="sm" fontWeight="semibold" fontVariantNumeric="tabular-nums">
        {children}
      </Text>
    </Stack>
  )
}

/** One scope: its live figures, a headroom bar per limit, and its panic and limit actions. */
export function ScopeCard({ status, canTrade }: { status: ScopeStatusFragment; canTrade: boolean }) {
  const actions = usePanicActions()
  const everything = status.scope.kind === 'ALL'
  return (
    <Card.Root data-testid="risk-scope" data-scope-kind={status.scope.kind} data-label={status.label}>
      <Card.Header>
        <HStack justify="space-between" wrap="wrap" gap="2">
          <HStack gap="2" wrap="wrap">
            <Card.Title>{status.label}</Card.Title>
            {status.panic ? (
              <Badge colorPalette="red" variant="solid" data-testid="scope-panic">
                Panic in force
              </Badge>
            ) : null}
            {status.blocked ? (
              <Badge colorPalette="orange" data-testid="scope-blocked">
                Entries blocked · {ruleLabel(status.breached)}
              </Badge>
            ) : null}
            {status.disabled ? <Badge colorPalette="gray">Disabled</Badge> : null}
          </HStack>
          {canTrade ? (
            <HStack gap="2">
              <LimitsDialog status={status} />
              {status.blocked || status.disabled ? (
                <ReasonDialog
                  trigger={<Button size="xs" variant="outline">Re-enable</Button>}
                  title={`Re-enable “${status.label}”?`}
                  description="New entries are allowed again today. A limit still breached acts again on the next tick."
                  confirmLabel="Re-enable"
                  busyLabel="Re-enabling"
                  palette="teal"
                  onConfirm={(reason) => actions.reenable(status.scope, reason)}
                  testId="reenable-dialog"
                />
              ) : null}
              {everything ? null : status.panic ? (
                <ReasonDialog
                  trigger={<Button size="xs" colorPalette="teal">Re-arm</Button>}
                  title={`Re-arm “${status.label}”?`}
                  description="Orders and signals are accepted here again."
                  confirmLabel="Re-arm"
                  busyLabel="Re-arming"
                  palette="teal"
                  onConfirm={(reason) => actions.rearm(status.scope, reason)}
                  testId="rearm-dialog"
                />
              ) : (
                <ReasonDialog
                  trigger={
                    <Button size="xs" colorPalette="red" variant="outline" aria-label={`Panic: stop ${status.label}`}>
                      Panic
                    </Button>
                  }
                  title={`Stop “${status.label}” now?`}
                  description="Every working order here is cancelled and every position squared off at market. New orders and signals are refused until a person re-arms it."
                  confirmLabel="Stop it now"
                  busyLabel="Stopping"
                  palette="red"
                  onConfirm={(reason) => actions.press(status.scope, reason)}
                  testId="panic-dialog"
                />
              )}
            </HStack>
          ) : null}
        </HStack>
      </Card.Header>
      <Card.Body>
        <Stack gap="4">
          <SimpleGrid columns={3} gap="3">
            <Figure label="Day P&L">{status.dayPnl != null ? <Pnl value={status.dayPnl} data-testid="scope-day-pnl" /> : '—'}</Figure>
            <Figure label="Gross exposure">{status.grossExposure != null ? formatMoney(status.grossExposure) : '—'}</Figure>
            <Figure label="Open positions">{status.openPositions ?? '—'}</Figure>
          </SimpleGrid>
          {status.headroom.length ? (
            <Stack gap="3">
              {status.headroom.map((row) => (
                <HeadroomBar key={row.rule} row={row} />
              ))}
            </Stack>
          ) : (
            <Text textStyle="sm" color="fg.muted">
              No live limits set: edit the limits to add one.
            </Text>
          )}
          {status.limits?.squareOffAt ? (
            <Text textStyle="xs" color="fg.muted">
              Auto square-off at {status.limits.squareOffAt} IST ({status.limits.carry === 'FLATTEN' ? 'everything' : 'intraday only'})
            </Text>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
