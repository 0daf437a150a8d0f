import { Badge, Card, DataList, Skeleton, Stack, Text } from '@chakra-ui/react'
import { useQuery } from 'urql'
import { DashboardServerDocument } from '@/graphql/generated/graphql'

export function ServerCard() {
  const [{ data }] = useQuery({ query: DashboardServerDocument })
  const server = data?.serverInfo
  return (
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
  )
}
