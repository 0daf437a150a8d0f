import { Button, Dialog, Portal, Stack, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { ArchiveAccountDocument, type AccountFieldsFragment } from '@/graphql/generated/graphql'

/** Archive an account after confirmation: it stops trading and leaves the lists. */
export function ArchiveAccountDialog({ account }: { account: AccountFieldsFragment }) {
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, archive] = useMutation(ArchiveAccountDocument)

  async function confirm() {
    setProblem(null)
    const result = await archive({ id: account.id })
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.data?.archiveAccount
    if (!outcome) return setProblem('The server gave no answer. Try again.')
    if (outcome.__typename === 'AccountSuccess') return setOpen(false)
    setProblem(outcome.message)
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} role="alertdialog" placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" colorPalette="red" aria-label={`Archive account ${account.label}`}>
          Archive
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Archive “{account.label}”?</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Stack gap="3">
                <Text>
                  An archived account takes no new orders and no signals. Its orders, fills and ledger are kept,
                  and you can still see it with “Show archived”.
                </Text>
                {problem ? <ErrorAlert testId="archive-error">{problem}</ErrorAlert> : null}
              </Stack>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep it</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="red" onClick={() => void confirm()} loading={fetching} loadingText="Archiving">
                Archive account
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
