import { IconButton, Table, Text } from '@chakra-ui/react'
import { LuChevronDown, LuChevronRight } from 'react-icons/lu'
import type { SignalLogRowFragment } from '@/graphql/generated/graphql'
import { formatDateTime, formatTime } from '@/lib/format'
import { formatMs } from '../../lib/status'
import { ActionBadge, SignalStatusBadge } from '../common/Badges'
import { SignalDetail } from './SignalDetail'

export const SIGNAL_COLUMNS = 8

interface Props {
  signal: SignalLogRowFragment
  groupName: string
  open: boolean
  onToggle: () => void
}

/** One delivery in the log; opening it shows the raw body and what it traded. */
export function SignalRow({ signal, groupName, open, onToggle }: Props) {
  const what = `${signal.action ?? 'signal'} ${signal.symbol ?? ''}`.trim()
  return (
    <>
      <Table.Row
        data-testid="signal-row"
        data-signal-id={signal.id}
        data-status={signal.status}
        data-action={signal.action ?? ''}
        data-unique-id={signal.uniqueId ?? ''}
        cursor="pointer"
        onClick={onToggle}
        bg={open ? 'bg.muted' : undefined}
      >
        <Table.Cell w="10" onClick={(e) => e.stopPropagation()}>
          <IconButton
            size="2xs"
            variant="ghost"
            aria-label={`${open ? 'Hide' : 'Show'} details of ${what}`}
            aria-expanded={open}
            onClick={onToggle}
          >
            {open ? <LuChevronDown /> : <LuChevronRight />}
          </IconButton>
        </Table.Cell>
        <Table.Cell whiteSpace="nowrap" title={formatDateTime(signal.receivedAt)}>
          {formatTime(signal.receivedAt)}
        </Table.Cell>
        <Table.Cell maxW="48" truncate title={groupName}>
          {groupName}
        </Table.Cell>
        <Table.Cell>
          <ActionBadge action={signal.action} />
        </Table.Cell>
        <Table.Cell fontWeight="medium">{signal.symbol ?? '—'}</Table.Cell>
        <Table.Cell>
          <SignalStatusBadge status={signal.status} reason={signal.reason} />
        </Table.Cell>
        <Table.Cell maxW="72">
          <Text textStyle="xs" color="fg.muted" lineClamp={2} title={signal.reason ?? undefined}>
            {signal.reason ?? (signal.uniqueId ? `id ${signal.uniqueId}` : '—')}
          </Text>
        </Table.Cell>
        <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" whiteSpace="nowrap">
          {formatMs(signal.processingMs)}
        </Table.Cell>
      </Table.Row>
      {open ? (
        <Table.Row data-testid="signal-detail-row" bg="bg.subtle" _hover={{ bg: 'bg.subtle' }}>
          <Table.Cell colSpan={SIGNAL_COLUMNS} p="4">
            <SignalDetail signal={signal} />
          </Table.Cell>
        </Table.Row>
      ) : null}
    </>
  )
}
