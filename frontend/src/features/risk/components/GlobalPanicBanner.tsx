import { Alert, Link } from '@chakra-ui/react'
import { Link as RouterLink } from 'react-router'
import { formatDateTime } from '@/lib/format'
import { useActivePanics } from '../api/useRiskLive'

/** On every page while a panic on everything is in force: it stays until a person re-arms it. */
export function GlobalPanicBanner() {
  const global = useActivePanics().find((p) => p.scope.kind === 'ALL')
  if (!global) return null
  return (
    <Alert.Root status="error" variant="solid" role="alert" borderRadius="l2" mb="6" data-testid="panic-banner">
      <Alert.Indicator />
      <Alert.Content>
        <Alert.Title>Trading is stopped: panic in force</Alert.Title>
        <Alert.Description>
          Pressed by {global.pressedBy} at {formatDateTime(global.pressedAt)}: “{global.reason}”. Every new order and signal is
          refused until a person re-arms it on the{' '}
          <Link asChild color="inherit" textDecoration="underline">
            <RouterLink to="/risk">Risk page</RouterLink>
          </Link>
          .
        </Alert.Description>
      </Alert.Content>
    </Alert.Root>
  )
}
