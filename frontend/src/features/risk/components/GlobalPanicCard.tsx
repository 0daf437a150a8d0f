import { Button, Card, HStack, Stack, Text } from '@chakra-ui/react'
import { LuOctagonX } from 'react-icons/lu'
import type { RiskPanicFragment } from '@/graphql/generated/graphql'
import { formatDateTime } from '@/lib/format'
import { usePanicActions } from '../api/usePanicActions'
import { ReasonDialog } from './ReasonDialog'

const EVERYTHING = { kind: 'ALL' as const, id: '' }

/** The kill switch for everything, and its re-arm while it is in force. */
export function GlobalPanicCard({ panic, canTrade }: { panic: RiskPanicFragment | null; canTrade: boolean }) {
  const actions = usePanicActions()
  return (
    <Card.Root borderColor={panic ? 'border.error' : undefined} data-testid="global-panic-card">
      <Card.Body>
        <HStack justify="space-between" gap="4" wrap="wrap">
          <Stack gap="1">
            <Text fontWeight="semibold">{panic ? 'Everything is stopped' : 'Panic: stop everything'}</Text>
            <Text textStyle="sm" color="fg.muted">
              {panic
                ? `Pressed by ${panic.pressedBy} at ${formatDateTime(panic.pressedAt)}: “${panic.reason}”.`
                : 'Cancels every working order and squares off every position in all your accounts, then refuses new orders and signals until re-armed.'}
            </Text>
          </Stack>
          {!canTrade ? null : panic ? (
            <ReasonDialog
              trigger={
                <Button colorPalette="teal" data-testid="rearm-all">
                  Re-arm
                </Button>
              }
              title="Re-arm trading?"
              description="Orders and signals are accepted again in all your accounts."
              confirmLabel="Re-arm"
              busyLabel="Re-arming"
              palette="teal"
              onConfirm={(reason) => actions.rearm(EVERYTHING, reason)}
              testId="rearm-dialog"
            />
          ) : (
            <ReasonDialog
              trigger={
                <Button colorPalette="red" size="lg" data-testid="panic-all">
                  <LuOctagonX /> Panic: stop everything
                </Button>
              }
              title="Stop everything now?"
              description="Every working order is cancelled and every position in all your accounts is squared off at market. New orders and signals are refused until a person re-arms it."
              confirmLabel="Stop everything"
              busyLabel="Stopping"
              palette="red"
              onConfirm={(reason) => actions.press(EVERYTHING, reason)}
              testId="panic-dialog"
            />
          )}
        </HStack>
      </Card.Body>
    </Card.Root>
  )
}
