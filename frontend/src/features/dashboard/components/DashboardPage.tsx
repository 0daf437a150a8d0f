import { Badge, Card, DataList, EmptyState, Grid, Skeleton, Stack, Text, VStack } from '@chakra-ui/react'
import { LuWallet } from 'react-icons/lu'
import { useQuery } from 'urql'
import { PageHeader } from '@/components/PageHeader'
import { DashboardServerDocument } from '@/graphql/generated/graphql'

export function DashboardPage({ username }: { username: string }) {
  const [{ data }] = useQuery({ query: DashboardServerDocument })
  const server = data?.serverInfo

  return (
    <Stack gap="8">
      <PageHeader title="Dashboard" subtitle={`Welcome, ${username}. Your paper-trading overview.`} />
      <Grid templateColumns={{ base: '1fr', lg: '2fr 1fr' }} gap="6" alignItems="start">
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
                    Nothing to show: there are no paper-trading accounts, positions or P&amp;L here yet. Creating
                    accounts arrives in a coming release; until then you can set up API keys in Settings.
                  </EmptyState.Description>
                </VStack>
              </EmptyState.Content>
            </EmptyState.Root>
          </Card.Body>
        </Card.Root>
        <Card.Root data-testid="server-card">
          <Card.Header>
            <Card.Title>Server</Card.Title>
          </Card.Header>
          <Card.Body>
            {server ? (
              <DataList.Root orientation="horizontal" size="sm">
                <DataList.Item>
                  <DataList.ItemLabel>Version</DataList.ItemLabel>
                  <DataList.ItemValue>{server.version}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Database</DataList.ItemLabel>
                  <DataList.ItemValue>
                    {server.embedded ? (
                      <Badge colorPalette="orange" variant="subtle">
                        Embedded SQLite
                      </Badge>
                    ) : (
                      <Badge colorPalette="green" variant="subtle">
                        PostgreSQL
                      </Badge>
                    )}
                  </DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Mode</DataList.ItemLabel>
                  <DataList.ItemValue>Paper trading</DataList.ItemValue>
                </DataList.Item>
              </DataList.Root>
            ) : (
              <Stack gap="2">
                <Skeleton h="4" />
                <Skeleton h="4" />
              </Stack>
            )}
            {server?.embedded ? (
              <Text mt="4" textStyle="xs" color="fg.muted">
                The embedded database suits one person trying Dalal. Use PostgreSQL for anything shared.
              </Text>
            ) : null}
          </Card.Body>
        </Card.Root>
      </Grid>
    </Stack>
  )
}
