import { Button, Dialog, Portal, Text, type ButtonProps } from '@chakra-ui/react'
import { useState, type ReactNode } from 'react'
import { ErrorAlert } from '@/components/ErrorAlert'

interface Props {
  label: ReactNode
  title: string
  description: ReactNode
  confirmLabel: string
  /** Runs the action; resolves to a problem to show, or null when done. */
  onConfirm: () => Promise<string | null>
  testId: string
  palette?: string
  size?: ButtonProps['size']
  disabled?: boolean
}

/** A button that asks first: stopping and squaring off cannot be undone. */
export function ConfirmButton({ label, title, description, confirmLabel, onConfirm, testId, palette = 'red', size = 'sm', disabled }: Props) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function confirm() {
    setBusy(true)
    const found = await onConfirm()
    setBusy(false)
    if (found) return setProblem(found)
    setOpen(false)
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(e) => {
        setOpen(e.open)
        if (!e.open) setProblem(null)
      }}
      role="alertdialog"
      placement="center"
    >
      <Dialog.Trigger asChild>
        <Button size={size} variant="outline" colorPalette={palette} disabled={disabled} data-testid={testId}>
          {label}
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content data-testid={`${testId}-dialog`}>
            <Dialog.Header>
              <Dialog.Title>{title}</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Text color="fg.muted">{description}</Text>
              {problem ? (
                <ErrorAlert testId={`${testId}-error`}>
                  {problem}
                </ErrorAlert>
              ) : null}
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Keep it</Button>
              </Dialog.ActionTrigger>
              <Button colorPalette={palette} loading={busy} onClick={confirm} data-testid={`${testId}-confirm`}>
                {confirmLabel}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
