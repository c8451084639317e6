"""The Python 3.14 shim for Hydra's parser (sim.cli.compat), tested on the running Python by
reproducing 3.14's help check."""

import argparse

import pytest

from sim.cli.compat import help_check_skipped, install_hydra_parser_shim


def _check_like_314(self, action):
    """What Python 3.14's argparse does to every added argument's help: read it as a string."""
    if action.help and "%" in action.help:
        pass


def _python_314_argparse(monkeypatch):
    """Make this Python's argparse check help strings as 3.14's does: ``add_argument`` calls
    ``self._check_help(action)`` (a method 3.14 added)."""
    add = argparse._ActionsContainer.add_argument

    def add_argument(self, *args, **kwargs):
        action = add(self, *args, **kwargs)
        check = getattr(self, "_check_help", None)
        if check is not None:
            check(action)
        return action

    monkeypatch.setattr(argparse._ActionsContainer, "add_argument", add_argument)
    monkeypatch.setattr(argparse.ArgumentParser, "_check_help", _check_like_314, raising=False)


def test_hydras_parser_fails_under_314s_check_and_builds_with_the_shim(monkeypatch):
    import hydra._internal.utils as utils

    _python_314_argparse(monkeypatch)
    original = getattr(utils.get_args_parser, "__wrapped__", utils.get_args_parser)
    with pytest.raises(TypeError, match="LazyCompletionHelp"):
        original()
    install_hydra_parser_shim()
    parser = utils.get_args_parser()
    assert any("--shell-completion" in a.option_strings for a in parser._actions)
    # The check is back for everyone else once Hydra's parser is built.
    with pytest.raises(TypeError):
        argparse.ArgumentParser().add_argument("--x", help=object())


def test_the_check_is_skipped_only_inside_the_block(monkeypatch):
    monkeypatch.setattr(argparse.ArgumentParser, "_check_help", _check_like_314, raising=False)
    with help_check_skipped():
        skipped = argparse.ArgumentParser.__dict__["_check_help"]
        skipped(argparse.ArgumentParser(), argparse.Namespace(help=object()))  # no TypeError
    assert argparse.ArgumentParser.__dict__["_check_help"] is _check_like_314
