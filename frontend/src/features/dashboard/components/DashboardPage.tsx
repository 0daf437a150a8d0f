import { Button, Card, EmptyState, Grid, HStack, SimpleGrid, Skeleton, Stack, VStack } from '@chakra-ui/react'
import { LuWallet } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { usePortfolio } from '../api/usePortfolio'
import { AccountCard } from './AccountCard'
import { PnlChart } from './PnlChart'
import { PortfolioTotals } from './PortfolioTotals'
import { ServerCard } from './ServerCard'

function NoAccounts() {
  return (
    <Card.Root data-testid="dashboard-empty">
      <Card.Body>
        <EmptyState.Root py="10">
          <EmptyState.Content>
            <EmptyState.Indicator>
              <LuWallet />
            </EmptyState.Indicator>
            <VStack textAlign="center" gap="2">
              <EmptyState.Title>No accounts yet</EmptyState.Title>
              <EmptyState.Description maxW="md">
                Nothing to show: there are no paper-trading accounts, positions or P&amp;L here yet. Create an account
                with some starting capital, then place your first order.
              </EmptyState.Description>
            </VStack>
            <Button asChild colorPalette="teal" size="sm">
              <RouterLink to="/accounts">Create an account</RouterLink>
            </Button>
          </EmptyState.Content>
        </EmptyState.Root>
      </Card.Body>
    </Card.Root>
  )
}

export function DashboardPage({ username }: { username: string }) {
  const live = usePortfolio()
  const accounts = live.portfolio?.accounts ?? []

  return (
    <Stack gap="6">
      <PageHeader
        title="Dashboard"
        subtitle={`Welcome, ${username}. Your paper-trading overview.`}
        actions={accounts.length > 0 ? <LiveIndicator connected={live.connected} problem={live.liveProblem} /> : undefined}
      />
      {live.error ? <ErrorAlert title="Could not load your portfolio">{describeError(live.error)}</ErrorAlert> : null}
      {live.loading ? (
        <HStack gap="4">
          <Skeleton h="24" flex="1" />
        </HStack>
      ) : accounts.length === 0 || !live.portfolio ? (
        <Grid templateColumns={{ base: '1fr', lg: '2fr 1fr' }} gap="6" alignItems="start">
          <NoAccounts />
          <ServerCard />
        </Grid>
      ) : (
        <>
          <PortfolioTotals portfolio={live.portfolio} />
          <Grid templateColumns={{ base: '1fr', xl: '2fr 1fr' }} gap="6" alignItems="start">
            <PnlChart samples={live.samples} />
            <ServerCard />
          </Grid>
          <SimpleGrid columns={{ base: 1, md: 2, xl: 3 }} gap="4" data-testid="account-cards">
            {accounts.map((item) => (
              <AccountCard key={item.account.id} item={item} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  )
}
