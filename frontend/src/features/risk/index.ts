export { GlobalPanicBanner } from './components/GlobalPanicBanner'
export { RiskPage } from './components/RiskPage'
