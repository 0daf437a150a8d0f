import { Button, Clipboard } from '@chakra-ui/react'
import { LuCheck, LuCopy } from 'react-icons/lu'

/** Copies `value`; says "Copied" for two seconds. `label` names what it copies, for screen readers. */
export function CopyButton({ value, label, size = 'xs' }: { value: string; label: string; size?: 'xs' | 'sm' }) {
  return (
    <Clipboard.Root value={value} timeout={2000}>
      <Clipboard.Trigger asChild>
        <Button variant="outline" size={size} aria-label={label} flexShrink={0}>
          <Clipboard.Indicator copied={<LuCheck />}>
            <LuCopy />
          </Clipboard.Indicator>
          <Clipboard.Context>{({ copied }) => (copied ? 'Copied' : 'Copy')}</Clipboard.Context>
        </Button>
      </Clipboard.Trigger>
    </Clipboard.Root>
  )
}
