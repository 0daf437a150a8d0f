export { MarketStatusBadge, describeMarket } from './components/MarketStatusBadge'
