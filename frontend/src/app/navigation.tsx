import {
  LuBrainCircuit,
  LuBriefcase,
  LuHistory,
  LuLayers,
  LuLayoutDashboard,
  LuListOrdered,
  LuRadio,
  LuSettings,
  LuShieldAlert,
  LuWallet,
} from 'react-icons/lu'
import type { NavItem } from '@/components/AppShell'

export interface Area extends NavItem {
  /** Areas not built yet show the shared "coming release" page. */
  comingSoon?: string
}

export const AREAS: Area[] = [
  { to: '/', label: 'Dashboard', icon: <LuLayoutDashboard /> },
  { to: '/accounts', label: 'Accounts', icon: <LuWallet />, comingSoon: 'Paper-trading accounts with their capital, multipliers and group tags.' },
  { to: '/blotter', label: 'Blotter', icon: <LuListOrdered />, comingSoon: 'Every order and fill, with status, charges and who triggered it.' },
  { to: '/positions', label: 'Positions', icon: <LuBriefcase />, comingSoon: 'Net positions per account with average price, realized P&L and MTM.' },
  { to: '/strategies', label: 'Strategies', icon: <LuBrainCircuit />, comingSoon: 'Code and configured strategies, deployed to accounts with risk limits.' },
  { to: '/signals', label: 'Signals', icon: <LuRadio />, comingSoon: 'Webhook receivers for TradingView and Chartink, and every signal they took in.' },
  { to: '/backtests', label: 'Backtests', icon: <LuHistory />, comingSoon: 'Run a strategy on history and compare returns, drawdown and costs.' },
  { to: '/options', label: 'Options', icon: <LuLayers />, comingSoon: 'Option chains, greeks and multi-leg positions.' },
  { to: '/risk', label: 'Risk', icon: <LuShieldAlert />, comingSoon: 'Stop-loss, targets, daily loss limits and the kill switch.' },
  { to: '/settings', label: 'Settings', icon: <LuSettings /> },
]
