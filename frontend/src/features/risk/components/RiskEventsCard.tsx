import { Badge, Card, HStack, Stack, Text } from '@chakra-ui/react'
import type { RiskEventKind, RiskEventRowFragment } from '@/graphql/generated/graphql'
import { formatTime } from '@/lib/format'

const PALETTE: Record<RiskEventKind, string> = {
  BREACH: 'red',
  ALERT: 'orange',
  EXIT: 'purple',
  PANIC: 'red',
  REARM: 'teal',
  ENABLED: 'teal',
}

/** Breaches, alerts, risk exits, panics and re-arms, newest first, live. */
export function RiskEventsCard({ events }: { events: RiskEventRowFragment[] }) {
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>Risk events</Card.Title>
      </Card.Header>
      <Card.Body>
        {events.length === 0 ? (
          <Text textStyle="sm" color="fg.muted">
            Nothing yet: breaches, stop exits and panics appear here as they happen.
          </Text>
        ) : (
          <Stack gap="2" as="ol" listStyleType="none" m="0" p="0" data-testid="risk-events">
            {events.map((e) => (
              <HStack as="li" key={e.id} gap="3" align="flex-start" data-testid="risk-event" data-kind={e.kind} data-rule={e.rule ?? ''}>
                <Text textStyle="xs" color="fg.muted" minW="16" fontVariantNumeric="tabular-nums">
                  {formatTime(e.at)}
                </Text>
                <Badge colorPalette={PALETTE[e.kind]} minW="20" justifyContent="center">
                  {e.kind}
                </Badge>
                <Text textStyle="sm">{e.message}</Text>
              </HStack>
            ))}
          </Stack>
        )}
      </Card.Body>
    </Card.Root>
  )
}
