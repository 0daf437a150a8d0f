import { useQuery, useSubscription } from 'urql'
import {
  DashboardPortfolioDocument,
  DashboardPortfolioUpdatesDocument,
  type DashboardPortfolioUpdatesSubscription,
  type DashboardTotalsFragment,
} from '@/graphql/generated/graphql'
import { addSample, type PnlSample } from '../lib/samples'

interface Live {
  latest: DashboardTotalsFragment
  samples: PnlSample[]
}

function fold(previous: Live | undefined, event: DashboardPortfolioUpdatesSubscription): Live {
  const latest = event.portfolioUpdates
  return { latest, samples: addSample(previous?.samples ?? [], Date.now(), latest.netPnl) }
}

/** The consolidated portfolio: loaded once, then live from `portfolioUpdates`, with P&L samples. */
export function usePortfolio() {
  const [loaded] = useQuery({ query: DashboardPortfolioDocument, requestPolicy: 'cache-and-network' })
  const [live] = useSubscription({ query: DashboardPortfolioUpdatesDocument }, fold)
  return {
    portfolio: live.data?.latest ?? loaded.data?.portfolio ?? null,
    samples: live.data?.samples ?? [],
    loading: loaded.fetching && !loaded.data,
    error: loaded.error,
    connected: !live.error,
    liveProblem: live.error?.message,
  }
}
