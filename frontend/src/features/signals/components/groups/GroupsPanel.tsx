import { Button, Card, Grid, GridItem, HStack, Stack } from '@chakra-ui/react'
import { LuPlus, LuWebhook } from 'react-icons/lu'
import type { SignalGroupSummaryFragment } from '@/graphql/generated/graphql'
import { EmptyHint } from '../common/EmptyHint'
import { GroupDetail } from './GroupDetail'
import { GroupForm } from './GroupForm'
import { GroupList } from './GroupList'

interface Props {
  groups: SignalGroupSummaryFragment[]
  algos: { id: string; name: string }[]
  /** The chosen group's id, "new" for the form, or null. */
  selected: string | null
  onSelect: (id: string | null) => void
  version: number
}

/** Signal groups: the list beside the chosen group (or the form for a new one). */
export function GroupsPanel({ groups, algos, selected, onSelect, version }: Props) {
  const creating = selected === 'new' || (groups.length === 0 && selected === null)
  const current = creating ? null : (selected ?? groups[0]?.id ?? null)
  return (
    <Grid templateColumns={{ base: '1fr', lg: '18rem 1fr' }} gap="6" alignItems="start">
      <GridItem>
        <Card.Root>
          <Card.Header>
            <HStack justify="space-between">
              <Card.Title>Groups</Card.Title>
              <Button size="sm" colorPalette="teal" onClick={() => onSelect('new')} disabled={creating}>
                <LuPlus /> New group
              </Button>
            </HStack>
          </Card.Header>
          <Card.Body>
            {groups.length === 0 ? (
              <EmptyHint icon={<LuWebhook />} title="No groups yet" testId="groups-empty">
                A group is a webhook receiver. Create one, then paste its webhook URL into TradingView.
              </EmptyHint>
            ) : (
              <GroupList groups={groups} selected={current} onSelect={onSelect} />
            )}
          </Card.Body>
        </Card.Root>
      </GridItem>
      <GridItem minW="0">
        {creating ? (
          <Card.Root data-testid="group-form-card">
            <Card.Header>
              <Card.Title>New signal group</Card.Title>
              <Card.Description>
                A webhook receiver for one sender. Link the algos its signals trade; you get a URL to paste into your alerts.
              </Card.Description>
            </Card.Header>
            <Card.Body>
              <Stack gap="4">
                <GroupForm algos={algos} onSaved={(group) => onSelect(group.id)} onCancel={groups.length > 0 ? () => onSelect(null) : undefined} />
              </Stack>
            </Card.Body>
          </Card.Root>
        ) : current ? (
          <GroupDetail key={current} groupId={current} algos={algos} version={version} />
        ) : null}
      </GridItem>
    </Grid>
  )
}
