import { Badge, Button, Card, HStack, Progress, Stack, Text } from '@chakra-ui/react'
import { useEffect, useRef, useState } from 'react'
import { LuChartLine, LuCircleStop } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { useMutation, useSubscription } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { BtCancelBacktestDocument, BtProgressDocument, type BacktestStatus } from '@/graphql/generated/graphql'
import { formatEta } from '../lib/metrics'

const STATUS_PALETTE: Record<BacktestStatus, string> = { QUEUED: 'gray', RUNNING: 'blue', DONE: 'green', FAILED: 'red', CANCELLED: 'orange' }

export function StatusBadge({ status }: { status: BacktestStatus }) {
  return (
    <Badge colorPalette={STATUS_PALETTE[status]} data-testid="run-status">
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </Badge>
  )
}

interface Props {
  runId: string
  /** Shown as the card's title. */
  title?: string
  /** Called once when the run ends (DONE, FAILED or CANCELLED). */
  onFinished?: (status: BacktestStatus) => void
  /** Offer the report link when done (not on the report itself). */
  showReportLink?: boolean
}

/** A run's live status, percent and ETA (backtestProgress), with Cancel while it runs. */
export function RunProgress({ runId, title = 'Backtest', onFinished, showReportLink = true }: Props) {
  const [{ data, error }] = useSubscription({ query: BtProgressDocument, variables: { id: runId } })
  const [cancelState, cancel] = useMutation(BtCancelBacktestDocument)
  const [problem, setProblem] = useState<string | null>(null)
  const progress = data?.backtestProgress
  const status = progress?.status ?? 'QUEUED'
  const finished = status === 'DONE' || status === 'FAILED' || status === 'CANCELLED'
  const percent = Math.max(0, Math.min(100, progress?.percent ?? 0))

  // Started from the bottom of a long form: bring the progress into view.
  const card = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    card.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
  }, [])

  // The caller's callback may change identity on every render; only the status change counts.
  const callback = useRef(onFinished)
  callback.current = onFinished
  useEffect(() => {
    if (finished) callback.current?.(status)
  }, [finished, status])

  async function stop() {
    setProblem(null)
    const result = await cancel({ id: runId })
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.data?.cancelBacktest
    if (outcome && outcome.__typename !== 'CancelBacktestSuccess') setProblem(outcome.message)
  }

  return (
    <Card.Root ref={card} data-testid="run-progress" data-status={status} data-percent={percent}>
      <Card.Body>
        <Stack gap="3">
          <HStack justify="space-between" wrap="wrap" gap="2">
            <HStack gap="2">
              <Text fontWeight="semibold">{title}</Text>
              <StatusBadge status={status} />
            </HStack>
            {finished ? (
              status === 'DONE' && showReportLink ? (
                <Button asChild size="sm" colorPalette="teal" data-testid="open-report">
                  <RouterLink to={`/backtests/${runId}`}>
                    <LuChartLine /> Open the report
                  </RouterLink>
                </Button>
              ) : null
            ) : (
              <Button size="sm" variant="outline" colorPalette="red" onClick={stop} loading={cancelState.fetching} data-testid="cancel-run">
                <LuCircleStop /> Cancel
              </Button>
            )}
          </HStack>
          <Progress.Root value={percent} size="sm" colorPalette={status === 'FAILED' ? 'red' : 'teal'} striped={!finished} animated={!finished}>
            <Progress.Track>
              <Progress.Range />
            </Progress.Track>
          </Progress.Root>
          <Text textStyle="sm" color="fg.muted" data-testid="run-progress-text">
            {percent.toFixed(0)}%
            {finished ? '' : ` · ETA ${formatEta(progress?.etaSeconds)}`}
            {status === 'QUEUED' ? ' · waiting for a worker' : ''}
          </Text>
          {status === 'FAILED' ? <ErrorAlert title="The run failed">{progress?.error ?? 'See the server log.'} Fix the input and run it again.</ErrorAlert> : null}
          {error ? <ErrorAlert>{describeError(error)} The run goes on; reload this page to see it.</ErrorAlert> : null}
          {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
