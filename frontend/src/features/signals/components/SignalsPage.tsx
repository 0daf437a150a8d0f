import { Badge, Stack, Tabs } from '@chakra-ui/react'
import { useMemo } from 'react'
import { LuHandshake, LuRadio, LuWebhook, LuWorkflow } from 'react-icons/lu'
import { useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { SignalAlgosDocument, SignalGroupsDocument } from '@/graphql/generated/graphql'
import { useSignalEvents } from '../api/signalLog'
import { AlgosPanel } from './algos/AlgosPanel'
import { Loading } from './common/Loading'
import { GroupsPanel } from './groups/GroupsPanel'
import { SignalLog } from './log/SignalLog'
import { TradesPanel } from './trades/TradesPanel'

const TABS = ['log', 'groups', 'algos', 'trades'] as const
type Tab = (typeof TABS)[number]

/**
 * Signals: webhook groups and their alert messages, the algos signals trade, the live log of
 * every signal and the trades they made. The tab (and the chosen group) live in the URL.
 */
export function SignalsPage() {
  const [params, setParams] = useSearchParams()
  const asked = params.get('tab')
  const tab: Tab = TABS.includes(asked as Tab) ? (asked as Tab) : 'log'
  const live = useSignalEvents()
  const groupsContext = useMemo(() => ({ additionalTypenames: ['SignalGroup'] }), [])
  const algosContext = useMemo(() => ({ additionalTypenames: ['Algo'] }), [])
  const [groups] = useQuery({ query: SignalGroupsDocument, context: groupsContext })
  const [algos] = useQuery({ query: SignalAlgosDocument, context: algosContext })
  const groupList = groups.data?.signalGroups ?? []
  const algoChoices = (algos.data?.algos ?? []).map((a) => ({ id: a.id, name: a.name }))

  const go = (next: Tab, group?: string | null) => {
    const query: Record<string, string> = { tab: next }
    if (group) query.group = group
    setParams(query)
  }

  return (
    <Stack gap="6">
      <PageHeader
        title="Signals"
        subtitle="Webhook receivers for TradingView, Chartink and your scripts, the algos they trade, and every signal they took in."
        actions={<LiveIndicator connected={live.connected} problem={live.problem} />}
      />
      {groups.error ? <ErrorAlert title="Could not load your signal groups">{describeError(groups.error)}</ErrorAlert> : null}
      <Tabs.Root value={tab} onValueChange={(e) => go(e.value as Tab)} lazyMount unmountOnExit variant="line">
        <Tabs.List colorPalette="teal">
          <Tabs.Trigger value="log">
            <LuRadio /> Signal log
          </Tabs.Trigger>
          <Tabs.Trigger value="groups">
            <LuWebhook /> Groups
            {groupList.length > 0 ? <Badge size="sm" variant="subtle">{groupList.length}</Badge> : null}
          </Tabs.Trigger>
          <Tabs.Trigger value="algos">
            <LuWorkflow /> Algos
            {algoChoices.length > 0 ? <Badge size="sm" variant="subtle">{algoChoices.length}</Badge> : null}
          </Tabs.Trigger>
          <Tabs.Trigger value="trades">
            <LuHandshake /> Trades
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="log">
          <SignalLog groups={groupList} events={live.events} version={live.version} />
        </Tabs.Content>
        <Tabs.Content value="groups">
          {!groups.data ? (
            <Loading what="groups" />
          ) : (
            <GroupsPanel groups={groupList} algos={algoChoices} selected={params.get('group')} onSelect={(id) => go('groups', id)} version={live.version} />
          )}
        </Tabs.Content>
        <Tabs.Content value="algos">
          <AlgosPanel />
        </Tabs.Content>
        <Tabs.Content value="trades">
          <TradesPanel version={live.version} />
        </Tabs.Content>
      </Tabs.Root>
    </Stack>
  )
}
