import { Badge } from '@chakra-ui/react'
import type { AllocationStatus, SignalAction, SignalStatus } from '@/graphql/generated/graphql'
import { actionLabel, actionPalette, allocationStatusLook, signalStatusLook } from '../../lib/status'

export function SignalStatusBadge({ status, reason }: { status: SignalStatus; reason?: string | null }) {
  const look = signalStatusLook(status)
  return (
    <Badge colorPalette={look.palette} variant="subtle" title={reason ?? look.help} data-testid="signal-status" data-status={status}>
      {look.label}
    </Badge>
  )
}

export function AllocationStatusBadge({ status, reason }: { status: AllocationStatus; reason?: string | null }) {
  const look = allocationStatusLook(status)
  return (
    <Badge colorPalette={look.palette} variant="subtle" size="sm" title={reason ?? look.help} data-testid="allocation-status" data-status={status}>
      {look.label}
    </Badge>
  )
}

export function ActionBadge({ action }: { action: SignalAction | null | undefined }) {
  if (!action) return <>—</>
  return (
    <Badge colorPalette={actionPalette(action)} variant="outline" size="sm" whiteSpace="nowrap">
      {actionLabel(action)}
    </Badge>
  )
}
