import { Badge, DataList, HStack, Text } from '@chakra-ui/react'
import type { SignalGroupSummaryFragment } from '@/graphql/generated/graphql'
import { formatDate } from '@/lib/format'
import { ACTIONS } from '../../lib/groupForm'

function names(algos: { name: string }[], none: string) {
  if (algos.length === 0) return <Text color="fg.muted">{none}</Text>
  return (
    <HStack gap="1" wrap="wrap">
      {algos.map((a) => (
        <Badge key={a.name} variant="subtle" colorPalette="teal">{a.name}</Badge>
      ))}
    </HStack>
  )
}

/** The group's rules at a glance. */
export function GroupSettings({ group }: { group: SignalGroupSummaryFragment }) {
  const { limits } = group
  const items = [
    { label: 'Default action', value: ACTIONS.find((a) => a.value === group.defaultAction)?.label ?? 'None: the alert says' },
    { label: 'Max signals per day', value: limits.maxSignalsPerDay?.toLocaleString('en-IN') ?? 'No limit' },
    { label: 'Rate limit', value: limits.rateLimitPerMinute ? `${limits.rateLimitPerMinute.toLocaleString('en-IN')} per minute` : 'No limit' },
    { label: 'Expires', value: limits.expiresOn ? `After ${formatDate(limits.expiresOn)}` : 'Never' },
    { label: 'Market hours only', value: limits.marketHoursOnly ? 'Yes (09:15–15:30 IST)' : 'No' },
  ]
  return (
    <DataList.Root orientation="horizontal" size="sm" data-testid="group-settings">
      {items.map((item) => (
        <DataList.Item key={item.label}>
          <DataList.ItemLabel minW="40">{item.label}</DataList.ItemLabel>
          <DataList.ItemValue>{item.value}</DataList.ItemValue>
        </DataList.Item>
      ))}
      <DataList.Item>
        <DataList.ItemLabel minW="40">Entry algos</DataList.ItemLabel>
        <DataList.ItemValue>{names(group.entryAlgos, 'None: entries trade nothing. Link an algo.')}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel minW="40">Exit algos</DataList.ItemLabel>
        <DataList.ItemValue>{names(group.exitAlgos, 'The entry algos')}</DataList.ItemValue>
      </DataList.Item>
    </DataList.Root>
  )
}
