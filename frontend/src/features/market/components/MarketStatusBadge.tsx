import { Badge } from '@chakra-ui/react'
import { useEffect } from 'react'
import { useQuery } from 'urql'
import { MarketStatusDocument, type MarketStatusQuery } from '@/graphql/generated/graphql'
import { formatDateTime } from '@/lib/format'

const REFRESH_MS = 60_000

type Status = MarketStatusQuery['marketStatus']

/** Words and colour for the market's state; the demo market (`always`) never closes. */
export function describeMarket(status: Status): { label: string; palette: string; title: string } {
  if (status.sessions === 'always') {
    return {
      label: 'Demo market · always open',
      palette: 'purple',
      title: 'This server runs a demo market that never closes: orders fill at any hour against the synthetic feed.',
    }
  }
  switch (status.phase) {
    case 'OPEN':
      return {
        label: 'Market open',
        palette: 'green',
        title: status.nextClose ? `Closes ${formatDateTime(status.nextClose)}` : 'NSE session in progress',
      }
    case 'PRE_OPEN':
      return { label: 'Pre-open', palette: 'orange', title: 'Pre-open session: orders are collected, matching starts at 09:15 IST.' }
    default:
      return {
        label: 'Market closed',
        palette: 'gray',
        title: status.nextOpen ? `Opens ${formatDateTime(status.nextOpen)}` : 'Market closed',
      }
  }
}

/** The market's state for the header, refreshed every minute. */
export function MarketStatusBadge() {
  const [{ data }, refresh] = useQuery({ query: MarketStatusDocument, requestPolicy: 'network-only' })
  useEffect(() => {
    const timer = window.setInterval(() => refresh({ requestPolicy: 'network-only' }), REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [refresh])
  if (!data) return null
  const { label, palette, title } = describeMarket(data.marketStatus)
  return (
    <Badge colorPalette={palette} variant="subtle" size="md" title={title} data-testid="market-status" whiteSpace="nowrap">
      {label}
    </Badge>
  )
}
