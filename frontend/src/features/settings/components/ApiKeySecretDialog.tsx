import { Alert, Button, Clipboard, Code, Dialog, HStack, Portal, Stack, Text } from '@chakra-ui/react'
import { LuCheck, LuCopy } from 'react-icons/lu'

interface Props {
  /** The new key's name and secret; null when the dialog is closed. */
  created: { name: string; secret: string } | null
  onClose: () => void
}

/** Shows a new key's secret, the one time the server ever returns it. */
export function ApiKeySecretDialog({ created, onClose }: Props) {
  return (
    <Dialog.Root
      open={created !== null}
      onOpenChange={(e) => {
        if (!e.open) onClose()
      }}
      closeOnInteractOutside={false}
      role="alertdialog"
      size="md"
      placement="center"
    >
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content data-testid="api-key-secret-dialog">
            <Dialog.Header>
              <Dialog.Title>Your new API key “{created?.name}”</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Stack gap="4">
                <Alert.Root status="warning" borderRadius="l2">
                  <Alert.Indicator />
                  <Alert.Description>
                    This secret is shown only once. Copy it now and keep it somewhere safe; if you lose it, revoke
                    the key and create a new one.
                  </Alert.Description>
                </Alert.Root>
                <Code
                  data-testid="api-key-secret"
                  aria-label="API key secret"
                  display="block"
                  p="3"
                  borderRadius="l2"
                  fontSize="sm"
                  wordBreak="break-all"
                  whiteSpace="pre-wrap"
                  userSelect="all"
                >
                  {created?.secret}
                </Code>
                <Text textStyle="sm" color="fg.muted">
                  Send it in the <Code>X-API-Key</Code> header of your requests to <Code>/graphql</Code>.
                </Text>
              </Stack>
            </Dialog.Body>
            <Dialog.Footer>
              <HStack gap="3">
                <Clipboard.Root value={created?.secret ?? ''} timeout={2000}>
                  <Clipboard.Trigger asChild>
                    <Button variant="outline" aria-label="Copy API key">
                      <Clipboard.Indicator copied={<LuCheck />}>
                        <LuCopy />
                      </Clipboard.Indicator>
                      <Clipboard.Context>{({ copied }) => (copied ? 'Copied' : 'Copy')}</Clipboard.Context>
                    </Button>
                  </Clipboard.Trigger>
                </Clipboard.Root>
                <Dialog.ActionTrigger asChild>
                  <Button colorPalette="teal">I have copied it</Button>
                </Dialog.ActionTrigger>
              </HStack>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
