import {
  LuActivity,
  LuBrainCircuit,
  LuArrowLeftRight,
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
  { to: '/trade', label: 'Trade', icon: <LuArrowLeftRight /> },
  { to: '/accounts', label: 'Accounts', icon: <LuWallet /> },
  { to: '/blotter', label: 'Blotter', icon: <LuListOrdered /> },
  { to: '/positions', label: 'Positions', icon: <LuBriefcase /> },
  { to: '/strategies', label: 'Strategies', icon: <LuBrainCircuit /> },
  { to: '/signals', label: 'Signals', icon: <LuRadio /> },
  { to: '/backtests', label: 'Backtests', icon: <LuHistory /> },
  { to: '/forward-tests', label: 'Forward tests', icon: <LuActivity /> },
  { to: '/options', label: 'Options', icon: <LuLayers /> },
  { to: '/risk', label: 'Risk', icon: <LuShieldAlert /> },
  { to: '/settings', label: 'Settings', icon: <LuSettings /> },
]
