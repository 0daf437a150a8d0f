import { Badge, Box, Card, HStack, Spinner, Status, Table, Text } from '@chakra-ui/react'
import { useQuery, useSubscription } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { SecurityEventsDocument, SecurityLogDocument, type AuditEventFieldsFragment } from '@/graphql/generated/graphql'
import { formatDateTime } from '@/lib/format'

const PAGE = 20
const LIVE_KEEP = 50

/** `{"name":"ci","scopes":["READ"]}` → "name: ci · scopes: READ". */
export function describeDetail(detail: string): string {
  try {
    const parsed: unknown = JSON.parse(detail)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
        .join(' · ')
    }
    return String(parsed)
  } catch {
    return detail
  }
}

/** Recent security events, with new ones arriving live over the websocket (admins only). */
export function SecurityLogCard() {
  const [{ data, fetching, error }] = useQuery({ query: SecurityLogDocument, variables: { first: PAGE } })
  const [live] = useSubscription<
    { auditEvents: AuditEventFieldsFragment },
    AuditEventFieldsFragment[]
  >({ query: SecurityEventsDocument }, (previous = [], event) => [event.auditEvents, ...previous].slice(0, LIVE_KEEP))

  const liveEvents = live.data ?? []
  const seen = new Set(liveEvents.map((e) => e.id))
  const events = [...liveEvents, ...(data?.auditLog.edges.map((edge) => edge.node) ?? []).filter((e) => !seen.has(e.id))]
  const connected = !live.error

  return (
    <Card.Root data-testid="security-log">
      <Card.Header>
        <HStack justify="space-between">
          <Box>
            <Card.Title>Security log</Card.Title>
            <Card.Description>Sign-ins, new users and API key changes on this server, newest first.</Card.Description>
          </Box>
          <Status.Root
            colorPalette={connected ? 'green' : 'orange'}
            size="sm"
            title={live.error ? describeError(live.error) : undefined}
            data-testid="live-status"
            data-connected={connected ? 'true' : 'false'}
          >
            <Status.Indicator />
            {connected ? 'Live' : 'Live updates paused'}
          </Status.Root>
        </HStack>
      </Card.Header>
      <Card.Body>
        {error ? (
          <ErrorAlert title="Could not load the security log">{describeError(error)}</ErrorAlert>
        ) : !data && fetching ? (
          <HStack py="4" justify="center">
            <Spinner size="sm" /> <Text color="fg.muted">Loading events…</Text>
          </HStack>
        ) : events.length === 0 ? (
          <Text color="fg.muted">No security events yet.</Text>
        ) : (
          <Table.ScrollArea borderWidth="1px" borderRadius="l2" maxH="md">
            <Table.Root size="sm" stickyHeader aria-label="Security events">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader>When</Table.ColumnHeader>
                  <Table.ColumnHeader>Event</Table.ColumnHeader>
                  <Table.ColumnHeader>Who</Table.ColumnHeader>
                  <Table.ColumnHeader>IP</Table.ColumnHeader>
                  <Table.ColumnHeader>Details</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {events.map((event) => (
                  <Table.Row key={event.id} data-testid="audit-event" data-kind={event.kind}>
                    <Table.Cell whiteSpace="nowrap">{formatDateTime(event.at)}</Table.Cell>
                    <Table.Cell>
                      <Badge variant="surface" fontFamily="mono" size="sm">
                        {event.kind}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell>{event.actorUsername ?? '—'}</Table.Cell>
                    <Table.Cell fontFamily="mono" textStyle="xs">
                      {event.ip ?? '—'}
                    </Table.Cell>
                    <Table.Cell textStyle="xs" color="fg.muted" minW="60" whiteSpace="normal" wordBreak="break-word">
                      {describeDetail(event.detail)}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </Table.ScrollArea>
        )}
      </Card.Body>
    </Card.Root>
  )
}
