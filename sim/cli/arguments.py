"""Strict ``key=value`` arguments for the commands that are not Hydra apps.

Every command refuses an unknown key or a bad value with one ``ConfigError`` line naming the key,
the value and what is allowed, before it does any work (the commands turn it into exit status 2).
Values are read as YAML scalars, as Hydra reads them (``3`` is an int, ``true`` a bool).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.config import ConfigError


@dataclass(frozen=True)
class Option:
    """One ``key=value`` option of a command: its default, type and lower bound."""

    default: Any
    help: str
    kind: type = str
    minimum: float | None = None

    def allowed(self) -> str:
        if self.kind is Path:
            return "allowed: a folder path"
        if self.kind is bool:
            return "allowed: true or false"
        kind = {int: "an integer", float: "a number"}.get(self.kind, "text")
        return f"allowed: {kind}" + (f" >= {self.minimum}" if self.minimum is not None else "")

    def convert(self, key: str, text: str) -> Any:
        if self.kind in (str, Path):
            if not text:
                raise ConfigError(key, text, self.allowed())
            return self.kind(text)
        value = scalar(text)
        ok = isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool))
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok or (self.minimum is not None and value < self.minimum):
            raise ConfigError(key, text, self.allowed())
        return value


def scalar(text: str) -> Any:
    """A command-line value read as a YAML scalar (``0.5`` -> 0.5, ``true`` -> True)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def split(argument: str) -> tuple[str, str]:
    """``key=value`` -> (key, value); anything else is refused."""
    key, sep, value = argument.partition("=")
    if not sep or not key:
        raise ConfigError(argument, None, "expected key=value")
    return key, value


def parse_options(argv: list[str], options: dict[str, Option]) -> dict[str, Any]:
    """The options' values: defaults, replaced by ``key=value`` arguments (strictly checked)."""
    values = {key: option.default for key, option in options.items()}
    for argument in argv:
        key, text = split(argument)
        if key not in options:
            raise ConfigError(key, text, "unknown setting; allowed: " + ", ".join(options))
        values[key] = options[key].convert(key, text)
    return values


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """A declaration (nested mapping) with dotted ``key=value`` overrides of keys it has."""
    for argument in overrides:
        key, text = split(argument)
        node, parts = data, key.split(".")
        for depth, part in enumerate(parts):
            if not isinstance(node, dict) or part not in node:
                here = ".".join(parts[:depth]) or "the declaration"
                known = ", ".join(node) if isinstance(node, dict) else "none"
                raise ConfigError(key, text, f"unknown setting in {here}; allowed: {known}")
            if depth == len(parts) - 1:
                node[part] = scalar(text)
            else:
                node = node[part]
    return data


def command(run: Callable[[list[str]], int]) -> Callable[[list[str] | None], int]:
    """Wrap a command's body: argv from sys.argv, a ConfigError becomes one line and exit 2."""

    def main(argv: list[str] | None = None) -> int:
        try:
            return run(sys.argv[1:] if argv is None else list(argv))
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    main.__doc__ = run.__doc__
    return main
