"""Request bodies read as strict JSON: a member given twice is a 422, never silently the last.

FastAPI reads a JSON body with ``request.json()``; routes of :class:`StrictJSONRoute` hand it a
request whose ``json()`` is :func:`backstride.strict_json.loads`. A repeated key is then reported
like any malformed body (``json_invalid``, naming the key), through the app's one handler.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from backstride import strict_json

__all__ = ["StrictJSONRoute"]


class _StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json.loads(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """An API route whose JSON body may not give a key twice."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(_StrictJSONRequest(request.scope, request.receive))

        return strict
