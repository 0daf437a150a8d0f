import { Alert, Box, Button, Card, Code, HStack, Stack, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { LuEye, LuEyeOff } from 'react-icons/lu'
import type { SignalGroupDetailFragment } from '@/graphql/generated/graphql'
import { CopyButton } from '../common/CopyButton'
import { RotateSecretButton } from './RotateSecretButton'

function Secret({ secret }: { secret: string }) {
  const [shown, setShown] = useState(false)
  return (
    <HStack gap="2" align="center">
      <Code colorPalette="gray" flex="1" px="3" py="2" borderRadius="l2" fontSize="sm" wordBreak="break-all" data-testid="webhook-secret" data-revealed={shown ? 'true' : 'false'}>
        {shown ? secret : '•'.repeat(24)}
      </Code>
      <Button size="xs" variant="outline" onClick={() => setShown((s) => !s)} aria-label={shown ? 'Hide secret' : 'Reveal secret'}>
        {shown ? <LuEyeOff /> : <LuEye />} {shown ? 'Hide' : 'Reveal'}
      </Button>
      <CopyButton value={secret} label="Copy secret" />
    </HStack>
  )
}

/** Where the sender posts, and the secret that signs its requests. */
export function WebhookCard({ group }: { group: SignalGroupDetailFragment }) {
  const [rotated, setRotated] = useState(false)
  return (
    <Card.Root>
      <Card.Header>
        <HStack justify="space-between" wrap="wrap" gap="3">
          <Card.Title>Webhook</Card.Title>
          <RotateSecretButton groupId={group.id} groupName={group.name} onRotated={() => setRotated(true)} />
        </HStack>
      </Card.Header>
      <Card.Body>
        <Stack gap="4">
          {rotated ? (
            <Alert.Root status="warning" borderRadius="l2" data-testid="secret-rotated">
              <Alert.Indicator />
              <Alert.Description>New URL and secret: paste them into your alerts now. The old URL no longer works.</Alert.Description>
            </Alert.Root>
          ) : null}
          <Box>
            <Text textStyle="sm" fontWeight="semibold" mb="1.5">
              Webhook URL
            </Text>
            <HStack gap="2">
              <Code colorPalette="gray" flex="1" px="3" py="2" borderRadius="l2" fontSize="sm" wordBreak="break-all" data-testid="webhook-url">
                {group.webhookUrl}
              </Code>
              <CopyButton value={group.webhookUrl} label="Copy webhook URL" />
            </HStack>
            <Text textStyle="xs" color="fg.muted" mt="1.5">
              Paste it into the alert’s webhook field. Anyone with this URL can send signals to this group: keep it private.
            </Text>
          </Box>
          {group.secret ? (
            <Box>
              <Text textStyle="sm" fontWeight="semibold" mb="1.5">
                Secret
              </Text>
              <Secret key={group.secret} secret={group.secret} />
              <Text textStyle="xs" color="fg.muted" mt="1.5">
                {group.requireSignature ? 'Required: sign each body with it (HMAC-SHA256).' : 'Optional: sign bodies with it (HMAC-SHA256) for extra safety.'}
              </Text>
            </Box>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
