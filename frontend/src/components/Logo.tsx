import { HStack, Text, Box } from '@chakra-ui/react'

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const box = size === 'lg' ? '10' : '8'
  return (
    <HStack gap="2.5">
      <Box
        w={box}
        h={box}
        borderRadius="l2"
        bg="brand.solid"
        color="white"
        display="grid"
        placeItems="center"
        aria-hidden
      >
        <svg viewBox="0 0 32 32" width="70%" height="70%">
          <path d="M5 23l7-8 5 5 10-12" stroke="currentColor" strokeWidth="3.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </Box>
      <Text fontWeight="bold" textStyle={size === 'lg' ? '2xl' : 'lg'} letterSpacing="tight">
        Dalal
      </Text>
    </HStack>
  )
}
