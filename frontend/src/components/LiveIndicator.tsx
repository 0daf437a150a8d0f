import { Status } from '@chakra-ui/react'

/** "Live" while a subscription is up; says so when updates have stopped. */
export function LiveIndicator({ connected, problem }: { connected: boolean; problem?: string }) {
  return (
    <Status.Root
      colorPalette={connected ? 'green' : 'orange'}
      size="sm"
      title={problem}
      data-testid="live-status"
      data-connected={connected ? 'true' : 'false'}
    >
      <Status.Indicator />
      {connected ? 'Live' : 'Live updates paused'}
    </Status.Root>
  )
}
