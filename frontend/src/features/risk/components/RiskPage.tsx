import { HStack, SimpleGrid, Spinner, Stack, Text } from '@chakra-ui/react'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { useRiskEvents, useRiskStatus } from '../api/useRiskLive'
import { GlobalPanicCard } from './GlobalPanicCard'
import { GuardsCard } from './GuardsCard'
import { NewGroupLimits } from './NewGroupLimits'
import { RiskEventsCard } from './RiskEventsCard'
import { ScopeCard } from './ScopeCard'

/** Limits per scope with live headroom, the panic buttons, position stops and risk events. */
export function RiskPage({ canTrade }: { canTrade: boolean }) {
  const live = useRiskEvents()
  const { status, error } = useRiskStatus(live.latest?.id ?? null)
  return (
    <Stack gap="6">
      <PageHeader
        title="Risk"
        subtitle="Limits for everything, each account, signal group and strategy, checked on every order and every tick. Headroom is live."
        actions={<LiveIndicator connected={live.connected} />}
      />
      {error ? <ErrorAlert title="Could not load the risk status">{describeError(error)}</ErrorAlert> : null}
      {!status ? (
        <HStack py="6" justify="center">
          <Spinner size="sm" /> <Text color="fg.muted">Loading risk…</Text>
        </HStack>
      ) : (
        <>
          <GlobalPanicCard panic={status.globalPanic ?? null} canTrade={canTrade} />
          <SimpleGrid columns={{ base: 1, lg: 2 }} gap="4">
            {status.scopes.map((scope) => (
              <ScopeCard key={`${scope.scope.kind}:${scope.scope.id}`} status={scope} canTrade={canTrade} />
            ))}
          </SimpleGrid>
          {canTrade ? (
            <NewGroupLimits ruled={new Set(status.scopes.filter((s) => s.scope.kind === 'GROUP').map((s) => s.scope.id))} />
          ) : null}
          <GuardsCard guards={status.guards} />
        </>
      )}
      <RiskEventsCard events={live.events} />
    </Stack>
  )
}
