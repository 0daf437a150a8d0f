import { Button, Group } from '@chakra-ui/react'
import type { Side } from '@/graphql/generated/graphql'

/** BUY (green) or SELL (red): the first thing a trader checks on a ticket. */
export function SideToggle({ side, onChange }: { side: Side; onChange: (side: Side) => void }) {
  return (
    <Group attached w="full" role="group" aria-label="Side">
      {(['BUY', 'SELL'] as const).map((value) => {
        const active = side === value
        return (
          <Button
            key={value}
            flex="1"
            aria-pressed={active}
            colorPalette={value === 'BUY' ? 'green' : 'red'}
            variant={active ? 'solid' : 'outline'}
            onClick={() => onChange(value)}
            data-testid={`side-${value.toLowerCase()}`}
          >
            {value}
          </Button>
        )
      })}
    </Group>
  )
}
