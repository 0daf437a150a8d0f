export { TradePage } from './components/TradePage'
