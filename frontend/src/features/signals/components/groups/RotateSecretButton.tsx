import { Button, Dialog, Portal, Stack, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { LuRefreshCw } from 'react-icons/lu'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { RotateWebhookSecretDocument } from '@/graphql/generated/graphql'

/** A new webhook URL and secret, after confirmation: the old URL stops working at once. */
export function RotateSecretButton({ groupId, groupName, onRotated }: { groupId: string; groupName: string; onRotated: () => void }) {
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, rotate] = useMutation(RotateWebhookSecretDocument)

  async function confirm() {
    setProblem(null)
    const result = await rotate({ id: groupId })
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.data?.rotateWebhookSecret
    if (!outcome) return setProblem('The server gave no answer. Try again.')
    if (outcome.__typename !== 'SignalGroupSuccess') return setProblem(outcome.message)
    setOpen(false)
    onRotated()
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => { setOpen(e.open); setProblem(null) }} role="alertdialog" placement="center">
      <Dialog.Trigger asChild>
        <Button size="sm" variant="outline" colorPalette="orange">
          <LuRefreshCw /> Rotate secret
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Rotate the secret of “{groupName}”?</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Stack gap="3">
                <Text>
                  The group gets a new webhook URL and a new secret. The old URL stops working at once: alerts still
                  pointing at it are refused until you paste the new URL into TradingView, Chartink or your script.
                </Text>
                {problem ? <ErrorAlert testId="rotate-error">{problem}</ErrorAlert> : null}
              </Stack>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep the current one</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="orange" onClick={() => void confirm()} loading={fetching} loadingText="Rotating">
                Rotate secret
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
