"""The configuration's one error, and where its files live (the bottom of ``sim.config``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"


class ConfigError(ValueError):
    """A setting is out of range, of the wrong type, or unknown.

    The message is one line: ``key=value: what is allowed``.
    """

    def __init__(self, key: str, value: Any, allowed: str):
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"{key}={value!r}: {allowed}")
