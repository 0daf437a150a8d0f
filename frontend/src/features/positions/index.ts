export { PositionsPage } from './components/PositionsPage'
