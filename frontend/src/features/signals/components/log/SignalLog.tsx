import { Card, HStack, NativeSelect, Table } from '@chakra-ui/react'
import { useState } from 'react'
import { LuRadio } from 'react-icons/lu'
import { ErrorAlert } from '@/components/ErrorAlert'
import type { SignalLogRowFragment } from '@/graphql/generated/graphql'
import { useSignalLog } from '../../api/signalLog'
import type { ById } from '../../lib/merge'
import { EmptyHint } from '../common/EmptyHint'
import { LoadMore } from '../common/LoadMore'
import { Loading } from '../common/Loading'
import { SignalRow } from './SignalRow'

interface Props {
  groups: { id: string; name: string }[]
  events: ById<SignalLogRowFragment>
  version: number
}

/** Every signal the user's groups took in, newest first, live. */
export function SignalLog({ groups, events, version }: Props) {
  const [groupId, setGroupId] = useState('')
  const [open, setOpen] = useState<Record<string, boolean>>({})
  const log = useSignalLog({ groupId: groupId || null }, events, version)
  const names = new Map(groups.map((g) => [g.id, g.name]))

  return (
    <Card.Root>
      <Card.Header>
        <HStack justify="space-between" wrap="wrap" gap="3">
          <Card.Title>Signal log</Card.Title>
          <NativeSelect.Root size="sm" w="64">
            <NativeSelect.Field aria-label="Group filter" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">All groups</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </NativeSelect.Field>
            <NativeSelect.Indicator />
          </NativeSelect.Root>
        </HStack>
      </Card.Header>
      <Card.Body>
        {log.error ? <ErrorAlert title="Could not load the signal log">{log.error}</ErrorAlert> : null}
        {log.loading ? (
          <Loading what="signals" />
        ) : log.signals.length === 0 ? (
          <EmptyHint icon={<LuRadio />} title="No signals yet" testId="signals-empty">
            {groups.length === 0
              ? 'Create a group, then paste its webhook URL into TradingView (or Chartink, or your script). Signals show here the moment they arrive.'
              : 'Paste a group’s webhook URL into TradingView, Chartink or your script. Signals show here the moment they arrive.'}
          </EmptyHint>
        ) : (
          <Table.ScrollArea borderWidth="1px" borderRadius="l2">
            <Table.Root size="sm" aria-label="Signals" data-testid="signals-table" interactive>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader aria-label="Details" />
                  <Table.ColumnHeader>Received</Table.ColumnHeader>
                  <Table.ColumnHeader>Group</Table.ColumnHeader>
                  <Table.ColumnHeader>Action</Table.ColumnHeader>
                  <Table.ColumnHeader>Symbol</Table.ColumnHeader>
                  <Table.ColumnHeader>Status</Table.ColumnHeader>
                  <Table.ColumnHeader>Reason</Table.ColumnHeader>
                  <Table.ColumnHeader textAlign="end">Processing</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {log.signals.map((signal) => (
                  <SignalRow
                    key={signal.id}
                    signal={signal}
                    groupName={(signal.groupId && names.get(signal.groupId)) || '—'}
                    open={!!open[signal.id]}
                    onToggle={() => setOpen((o) => ({ ...o, [signal.id]: !o[signal.id] }))}
                  />
                ))}
              </Table.Body>
            </Table.Root>
          </Table.ScrollArea>
        )}
        <LoadMore hasMore={log.hasMore} loading={log.loadingMore} onLoad={() => void log.loadMore()} what="signals" />
      </Card.Body>
    </Card.Root>
  )
}
