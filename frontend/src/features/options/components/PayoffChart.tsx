import { Box, HStack, Text } from '@chakra-ui/react'
import { useMemo, useState, type MouseEvent } from 'react'
import { formatMoney } from '@/lib/money'
import { areaPath, axisLabel, linePath, markersFor, nearestSample, payoffScale, priceLabel, type Box as PlotBox, type PayoffSample } from '../lib/payoffScale'

const BOX: PlotBox = { width: 900, height: 340, top: 28, right: 20, bottom: 34, left: 64 }
const color = (token: string) => `var(--chakra-colors-${token.replace('.', '-')})`

interface Props {
  samples: PayoffSample[]
  breakevens: number[]
  spot: number | null
  /** What the "today" line shows, e.g. "25 Nov, IV +0". */
  atDateLabel: string
}

function rupees(value: number): string {
  return formatMoney(value.toFixed(2), { signed: true })
}

/**
 * The payoff diagram: P&L at expiry (solid, shaded green for profit and red for loss) and at
 * the chosen date (dashed), the breakevens and the spot marked. Drawn as SVG because the
 * price, not time, runs along the x axis and the markers are vertical lines at any price.
 */
export function PayoffChart({ samples, breakevens, spot, atDateLabel }: Props) {
  const scale = useMemo(() => payoffScale(samples, BOX), [samples])
  const markers = useMemo(() => markersFor(breakevens, spot, scale), [breakevens, spot, scale])
  const [hover, setHover] = useState<PayoffSample | null>(null)
  const zero = scale.y(0)
  const plotRight = BOX.width - BOX.right
  const plotBottom = BOX.height - BOX.bottom

  function track(event: MouseEvent<SVGSVGElement>) {
    const rect = event.currentTarget.getBoundingClientRect()
    if (rect.width === 0) return
    const x = ((event.clientX - rect.left) / rect.width) * BOX.width
    const price = scale.priceMin + ((x - BOX.left) / (plotRight - BOX.left)) * (scale.priceMax - scale.priceMin)
    setHover(nearestSample(samples, price))
  }

  return (
    <Box data-testid="payoff-chart" data-breakevens={markers.filter((m) => m.kind === 'breakeven').length}>
      <HStack gap="5" textStyle="xs" color="fg.muted" mb="1" wrap="wrap">
        <HStack gap="1"><Box w="5" h="0.5" bg="teal.solid" /> At expiry</HStack>
        <HStack gap="1"><Box w="5" borderTopWidth="2px" borderStyle="dashed" borderColor="blue.solid" /> {atDateLabel}</HStack>
        <HStack gap="1"><Box w="0.5" h="3" bg="orange.solid" /> Breakeven</HStack>
        <HStack gap="1"><Box w="0.5" h="3" bg="fg" /> Spot</HStack>
        {hover ? (
          <Text ms="auto" color="fg" fontVariantNumeric="tabular-nums" data-testid="payoff-readout">
            At {priceLabel(hover.price)}: expiry {rupees(hover.expiry)} · today {rupees(hover.atDate)}
          </Text>
        ) : null}
      </HStack>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} width="100%" role="img" aria-label="Payoff chart" onMouseMove={track} onMouseLeave={() => setHover(null)}
        style={{ display: 'block', fontSize: 11, fontFamily: 'inherit' }}>
        <defs>
          <clipPath id="payoff-profit"><rect x={BOX.left} y={BOX.top} width={plotRight - BOX.left} height={Math.max(0, zero - BOX.top)} /></clipPath>
          <clipPath id="payoff-loss"><rect x={BOX.left} y={zero} width={plotRight - BOX.left} height={Math.max(0, plotBottom - zero)} /></clipPath>
        </defs>
        {scale.yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={BOX.left} x2={plotRight} y1={scale.y(t)} y2={scale.y(t)} style={{ stroke: color('border.muted') }} />
            <text x={BOX.left - 6} y={scale.y(t) + 4} textAnchor="end" style={{ fill: color('fg.muted') }}>{axisLabel(t)}</text>
          </g>
        ))}
        {scale.xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={scale.x(t)} x2={scale.x(t)} y1={plotBottom} y2={plotBottom + 4} style={{ stroke: color('fg.muted') }} />
            <text x={scale.x(t)} y={plotBottom + 17} textAnchor="middle" style={{ fill: color('fg.muted') }}>{priceLabel(t)}</text>
          </g>
        ))}
        <path d={areaPath(samples, scale)} clipPath="url(#payoff-profit)" style={{ fill: color('green.500'), fillOpacity: 0.15 }} />
        <path d={areaPath(samples, scale)} clipPath="url(#payoff-loss)" style={{ fill: color('red.500'), fillOpacity: 0.15 }} />
        <line x1={BOX.left} x2={plotRight} y1={zero} y2={zero} style={{ stroke: color('fg.muted') }} />
        <path d={linePath(samples, scale, 'atDate')} data-testid="payoff-today" style={{ fill: 'none', stroke: color('blue.500'), strokeWidth: 1.5, strokeDasharray: '5 4' }} />
        <path d={linePath(samples, scale, 'expiry')} data-testid="payoff-expiry" style={{ fill: 'none', stroke: color('teal.600'), strokeWidth: 2 }} />
        {markers.map((m) => (
          <g key={`${m.kind}${m.price}`} data-testid={m.kind === 'breakeven' ? 'breakeven-marker' : 'spot-marker'} data-price={m.price}>
            <line x1={m.x} x2={m.x} y1={BOX.top} y2={plotBottom}
              style={{ stroke: color(m.kind === 'breakeven' ? 'orange.500' : 'fg'), strokeDasharray: m.kind === 'breakeven' ? '3 3' : undefined, strokeWidth: 1.2 }} />
            <text x={m.x} y={m.kind === 'spot' ? BOX.top - 14 : BOX.top - 3} textAnchor="middle" style={{ fill: color(m.kind === 'breakeven' ? 'orange.600' : 'fg'), fontWeight: 600 }}>
              {m.kind === 'spot' ? `Spot ${priceLabel(m.price)}` : priceLabel(m.price)}
            </text>
          </g>
        ))}
        {hover ? (
          <g pointerEvents="none">
            <line x1={scale.x(hover.price)} x2={scale.x(hover.price)} y1={BOX.top} y2={plotBottom} style={{ stroke: color('fg.subtle') }} />
            <circle cx={scale.x(hover.price)} cy={scale.y(hover.expiry)} r={3.5} style={{ fill: color('teal.600') }} />
            <circle cx={scale.x(hover.price)} cy={scale.y(hover.atDate)} r={3} style={{ fill: color('blue.500') }} />
          </g>
        ) : null}
      </svg>
    </Box>
  )
}
