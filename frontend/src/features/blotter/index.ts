export { BlotterPage } from './components/BlotterPage'
