import { Text, type TextProps } from '@chakra-ui/react'
import { formatMoney, toneOf } from '@/lib/money'

const toneColor = { profit: 'fg.success', loss: 'fg.error', flat: 'fg' } as const

/** A P&L figure in rupees: green when positive, red when negative, with its sign. */
export function Pnl({ value, ...rest }: { value: string | null | undefined } & Omit<TextProps, 'children'>) {
  const tone = toneOf(value)
  return (
    <Text as="span" color={toneColor[tone]} fontVariantNumeric="tabular-nums" data-tone={tone} {...rest}>
      {formatMoney(value, { signed: true })}
    </Text>
  )
}
