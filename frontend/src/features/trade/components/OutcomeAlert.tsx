import { Alert } from '@chakra-ui/react'
import type { TicketOutcome } from '../lib/outcome'

/** The answer to the last order: what happened, or what went wrong and what to do. */
export function OutcomeAlert({ outcome }: { outcome: TicketOutcome }) {
  if (outcome.kind === 'placed') {
    const rejected = outcome.order.status === 'REJECTED'
    return (
      <Alert.Root status={rejected ? 'error' : 'success'} borderRadius="l2" data-testid="order-outcome" data-status={outcome.order.status}>
        <Alert.Indicator />
        <Alert.Content>
          <Alert.Title>{outcome.headline}</Alert.Title>
          <Alert.Description>{outcome.detail}</Alert.Description>
        </Alert.Content>
      </Alert.Root>
    )
  }
  return (
    <Alert.Root status="error" role="alert" borderRadius="l2" data-testid="order-problem">
      <Alert.Indicator />
      <Alert.Content>
        <Alert.Title>{outcome.title}</Alert.Title>
        <Alert.Description>{outcome.message}</Alert.Description>
      </Alert.Content>
    </Alert.Root>
  )
}
