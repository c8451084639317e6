"""``make app`` on a busy port names a free PORT=; on 127.0.0.1 it says who cannot join."""

import socket

from sim.dashboard.port_check import check, main


def test_a_busy_port_is_refused_with_a_free_one_named(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["127.0.0.1", str(port)]) == 2
        error = capsys.readouterr().err
        assert f"PORT={port} on 127.0.0.1 is in use" in error and "make app PORT=" in error
        suggested = int(error.rsplit("PORT=", 1)[1].split()[0])
        assert suggested != port


def test_loopback_says_phones_cannot_join_and_how_to_serve_them():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error, note = check("127.0.0.1", port)
    assert error is None and "HOST=0.0.0.0" in note
    assert check("0.0.0.0", port)[1] is None


def test_a_room_on_loopback_warns_that_phones_cannot_join(monkeypatch):
    from sim.dashboard.join import join_address, this_machine_only

    monkeypatch.delenv("GAME_ADDRESS", raising=False)
    monkeypatch.setenv("HOST", "127.0.0.1")
    assert "HOST=0.0.0.0" in this_machine_only(join_address("ABCD"))
    monkeypatch.setenv("GAME_ADDRESS", "http://192.168.1.20:8765")
    assert this_machine_only(join_address("ABCD")) is None
