"""The web server ``make app`` runs: the workshop dashboard (Solara) at ``/`` and the room's
pages at ``/play``, drawn in the browser, in one process.

``python -m sim.dashboard.server [--host HOST] [--port PORT]``. The room's routes
(``sim.dashboard.room_api``) come first; everything else goes to Solara's Starlette app, mounted
whole with its own middleware, and its lifespan is the server's.
"""

from __future__ import annotations

import argparse
import logging
import os
import warnings
from pathlib import Path

# Solara reads its app from the environment when it is mounted rather than run.
os.environ.setdefault("SOLARA_APP", str(Path(__file__).with_name("app.py")))

import solara.server.settings  # noqa: E402
import solara.server.starlette as solara_server  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Mount  # noqa: E402

from sim.dashboard import room_api  # noqa: E402

solara.server.settings.main.mode = "production"
# Served over plain http on a local network, Solara falls back to a samesite=lax session cookie
# (what a page not embedded in another site needs) and says so in 12 lines on every page load.
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")

app = Starlette(
    routes=[*room_api.routes(), Mount("/", app=solara_server.app)],
    lifespan=solara_server.lifespan,
)


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m sim.dashboard.server", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8765")))
    args = parser.parse_args(argv)
    # The join address and the warnings read these (sim.dashboard.join).
    os.environ["HOST"], os.environ["PORT"] = args.host, str(args.port)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    print(f"Serving the dashboard at http://{args.host}:{args.port}/ and the room at /play")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
