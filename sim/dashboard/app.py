"""The Solara app ``make app`` serves at ``/``: the workshop dashboard (the room's pages at
``/play`` are drawn in the browser: ``sim.dashboard.room_api``).

A dashboard session's state ends ``SOLARA_KERNEL_CULL_TIMEOUT`` after its last page closed
(default here 40 s, not Solara's 24 h), so an idle server is idle.
"""

import os

import solara
import solara.server.settings

from sim.dashboard import page

solara.server.settings.kernel.cull_timeout = os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT", "40s")

routes = [
    solara.Route(path="/", component=page.Page, label="Dashboard"),
]
