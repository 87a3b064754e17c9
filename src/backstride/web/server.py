"""Running the app: uvicorn on 127.0.0.1 unless told otherwise, with a warning when exposed."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """The warning to print when the server would listen beyond this machine, else None."""
    if is_loopback(host):
        return None
    return (
        f"backstride is listening on {host}:{port}, reachable from other machines. It has no "
        "login and serves your health data: use --host 127.0.0.1 unless you trust the network."
    )


def serve(host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning") -> None:
    """Start the web app over the store of ``$BACKSTRIDE_HOME`` and block until stopped."""
    import uvicorn

    from backstride.web.app import create_app

    uvicorn.run(create_app(listen_host=host), host=host, port=port, log_level=log_level)
