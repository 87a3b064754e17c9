"""The web face: a local dashboard and its JSON API (``backstride serve``).

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart, plotly, matplotlib).
"""

from backstride.web.app import create_app
from backstride.web.server import exposure_warning, is_loopback, serve

__all__ = ["create_app", "exposure_warning", "is_loopback", "serve"]
