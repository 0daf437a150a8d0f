import { Box, Grid, Text } from '@chakra-ui/react'
import { heatColor, heatDomain, heatPosition } from '../lib/heatmap'
import { formatRatio } from '../lib/metrics'

interface Props {
  x: string
  y: string
  xValues: string[]
  yValues: string[]
  /** cells[j][i]: the metric at yValues[j], xValues[i]. */
  cells: (number | null)[][]
  lowerIsBetter?: boolean
}

/** A metric over two parameters: red is the worst cell, green the best; blank where undefined. */
export function Heatmap({ x, y, xValues, yValues, cells, lowerIsBetter }: Props) {
  const domain = heatDomain(cells)
  return (
    <Box overflowX="auto" data-testid="heatmap">
      <Text textStyle="xs" color="fg.muted" mb="2">
        {x} across, {y} down
        {domain ? ` · from ${formatRatio(domain.min)} to ${formatRatio(domain.max)}` : ' · no defined values'}
      </Text>
      <Grid templateColumns={`auto repeat(${xValues.length}, minmax(3.5rem, 1fr))`} gap="1" minW="max-content">
        <Box />
        {xValues.map((v) => (
          <Text key={`x-${v}`} textAlign="center" textStyle="xs" fontWeight="semibold">
            {v}
          </Text>
        ))}
        {yValues.map((yv, j) => (
          <Box key={`row-${yv}`} display="contents">
            <Text textStyle="xs" fontWeight="semibold" alignSelf="center" pe="2">
              {yv}
            </Text>
            {xValues.map((xv, i) => {
              const value = cells[j]?.[i] ?? null
              const color = value !== null && domain ? heatColor(heatPosition(value, domain, lowerIsBetter)) : null
              return (
                <Box
                  key={`${xv}-${yv}`}
                  data-testid="heat-cell"
                  title={`${x}=${xv}, ${y}=${yv}: ${formatRatio(value)}`}
                  borderRadius="sm"
                  py="2"
                  textAlign="center"
                  textStyle="xs"
                  fontVariantNumeric="tabular-nums"
                  bg={color ? undefined : 'bg.muted'}
                  style={color ? { background: color.background, color: color.text } : undefined}
                >
                  {formatRatio(value)}
                </Box>
              )
            })}
          </Box>
        ))}
      </Grid>
    </Box>
  )
}
