import { Button, Dialog, Portal, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { useMutation } from 'urql'
import { describeError } from '@/graphql/errors'
import { ArchiveAlgoDocument, type SignalAlgoFieldsFragment } from '@/graphql/generated/graphql'

/** Archive an algo after confirmation: it stops trading; its history stays. */
export function ArchiveAlgoButton({ algo, onProblem }: { algo: SignalAlgoFieldsFragment; onProblem: (text: string | null) => void }) {
  const [open, setOpen] = useState(false)
  const [{ fetching }, archive] = useMutation(ArchiveAlgoDocument)

  async function confirm() {
    onProblem(null)
    const result = await archive({ id: algo.id }, { additionalTypenames: ['Algo', 'SignalGroup'] })
    setOpen(false)
    if (result.error) return onProblem(describeError(result.error))
    const outcome = result.data?.archiveAlgo
    if (outcome && outcome.__typename !== 'AlgoSuccess') onProblem(outcome.message)
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} role="alertdialog" placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" colorPalette="red" aria-label={`Archive algo ${algo.name}`}>
          Archive
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>Archive “{algo.name}”?</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Text>Signals stop trading it at once. Its executions and trades stay in the log. Groups linked to it need another algo.</Text>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep it</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette="red" onClick={() => void confirm()} loading={fetching} loadingText="Archiving">
                Archive algo
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
