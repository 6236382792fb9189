"""The web UI and JSON API.

`flask --app web run` finds `create_app` here; `kb serve` and gunicorn
(`web:create_app()`) call it too. Nothing is opened at import time."""
from web.app import create_app

__all__ = ["create_app"]
