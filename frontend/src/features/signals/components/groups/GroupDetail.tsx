import { Badge, Button, Card, Heading, HStack, Stack } from '@chakra-ui/react'
import { useEffect, useRef, useState } from 'react'
import { LuPencil } from 'react-icons/lu'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { SignalGroupDetailDocument } from '@/graphql/generated/graphql'
import { sourceLabel } from '../../lib/status'
import { Loading } from '../common/Loading'
import { AlertPayloadsCard } from './AlertPayloadsCard'
import { AnalyticsCard } from './AnalyticsCard'
import { GroupForm } from './GroupForm'
import { GroupSettings } from './GroupSettings'
import { WebhookCard } from './WebhookCard'

interface Props {
  groupId: string
  algos: { id: string; name: string }[]
  /** Changes with each signal event: the analytics reload. */
  version: number
}

/** One group: its webhook URL and secret, the messages to paste, its rules and how it did. */
export function GroupDetail({ groupId, algos, version }: Props) {
  const [{ data, error, fetching }, reload] = useQuery({
    query: SignalGroupDetailDocument,
    variables: { id: groupId },
    // Analytics move with every signal: show what is cached, and fetch the current figures.
    requestPolicy: 'cache-and-network',
  })
  const [editing, setEditing] = useState(false)
  const seen = useRef(version)
  useEffect(() => {
    if (seen.current === version) return
    seen.current = version
    reload({ requestPolicy: 'network-only' })
  }, [version, reload])

  if (error) return <ErrorAlert title="Could not load the group">{describeError(error)}</ErrorAlert>
  if (!data && fetching) return <Loading what="the group" />
  const group = data?.signalGroup
  if (!group) return <ErrorAlert title="No such group">This group is not among yours. Pick another from the list.</ErrorAlert>

  return (
    <Stack gap="5" data-testid="group-detail" data-group-name={group.name}>
      <Card.Root>
        <Card.Header>
          <HStack justify="space-between" wrap="wrap" gap="3">
            <HStack gap="2" wrap="wrap">
              <Heading as="h2" size="lg">{group.name}</Heading>
              <Badge variant="outline">{sourceLabel(group.source)}</Badge>
              <Badge colorPalette={group.active ? 'green' : 'gray'} variant="subtle" data-testid="group-active">
                {group.active ? 'Active' : 'Paused'}
              </Badge>
            </HStack>
            {editing ? null : (
              <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
                <LuPencil /> Edit
              </Button>
            )}
          </HStack>
        </Card.Header>
        <Card.Body>
          {editing ? (
            <GroupForm group={group} algos={algos} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
          ) : (
            <GroupSettings group={group} />
          )}
        </Card.Body>
      </Card.Root>
      <WebhookCard group={group} />
      <AnalyticsCard analytics={group.analytics} />
      <AlertPayloadsCard group={group} />
    </Stack>
  )
}
