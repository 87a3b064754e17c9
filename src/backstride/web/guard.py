"""What keeps other web sites out of a dashboard that has no login.

The dashboard listens on this machine and holds health data, so two browser attacks matter:

- **Cross-site requests.** A page on any site can make the runner's browser send a form or a
  multipart upload to ``http://127.0.0.1:8000`` without asking first. Every request that can
  change something (POST, PUT, PATCH, DELETE) is refused when the browser says it comes from
  another site: an ``Origin`` whose host and port differ from the request's ``Host``, or
  ``Sec-Fetch-Site: cross-site``. Scripts and the command line send neither header and pass.
- **DNS rebinding.** A site can point its own name at 127.0.0.1 and then read the pages as
  "same origin". Such requests carry the site's name in ``Host``, so only the names that reach
  this server are answered: the loopback names, and the host the server was told to listen on
  (any name when it listens on every interface, where the name cannot be known).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from backstride.web.server import LOOPBACK_NAMES

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ANY_INTERFACE = frozenset({"0.0.0.0", "::", ""})  # noqa: S104  # names, not a bind

Handler = Callable[[Request], Awaitable[Response]]


def allowed_hosts(listen_host: str) -> frozenset[str] | None:
    """The ``Host`` names to answer when listening on ``listen_host``; None: any."""
    if listen_host in ANY_INTERFACE:
        return None
    return LOOPBACK_NAMES | {listen_host.strip("[]").lower()}


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header (no port, no IPv6 brackets), lower-cased."""
    name = urlsplit(f"//{host_header}").hostname
    return (name or "").lower()


def refusal(request: Request, hosts: Collection[str] | None) -> str | None:
    """Why ``request`` is refused, or None when it may go on."""
    host = request.headers.get("host", "")
    if hosts is not None and host_name(host) not in hosts:
        return f"this dashboard does not answer for the name {host_name(host)!r}"
    if request.method in SAFE_METHODS:
        return None
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return "a request from another web site cannot change your data"
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
        return "a request from another web site cannot change your data"
    return None


def guard(hosts: Collection[str] | None) -> Callable[[Request, Handler], Awaitable[Response]]:
    """An HTTP middleware that answers 403 with the reason to refused requests."""

    async def middleware(request: Request, call_next: Handler) -> Response:
        reason = refusal(request, hosts)
        if reason is not None:
            return PlainTextResponse(f"Forbidden: {reason}.", status_code=403)
        return await call_next(request)

    return middleware
