import { Button, HStack } from '@chakra-ui/react'

/** The next (older) page of a list, while there is one. */
export function LoadMore({ hasMore, loading, onLoad, what }: { hasMore: boolean; loading: boolean; onLoad: () => void; what: string }) {
  if (!hasMore) return null
  return (
    <HStack justify="center" pt="4">
      <Button variant="outline" size="sm" onClick={onLoad} loading={loading} loadingText="Loading" aria-label={`Load more ${what}`}>
        Load more
      </Button>
    </HStack>
  )
}
