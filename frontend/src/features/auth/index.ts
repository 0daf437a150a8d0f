export { LoginPage, loginFailureText } from './components/LoginPage'
export { RegisterPage } from './components/RegisterPage'
export { LogoutDocument, MeDocument, type MeQuery } from '@/graphql/generated/graphql'
