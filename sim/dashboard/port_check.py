"""Before ``make app`` starts the server: is the port free, and can other devices reach it?

``python -m sim.dashboard.port_check HOST PORT`` exits 2 with one line naming a free ``PORT=``
when the port is taken (the server would otherwise stop on a bind error), and prints a note when
the host is this machine only (127.0.0.1), where a room's participants on other devices cannot
join: ``HOST=0.0.0.0`` serves it on the local network.
"""

from __future__ import annotations

import socket
import sys

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def port_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str, start: int, tries: int = 50) -> int | None:
    """The first free port after ``start``."""
    return next((p for p in range(start + 1, start + 1 + tries) if port_free(host, p)), None)


def check(host: str, port: int) -> tuple[str | None, str | None]:
    """(error, note): an error when the port is taken; a note when only this machine can join."""
    error = None
    if not port_free(host, port):
        other = free_port(host, port)
        use = f"make app PORT={other}" if other else "make app PORT=<a free port>"
        error = f"error: PORT={port} on {host} is in use (another server?); use {use}"
    note = None
    if host in LOOPBACK:
        note = (
            f"note: serving on {host}: only this machine can open the dashboard; for a room whose "
            "participants join from their phones, run make app HOST=0.0.0.0"
        )
    return error, note


def main(argv: list[str]) -> int:
    host, port = argv[0], int(argv[1])
    error, note = check(host, port)
    if note:
        print(note)
    if error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
