import { Button, Dialog, Field, Input, Portal, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent, type ReactNode } from 'react'
import { ErrorAlert } from '@/components/ErrorAlert'

interface Props {
  /** The button that opens the dialog. */
  trigger: ReactNode
  title: string
  description: ReactNode
  confirmLabel: string
  busyLabel: string
  palette: string
  /** Runs the action; resolves to a problem to show, or null when it is done. */
  onConfirm: (reason: string) => Promise<string | null>
  testId: string
}

/**
 * A confirmation step that asks why: panics, re-arms and re-enables are audited with the
 * reason, so the dialog will not confirm without one.
 */
export function ReasonDialog({ trigger, title, description, confirmLabel, busyLabel, palette, onConfirm, testId }: Props) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const missing = reason.trim() === ''

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    if (missing) return
    setBusy(true)
    const found = await onConfirm(reason.trim())
    setBusy(false)
    if (found) return setProblem(found)
    setOpen(false)
    setReason('')
    setTried(false)
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(e) => {
        setOpen(e.open)
        if (!e.open) {
          setProblem(null)
          setTried(false)
        }
      }}
      role="alertdialog"
      placement="center"
    >
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content data-testid={testId}>
            <form onSubmit={submit} noValidate aria-label={title}>
              <Dialog.Header>
                <Dialog.Title>{title}</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  <Text textStyle="sm">{description}</Text>
                  <Field.Root invalid={tried && missing} required>
                    <Field.Label>Reason</Field.Label>
                    <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={256} placeholder="Why, for the audit log" />
                    <Field.ErrorText>Say why, in a few words: it goes in the audit log.</Field.ErrorText>
                  </Field.Root>
                  {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Cancel</Button>
                </Dialog.ActionTrigger>
                <Button type="submit" colorPalette={palette} loading={busy} loadingText={busyLabel}>
                  {confirmLabel}
                </Button>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
