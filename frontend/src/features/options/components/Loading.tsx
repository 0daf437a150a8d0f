import { HStack, Spinner, Text } from '@chakra-ui/react'

export function Loading({ what }: { what: string }) {
  return (
    <HStack py="6" justify="center" data-testid="loading">
      <Spinner size="sm" /> <Text color="fg.muted">Loading {what}…</Text>
    </HStack>
  )
}
