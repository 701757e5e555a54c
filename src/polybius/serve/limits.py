"""The request body size limit, as ASGI middleware in front of the routes.

A request announcing a larger ``Content-Length`` is answered 413 before its body is read; a body
sent without one (chunked) is counted as it streams, and the read that passes the limit raises
an HTTP 413 error, which the error handlers render like every other error. Either way the route
never sees the request.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polybius.serve.errors import ERRORS, error_response


class BodySizeLimit:
    """Refuse HTTP request bodies longer than ``limit`` bytes with 413 ``too_large``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = dict(scope["headers"]).get(b"content-length", b"0")
        if not announced.isdigit() or int(announced) > self.limit:
            await error_response("too_large")(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(ERRORS["too_large"][0], ERRORS["too_large"][1])
            return message

        await self.app(scope, counting_receive, send)
