import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router'
import { useQuery } from 'urql'
import { ComingSoon } from '@/components/ComingSoon'
import { AccountsPage } from '@/features/accounts'
import { BacktestReportPage, ComparePage, RunsPage, StrategyBuilderPage, SweepPage, SweepResultPage, type SymbolSearchSlot } from '@/features/backtests'
import { ForwardTestsPage } from '@/features/forward-tests'
import { BlotterPage } from '@/features/blotter'
import { DashboardPage } from '@/features/dashboard'
import { LoginPage, MeDocument, RegisterPage } from '@/features/auth'
import { PositionsPage } from '@/features/positions'
import { OptionsPage } from '@/features/options'
import { RiskPage } from '@/features/risk'
import { SettingsPage } from '@/features/settings'
import { SignalsPage } from '@/features/signals'
import { TradePage } from '@/features/trade'
// The trade ticket's instrument search, reused by the backtest builder (features do not import each other).
import { SymbolSearch } from '@/features/trade/components/SymbolSearch'
import { AppLayout, useMe } from './AppLayout'
import { AREAS } from './navigation'
import { useSession } from './session'

interface LocationState {
  from?: string
  notice?: string
}

/** Signed in already? Then the sign-in screens step aside. */
function useSignedInRedirect(): boolean {
  const [{ data }] = useQuery({ query: MeDocument, requestPolicy: 'network-only' })
  return !!data?.me
}

function useAfterSignIn() {
  const navigate = useNavigate()
  const location = useLocation()
  const { resetSession } = useSession()
  const from = (location.state as LocationState | null)?.from
  return () => {
    resetSession()
    navigate(from && from !== '/login' && from !== '/register' ? from : '/', { replace: true })
  }
}

function LoginRoute() {
  const location = useLocation()
  const onSuccess = useAfterSignIn()
  if (useSignedInRedirect()) return <Navigate to="/" replace />
  return <LoginPage onSuccess={onSuccess} notice={(location.state as LocationState | null)?.notice} />
}

function RegisterRoute() {
  const onSuccess = useAfterSignIn()
  if (useSignedInRedirect()) return <Navigate to="/" replace />
  return <RegisterPage onSuccess={onSuccess} />
}

function DashboardRoute() {
  const me = useMe()
  return <DashboardPage username={me.username} />
}

function RiskRoute() {
  const me = useMe()
  return <RiskPage canTrade={me.role !== 'VIEWER'} />
}

function OptionsRoute() {
  const me = useMe()
  return <OptionsPage canTrade={me.role !== 'VIEWER'} />
}

/** The builder and the sweep pick symbols with the trade ticket's instrument search. */
const symbolSearch: SymbolSearchSlot = (onPick) => <SymbolSearch selected={null} onSelect={(instrument) => onPick(instrument.tradingsymbol)} />

function SettingsRoute() {
  const me = useMe()
  return <SettingsPage isAdmin={me.role === 'ADMIN'} />
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route path="/register" element={<RegisterRoute />} />
      <Route element={<AppLayout />}>
        <Route index element={<DashboardRoute />} />
        <Route path="/trade" element={<TradePage />} />
        <Route path="/accounts" element={<AccountsPage />} />
        <Route path="/blotter" element={<BlotterPage />} />
        <Route path="/positions" element={<PositionsPage />} />
        <Route path="/signals" element={<SignalsPage />} />
        <Route path="/risk" element={<RiskRoute />} />
        <Route path="/options" element={<OptionsRoute />} />
        <Route path="/strategies" element={<StrategyBuilderPage symbolSearch={symbolSearch} />} />
        <Route path="/backtests" element={<RunsPage />} />
        <Route path="/backtests/compare" element={<ComparePage />} />
        <Route path="/backtests/sweep" element={<SweepPage symbolSearch={symbolSearch} />} />
        <Route path="/backtests/sweeps/:id" element={<SweepResultPage />} />
        <Route path="/backtests/:id" element={<BacktestReportPage />} />
        <Route path="/forward-tests" element={<ForwardTestsPage />} />
        {AREAS.filter((area) => area.comingSoon).map((area) => (
          <Route
            key={area.to}
            path={area.to}
            element={<ComingSoon title={area.label} description={area.comingSoon} icon={area.icon} />}
          />
        ))}
        <Route path="/settings" element={<SettingsRoute />} />
        <Route
          path="*"
          element={
            <ComingSoon
              title="Page not found"
              headline="There is no page at this address"
              description="Check the address, or pick an area from the menu."
            />
          }
        />
      </Route>
    </Routes>
  )
}
