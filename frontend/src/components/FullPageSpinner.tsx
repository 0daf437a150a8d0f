import { Center, Spinner, Text, VStack } from '@chakra-ui/react'

export function FullPageSpinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center minH="100dvh" bg="bg.canvas">
      <VStack gap="3">
        <Spinner size="lg" color="brand.solid" />
        <Text color="fg.muted" textStyle="sm">
          {label}
        </Text>
      </VStack>
    </Center>
  )
}
