"""How participants find a room: the join address and its QR code (segno, drawn on the server:
no network needed), and a warning when the address works on this machine only."""

from __future__ import annotations

import io
import os
import socket

import segno


def join_address(code: str) -> str:
    """Where participants join: ``$GAME_ADDRESS`` if set, else this machine on ``$PORT``."""
    base = os.environ.get("GAME_ADDRESS")
    if not base:
        host = os.environ.get("HOST", "127.0.0.1")
        if host in ("0.0.0.0", ""):
            host = local_address()
        base = f"http://{host}:{os.environ.get('PORT', '8765')}"
    return f"{base.rstrip('/')}/play?room={code}"


def local_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def this_machine_only(address: str) -> str | None:
    """A warning when the join address is this machine's loopback: phones cannot reach it."""
    from urllib.parse import urlparse

    if urlparse(address).hostname in ("127.0.0.1", "localhost", "::1"):
        return (
            "This address works on this computer only: participants on their phones cannot "
            "reach it. Restart with make app HOST=0.0.0.0 to serve the room on the local network."
        )
    return None


def qr_svg(address: str) -> str:
    """The join address as a QR code, an inline SVG (segno, no network)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", scale=4, xmldecl=False)
    return buffer.getvalue().decode()
