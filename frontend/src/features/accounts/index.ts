export { AccountsPage } from './components/AccountsPage'
