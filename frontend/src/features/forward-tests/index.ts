export { ForwardTestsPage } from './components/ForwardTestsPage'
