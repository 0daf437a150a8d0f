"""Helpers of the signal API tests: GraphQL operations, and groups and algos made over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import gql
from tests.api.trading_support import STOCK

ALGO_FIELDS = """
id name product orderType active archivedAt
legs { lots opposite selection { kind symbol underlying optionType strikeRule strikeOffset } }
targets { mode tag accountIds }
"""
ANALYTICS_FIELDS = """
signalCount tradeCount wins winRate netPnl averageHoldingSeconds byStatus { status count }
"""
GROUP_FIELDS = f"""
id name source active requireSignature dedupeWindowSeconds defaultAction ipAllowlist
limits {{ maxSignalsPerDay expiresOn marketHoursOnly rateLimitPerMinute }}
webhookUrl secret
entryAlgos {{ id name }} exitAlgos {{ id name }}
alertPayloads {{ entry exit chartinkSetup curlEntry curlExit signatureNote }}
analytics {{ {ANALYTICS_FIELDS} }}
"""
ERROR_FIELDS = """
    ... on UserError { message code }
    ... on InvalidInput { field }
    ... on NameTaken { field }
"""
GROUP_RESULT = f"""
    __typename
    ... on SignalGroupSuccess {{ group {{ {GROUP_FIELDS} }} }}
    {ERROR_FIELDS}
"""
ALGO_RESULT = f"""
    __typename
    ... on AlgoSuccess {{ algo {{ {ALGO_FIELDS} }} }}
    {ERROR_FIELDS}
"""
CREATE_GROUP = f"""
mutation CreateGroup($input: CreateSignalGroupInput!) {{
  createSignalGroup(input: $input) {{ {GROUP_RESULT} }}
}}
"""
UPDATE_GROUP = f"""
mutation UpdateGroup($input: UpdateSignalGroupInput!) {{
  updateSignalGroup(input: $input) {{ {GROUP_RESULT} }}
}}
"""
ROTATE = f"""
mutation Rotate($id: ID!) {{ rotateWebhookSecret(id: $id) {{ {GROUP_RESULT} }} }}
"""
GROUPS = f"query {{ signalGroups {{ {GROUP_FIELDS} }} }}"
GROUP = f"query Group($id: ID!) {{ signalGroup(id: $id) {{ {GROUP_FIELDS} }} }}"
CREATE_ALGO = f"""
mutation CreateAlgo($input: CreateAlgoInput!) {{ createAlgo(input: $input) {{ {ALGO_RESULT} }} }}
"""
UPDATE_ALGO = f"""
mutation UpdateAlgo($input: UpdateAlgoInput!) {{ updateAlgo(input: $input) {{ {ALGO_RESULT} }} }}
"""
ARCHIVE_ALGO = f"""
mutation ArchiveAlgo($id: ID!) {{ archiveAlgo(id: $id) {{ {ALGO_RESULT} }} }}
"""
ALGOS = f"""
query Algos($archived: Boolean! = false) {{ algos(includeArchived: $archived) {{ {ALGO_FIELDS} }} }}
"""

ALLOCATION_FIELDS = """
id executionId accountId status lots quantity reason entryOrderId entryCharges exitOrderId
exitCharges pnl account { id label }
"""
EXECUTION_FIELDS = f"""
id signalId groupId algoId leg direction side tradingsymbol signalSymbol entryUniqueId product
baseLots quantity entryPrice openedAt status exitSignalId exitPrice closedAt
algo {{ id name }}
allocations {{ {ALLOCATION_FIELDS} }}
"""
SIGNAL_FIELDS = """
id groupId source status receivedAt rawBody sourceIp uniqueId action symbol reason processingMs
duplicateOf executions { id quantity entryPrice exitPrice status }
"""
PAGE_INFO = "pageInfo { hasNextPage endCursor }"
SIGNALS = f"""
query Signals($filter: SignalFilter, $first: Int! = 50, $after: String) {{
  signals(filter: $filter, first: $first, after: $after) {{
    edges {{ cursor node {{ {SIGNAL_FIELDS} }} }} {PAGE_INFO}
  }}
}}
"""
SIGNAL = f"query Signal($id: ID!) {{ signal(id: $id) {{ {SIGNAL_FIELDS} }} }}"
EXECUTIONS = f"""
query Executions($filter: SignalExecutionFilter, $first: Int! = 50, $after: String) {{
  signalExecutions(filter: $filter, first: $first, after: $after) {{
    edges {{ cursor node {{ {EXECUTION_FIELDS} }} }} {PAGE_INFO}
  }}
}}
"""
TRADE_FIELDS = f"""
id executionId groupId algoId tradingsymbol direction quantity entryPrice exitPrice entryAt exitAt
pnl charges netPnl pnlPct holdingSeconds exitReason
allocations {{ {ALLOCATION_FIELDS} }}
"""
TRADES = f"""
query Trades($filter: TradeFilter, $first: Int! = 50, $after: String) {{
  trades(filter: $filter, first: $first, after: $after) {{
    edges {{ cursor node {{ {TRADE_FIELDS} }} }} {PAGE_INFO}
  }}
}}
"""
ALLOCATIONS = f"""
query Allocations($id: ID!) {{ allocations(executionId: $id) {{ {ALLOCATION_FIELDS} }} }}
"""
SIGNAL_EVENTS = f"subscription {{ signalEvents {{ {SIGNAL_FIELDS} }} }}"


def fixed_leg(symbol: str | None = STOCK.tradingsymbol, lots: int = 1) -> dict[str, Any]:
    return {"selection": {"kind": "FIXED", "symbol": symbol}, "lots": lots}


async def mutate(
    client: httpx.AsyncClient, document: str, token: str, **variables: Any
) -> dict[str, Any]:
    """The single mutation's result payload (a union member)."""
    body = await gql(client, document, variables, token=token)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    (result,) = data.values()
    assert isinstance(result, dict)
    return result


async def create_algo(
    client: httpx.AsyncClient, token: str, name: str = "nifty longs", **fields: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {"name": name, "legs": [fixed_leg()], "product": "MIS"}
    values.update(fields)
    result = await mutate(client, CREATE_ALGO, token, input=values)
    assert result["__typename"] == "AlgoSuccess", result
    algo: dict[str, Any] = result["algo"]
    return algo


async def create_group(
    client: httpx.AsyncClient, token: str, name: str = "my alerts", **fields: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {"name": name, "source": "JSON"}
    values.update(fields)
    result = await mutate(client, CREATE_GROUP, token, input=values)
    assert result["__typename"] == "SignalGroupSuccess", result
    group: dict[str, Any] = result["group"]
    return group


def webhook_path(group: dict[str, Any]) -> str:
    url: str = group["webhookUrl"]
    return url[url.index("/webhooks/") :]
