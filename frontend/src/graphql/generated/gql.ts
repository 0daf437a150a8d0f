/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ServerInfo {\n  serverInfo {\n    version\n    embedded\n    demoLogin {\n      username\n      password\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    role\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on TooManyAttempts {\n      retryAfterSeconds\n    }\n  }\n}\n\nmutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on InvalidInput {\n      field\n    }\n  }\n}\n\nmutation Logout {\n  logout {\n    __typename\n    ... on LogoutSuccess {\n      ok\n    }\n  }\n}": typeof types.ServerInfoDocument,
    "query DashboardServer {\n  serverInfo {\n    version\n    embedded\n  }\n}": typeof types.DashboardServerDocument,
    "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    __typename\n    ... on CreateApiKeySuccess {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on InvalidInput {\n      message\n      code\n      field\n    }\n  }\n}\n\nmutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    __typename\n    ... on RevokeApiKeySuccess {\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on NotFound {\n      message\n      code\n    }\n  }\n}": typeof types.ApiKeyFieldsFragmentDoc,
    "fragment AuditEventFields on AuditEvent {\n  id\n  at\n  kind\n  actorUsername\n  ip\n  detail\n}\n\nquery SecurityLog($first: Int!) {\n  auditLog(first: $first) {\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription SecurityEvents {\n  auditEvents {\n    ...AuditEventFields\n  }\n}": typeof types.AuditEventFieldsFragmentDoc,
    "mutation RefreshSession {\n  refreshToken(cookie: true) {\n    __typename\n    ... on InvalidRefreshToken {\n      message\n      code\n    }\n  }\n}": typeof types.RefreshSessionDocument,
};
const documents: Documents = {
    "query ServerInfo {\n  serverInfo {\n    version\n    embedded\n    demoLogin {\n      username\n      password\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    role\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on TooManyAttempts {\n      retryAfterSeconds\n    }\n  }\n}\n\nmutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on InvalidInput {\n      field\n    }\n  }\n}\n\nmutation Logout {\n  logout {\n    __typename\n    ... on LogoutSuccess {\n      ok\n    }\n  }\n}": types.ServerInfoDocument,
    "query DashboardServer {\n  serverInfo {\n    version\n    embedded\n  }\n}": types.DashboardServerDocument,
    "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    __typename\n    ... on CreateApiKeySuccess {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on InvalidInput {\n      message\n      code\n      field\n    }\n  }\n}\n\nmutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    __typename\n    ... on RevokeApiKeySuccess {\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on NotFound {\n      message\n      code\n    }\n  }\n}": types.ApiKeyFieldsFragmentDoc,
    "fragment AuditEventFields on AuditEvent {\n  id\n  at\n  kind\n  actorUsername\n  ip\n  detail\n}\n\nquery SecurityLog($first: Int!) {\n  auditLog(first: $first) {\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription SecurityEvents {\n  auditEvents {\n    ...AuditEventFields\n  }\n}": types.AuditEventFieldsFragmentDoc,
    "mutation RefreshSession {\n  refreshToken(cookie: true) {\n    __typename\n    ... on InvalidRefreshToken {\n      message\n      code\n    }\n  }\n}": types.RefreshSessionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ServerInfo {\n  serverInfo {\n    version\n    embedded\n    demoLogin {\n      username\n      password\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    role\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on TooManyAttempts {\n      retryAfterSeconds\n    }\n  }\n}\n\nmutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on InvalidInput {\n      field\n    }\n  }\n}\n\nmutation Logout {\n  logout {\n    __typename\n    ... on LogoutSuccess {\n      ok\n    }\n  }\n}"): (typeof documents)["query ServerInfo {\n  serverInfo {\n    version\n    embedded\n    demoLogin {\n      username\n      password\n    }\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    role\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on TooManyAttempts {\n      retryAfterSeconds\n    }\n  }\n}\n\nmutation Register($input: RegisterInput!) {\n  register(input: $input) {\n    __typename\n    ... on AuthSuccess {\n      user {\n        id\n        username\n        role\n      }\n    }\n    ... on UserError {\n      message\n      code\n    }\n    ... on InvalidInput {\n      field\n    }\n  }\n}\n\nmutation Logout {\n  logout {\n    __typename\n    ... on LogoutSuccess {\n      ok\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DashboardServer {\n  serverInfo {\n    version\n    embedded\n  }\n}"): (typeof documents)["query DashboardServer {\n  serverInfo {\n    version\n    embedded\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    __typename\n    ... on CreateApiKeySuccess {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on InvalidInput {\n      message\n      code\n      field\n    }\n  }\n}\n\nmutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    __typename\n    ... on RevokeApiKeySuccess {\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on NotFound {\n      message\n      code\n    }\n  }\n}"): (typeof documents)["fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    __typename\n    ... on CreateApiKeySuccess {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on InvalidInput {\n      message\n      code\n      field\n    }\n  }\n}\n\nmutation RevokeApiKey($id: ID!) {\n  revokeApiKey(id: $id) {\n    __typename\n    ... on RevokeApiKeySuccess {\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n    ... on NotFound {\n      message\n      code\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AuditEventFields on AuditEvent {\n  id\n  at\n  kind\n  actorUsername\n  ip\n  detail\n}\n\nquery SecurityLog($first: Int!) {\n  auditLog(first: $first) {\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription SecurityEvents {\n  auditEvents {\n    ...AuditEventFields\n  }\n}"): (typeof documents)["fragment AuditEventFields on AuditEvent {\n  id\n  at\n  kind\n  actorUsername\n  ip\n  detail\n}\n\nquery SecurityLog($first: Int!) {\n  auditLog(first: $first) {\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nsubscription SecurityEvents {\n  auditEvents {\n    ...AuditEventFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefreshSession {\n  refreshToken(cookie: true) {\n    __typename\n    ... on InvalidRefreshToken {\n      message\n      code\n    }\n  }\n}"): (typeof documents)["mutation RefreshSession {\n  refreshToken(cookie: true) {\n    __typename\n    ... on InvalidRefreshToken {\n      message\n      code\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;