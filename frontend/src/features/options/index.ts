export { OptionsPage } from './components/OptionsPage'
