import { Box, HStack, Text } from '@chakra-ui/react'
import type { ReactNode } from 'react'
import { CopyButton } from './CopyButton'

interface Props {
  title: string
  code: string
  help?: ReactNode
  testId?: string
}

/** A titled, copyable block of text to paste somewhere else (an alert message, a command). */
export function CodeBlock({ title, code, help, testId }: Props) {
  return (
    <Box data-testid={testId}>
      <HStack justify="space-between" mb="1.5" gap="3">
        <Text textStyle="sm" fontWeight="semibold">
          {title}
        </Text>
        <CopyButton value={code} label={`Copy ${title.toLowerCase()}`} />
      </HStack>
      {help ? (
        <Text textStyle="xs" color="fg.muted" mb="1.5">
          {help}
        </Text>
      ) : null}
      <Box
        as="pre"
        data-testid={testId ? `${testId}-code` : undefined}
        fontFamily="mono"
        textStyle="xs"
        bg="bg.muted"
        borderWidth="1px"
        borderRadius="l2"
        p="3"
        whiteSpace="pre-wrap"
        wordBreak="break-all"
        maxH="64"
        overflowY="auto"
      >
        {code}
      </Box>
    </Box>
  )
}
