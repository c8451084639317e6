"""The web app ``make app`` serves: the workshop dashboard at ``/``, the game at ``/play``."""

import solara

from sim.dashboard import page, play

routes = [
    solara.Route(path="/", component=page.Page, label="Dashboard"),
    solara.Route(path="play", component=play.Page, label="Play the product owner"),
]
