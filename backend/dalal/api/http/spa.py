"""Serve the built web app: hashed assets as static files, every other GET path gets index.html
(client-side routing). Without a build, explain how to make one."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

_NOT_BUILT = """<!doctype html><html><head><title>Dalal</title></head><body
style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Dalal is running</h1><p>The web app has not been built yet.
Run <code>make run</code> from the repository root (it builds the web app), or
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>
<p>GraphQL (with GraphiQL) is at <a href="/graphql">/graphql</a>.</p></body></html>"""


def spa_endpoint(dist: Path):  # type: ignore[no-untyped-def]
    root = dist.resolve()

    async def serve(request: Request) -> Response:
        index = root / "index.html"
        relative = request.path_params.get("path", "")
        if relative:
            candidate = (root / relative).resolve()
            if candidate.is_file() and candidate.is_relative_to(root):
                return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"cache-control": "no-cache"})
        return HTMLResponse(_NOT_BUILT, status_code=503)

    return serve
