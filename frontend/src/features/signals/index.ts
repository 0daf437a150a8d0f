export { SignalsPage } from './components/SignalsPage'
