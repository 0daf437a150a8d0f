import { Badge, Card, HStack, SimpleGrid, Stack, Stat, Text } from '@chakra-ui/react'
import { LuCircleStop, LuSquareX } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { Pnl } from '@/components/Pnl'
import { describeError } from '@/graphql/errors'
import { FtSquareOffDocument, FtStopDocument, type ForwardTestFieldsFragment, type ForwardTestStatus } from '@/graphql/generated/graphql'
import { formatDateTime, formatTime } from '@/lib/format'
import { formatMoney, formatPrice } from '@/lib/money'
import { ConfirmButton } from './ConfirmButton'
import { DaysTable } from './DaysTable'

const PALETTE: Record<ForwardTestStatus, string> = { RUNNING: 'green', STOPPED: 'gray', SQUARED_OFF: 'blue', FAILED: 'red' }

type Session = ForwardTestFieldsFragment & { updatedAt: string | null }

/** One forward test: live MTM and P&L, open positions, day rows, and stop / square off. */
export function SessionCard({ session, accountLabel }: { session: Session; accountLabel: string }) {
  const [, stop] = useMutation(FtStopDocument)
  const [, squareOff] = useMutation(FtSquareOffDocument)
  const running = session.status === 'RUNNING'

  async function act(kind: 'stop' | 'square') {
    const result = kind === 'stop' ? await stop({ id: session.id }) : await squareOff({ id: session.id })
    if (result.error) return describeError(result.error)
    const outcome = result.data && ('stopForwardTest' in result.data ? result.data.stopForwardTest : result.data.squareOffForwardTest)
    if (!outcome) return 'The server gave no answer. Try again.'
    return outcome.__typename === 'ForwardTestSuccess' ? null : outcome.message
  }

  return (
    <Card.Root data-testid="forward-test" data-id={session.id} data-status={session.status}>
      <Card.Header>
        <HStack justify="space-between" wrap="wrap" gap="2">
          <Stack gap="0">
            <HStack gap="2">
              <Card.Title textStyle="md">{session.strategy}</Card.Title>
              <Badge colorPalette={PALETTE[session.status]} data-testid="forward-status">
                {session.status.replace('_', ' ').toLowerCase()}
              </Badge>
            </HStack>
            <Text textStyle="xs" color="fg.muted">
              {session.symbols.join(', ')} · {session.interval} candles · {accountLabel} · charges {session.chargesEnabled ? 'on' : 'off'} · since{' '}
              {formatDateTime(session.startedAt)}
              {session.fromBacktestRunId ? (
                <>
                  {' · from '}
                  <RouterLink to={`/backtests/${session.fromBacktestRunId}`}>its backtest</RouterLink>
                </>
              ) : null}
            </Text>
          </Stack>
          <HStack gap="2">
            <ConfirmButton
              label={
                <>
                  <LuCircleStop /> Stop
                </>
              }
              title="Stop this forward test?"
              description="The strategy is no longer called. Its open positions and working orders stay; square off to close them."
              confirmLabel="Stop"
              palette="orange"
              disabled={!running}
              onConfirm={() => act('stop')}
              testId="stop-forward-test"
            />
            <ConfirmButton
              label={
                <>
                  <LuSquareX /> Square off
                </>
              }
              title="Square off this forward test?"
              description="Its working orders are cancelled and its positions closed at market, and the session ends."
              confirmLabel="Square off"
              disabled={session.status === 'SQUARED_OFF'}
              onConfirm={() => act('square')}
              testId="square-off-forward-test"
            />
          </HStack>
        </HStack>
      </Card.Header>
      <Card.Body pt="0">
        <Stack gap="4">
          {session.lastError ? <ErrorAlert title="Last problem">{session.lastError}</ErrorAlert> : null}
          <SimpleGrid columns={{ base: 2, md: 5 }} gap="3">
            <Stat.Root borderWidth="1px" borderRadius="l2" p="3">
              <Stat.Label>MTM</Stat.Label>
              <Pnl value={session.mtm} textStyle="xl" fontWeight="semibold" data-testid="forward-mtm" />
              <Stat.HelpText data-testid="forward-updated" data-updated-at={session.updatedAt ?? ''}>
                {session.updatedAt ? `live · ${formatTime(session.updatedAt)}` : 'as loaded'}
              </Stat.HelpText>
            </Stat.Root>
            <Stat.Root borderWidth="1px" borderRadius="l2" p="3">
              <Stat.Label>Realized</Stat.Label>
              <Pnl value={session.realized} textStyle="lg" />
            </Stat.Root>
            <Stat.Root borderWidth="1px" borderRadius="l2" p="3">
              <Stat.Label>Unrealized</Stat.Label>
              <Pnl value={session.unrealized} textStyle="lg" />
            </Stat.Root>
            <Stat.Root borderWidth="1px" borderRadius="l2" p="3">
              <Stat.Label>Charges</Stat.Label>
              <Stat.ValueText textStyle="lg">{formatMoney(session.charges)}</Stat.ValueText>
            </Stat.Root>
            <Stat.Root borderWidth="1px" borderRadius="l2" p="3">
              <Stat.Label>Round trips</Stat.Label>
              <Stat.ValueText textStyle="lg" data-testid="forward-trades">
                {session.trades}
              </Stat.ValueText>
              <Stat.HelpText>{session.ordersCount} orders</Stat.HelpText>
            </Stat.Root>
          </SimpleGrid>
          {session.openPositions.length > 0 ? (
            <Text textStyle="sm" data-testid="forward-positions">
              Open:{' '}
              {session.openPositions
                .map((p) => `${p.symbol} ${p.quantity > 0 ? '+' : ''}${p.quantity} @ ${formatPrice(p.averagePrice)} (ltp ${formatPrice(p.ltp)})`)
                .join(' · ')}
            </Text>
          ) : (
            <Text textStyle="sm" color="fg.muted">
              No open positions.
            </Text>
          )}
          <DaysTable days={session.days} />
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
