import { Badge, Box, HStack, Stack, Text } from '@chakra-ui/react'
import type { SignalExecutionRowFragment, SignalLogRowFragment } from '@/graphql/generated/graphql'
import { formatTime } from '@/lib/format'
import { formatMoney, formatQuantity } from '@/lib/money'
import { sourceLabel } from '../../lib/status'
import { AllocationsTable } from '../common/AllocationsTable'

function Execution({ execution }: { execution: SignalExecutionRowFragment }) {
  const closed = execution.status === 'CLOSED'
  return (
    <Stack gap="2" data-testid="execution" data-symbol={execution.tradingsymbol} data-status={execution.status}>
      <HStack gap="2" wrap="wrap" textStyle="sm">
        <Text fontWeight="semibold">{execution.tradingsymbol}</Text>
        <Badge colorPalette={execution.direction === 'BUY' ? 'green' : 'red'} variant="outline" size="sm">
          {execution.direction === 'BUY' ? 'Long' : 'Short'}
        </Badge>
        <Badge variant="subtle" size="sm">
          {execution.product}
        </Badge>
        <Badge colorPalette={closed ? 'gray' : 'blue'} variant="subtle" size="sm">
          {closed ? 'Closed' : 'Open'}
        </Badge>
        <Text color="fg.muted">
          {formatQuantity(execution.quantity)} in all · entry {formatMoney(execution.entryPrice)} at {formatTime(execution.openedAt)}
          {execution.exitPrice ? ` · exit ${formatMoney(execution.exitPrice)} at ${formatTime(execution.closedAt)}` : ''}
        </Text>
      </HStack>
      <AllocationsTable allocations={execution.allocations} entryPrice={execution.entryPrice} exitPrice={execution.exitPrice} />
    </Stack>
  )
}

/** The raw body as received, and the executions it opened or closed with each account's share. */
export function SignalDetail({ signal }: { signal: SignalLogRowFragment }) {
  return (
    <Stack gap="4">
      <Box>
        <Text textStyle="xs" fontWeight="semibold" color="fg.muted" mb="1">
          Raw body ({sourceLabel(signal.source)}){signal.uniqueId ? ` · unique_id ${signal.uniqueId}` : ''}
        </Text>
        <Box
          as="pre"
          data-testid="signal-raw-body"
          fontFamily="mono"
          textStyle="xs"
          bg="bg.panel"
          borderWidth="1px"
          borderRadius="l2"
          p="3"
          whiteSpace="pre-wrap"
          wordBreak="break-all"
          maxH="48"
          overflowY="auto"
        >
          {signal.rawBody}
        </Box>
      </Box>
      {signal.executions.length === 0 ? (
        <Text textStyle="sm" color="fg.muted">
          {signal.status === 'ACCEPTED' ? 'Executing…' : 'Nothing was traded for this signal.'}
        </Text>
      ) : (
        signal.executions.map((execution) => <Execution key={execution.id} execution={execution} />)
      )}
    </Stack>
  )
}
