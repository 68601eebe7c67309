"""The Rasa server as Xiaoer runs it: Rasa's own app (API, buyer channels from credentials.yml)
plus the socket.io hub, the staff web app mounted once, and the scheduled jobs.

Built like rasa.core.run.serve_application, which offers no place to mount anything else.
"""
from __future__ import annotations

import logging
from functools import partial
from typing import Optional

from sanic import Sanic

logger = logging.getLogger("xiaoer.server")
BACKLOG = 100  # as rasa run without SANIC_BACKLOG


def build_app(model: str, credentials: Optional[str], endpoints: Optional[str], api_token: str, port: int) -> Sanic:
    """The Sanic app of the Rasa server: Rasa's HTTP API behind `api_token`, the buyer channels of
    `credentials`, the hub at /socket.io, the staff pages at /console; the model loads and the
    jobs start when the server does."""
    from rasa.core import run
    from rasa.core.utils import AvailableEndpoints

    from bot import speedups

    speedups.install()  # before the model loads: the domain is read once

    from bot.channels.hub import Hub
    from bot.staff.app import mount_staff

    available = AvailableEndpoints.read_endpoints(endpoints)
    channels = run.create_http_input_channels(None, credentials)
    app = run.configure_app(channels, cors=None, auth_token=api_token, enable_api=True, port=port,
                            endpoints=available)
    hub = Hub.of(app)
    mount_staff(app, hub)
    app.register_listener(partial(run.load_agent_on_start, model, available, None), "before_server_start")
    app.register_listener(run.close_resources, "after_server_stop")
    app.register_listener(partial(_start_jobs, hub), "after_server_start")
    app.ctx.xiaoer_workers = _workers(available)
    return app


async def _start_jobs(hub, app: Sanic, _loop) -> None:  # noqa: ANN001 - sanic listener
    from bot.jobs import delivery

    delivery.start(app, hub)


def _workers(available) -> int:  # noqa: ANN001 - rasa's AvailableEndpoints
    from rasa.core.utils import number_of_sanic_workers

    return number_of_sanic_workers(available.lock_store if available else None)


def serve(model: str, credentials: Optional[str], endpoints: Optional[str], api_token: str, port: int) -> None:
    """Configure Rasa's logging as `rasa run` does, build the app and run it until stopped."""
    from rasa.core.constants import DEFAULT_SERVER_INTERFACE
    from rasa.utils.common import configure_logging_and_warnings, update_sanic_log_level
    from rasa.utils.io import configure_colored_logging
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(None, None, warn_only_once=True, filter_repeated_logs=True)
    configure_colored_logging(None)
    configure_structlog(None)
    app = build_app(model, credentials, endpoints, api_token, port)
    update_sanic_log_level()
    logger.info("Starting Rasa server on http://%s:%s", DEFAULT_SERVER_INTERFACE, port)
    app.run(host=DEFAULT_SERVER_INTERFACE, port=port, backlog=BACKLOG,
            workers=app.ctx.xiaoer_workers)
