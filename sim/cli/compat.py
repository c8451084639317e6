"""Compatibility shims for the libraries the command line runs on; each says when to drop it.

Hydra 1.3 (every released version, 1.3.8 included) crashes at start-up under Python 3.14: its
``--shell-completion`` help is a lazy object, and 3.14's argparse checks every help string when
an argument is added (``ArgumentParser._check_help``), which a non-string help fails
(``TypeError: argument of type 'LazyCompletionHelp' is not a container or iterable``; Hydra
issue 3121, fixed only on the unreleased 1.4 branch). As Hydra's own fix does, the check is
skipped while Hydra builds its parser, and only then. Drop this when a released Hydra has it.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def help_check_skipped() -> Iterator[None]:
    """Skip argparse's help check (Python 3.14 and later) inside the block; elsewhere nothing."""
    check = argparse.ArgumentParser.__dict__.get("_check_help")
    if check is None:
        yield
        return
    argparse.ArgumentParser._check_help = lambda self, action: None
    try:
        yield
    finally:
        argparse.ArgumentParser._check_help = check


def install_hydra_parser_shim() -> None:
    """Build Hydra's argument parser with the help check skipped (idempotent)."""
    import hydra._internal.utils as utils
    import hydra.main as main

    original = utils.get_args_parser
    if getattr(original, "shimmed", False):
        return

    @functools.wraps(original)
    def get_args_parser() -> argparse.ArgumentParser:
        with help_check_skipped():
            return original()

    get_args_parser.shimmed = True  # type: ignore[attr-defined]
    utils.get_args_parser = get_args_parser
    main.get_args_parser = get_args_parser
