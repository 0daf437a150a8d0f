import { Box, Card, Center, Heading, HStack, Stack, Text } from '@chakra-ui/react'
import type { ReactNode } from 'react'
import { Logo } from '@/components/Logo'
import { ColorModeButton } from '@/components/ui/color-mode'

/** The card that holds the sign-in and registration forms. */
export function AuthFrame({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Center minH="100dvh" bg="bg.canvas" px="4" py="10" position="relative">
      <Box position="absolute" top="4" right="4">
        <ColorModeButton />
      </Box>
      <Stack gap="6" w="full" maxW="md">
        <HStack justify="center">
          <Logo size="lg" />
        </HStack>
        <Card.Root variant="elevated" size="lg">
          <Card.Header>
            <Heading as="h1" size="xl">
              {title}
            </Heading>
            <Text color="fg.muted" textStyle="sm">
              {subtitle}
            </Text>
          </Card.Header>
          <Card.Body>{children}</Card.Body>
        </Card.Root>
        {footer ? (
          <Text textAlign="center" textStyle="sm" color="fg.muted">
            {footer}
          </Text>
        ) : null}
      </Stack>
    </Center>
  )
}
