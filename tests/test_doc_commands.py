"""Every code block of the README and the documentation runs as written.

Each page runs in a workspace of its own: a temporary folder with the repository's ``configs``,
``docs`` and ``tests`` folders linked in and ``.venv/bin/python`` running this interpreter,
so the blocks run exactly as a reader types them, in page order (a later block may read what an
earlier one wrote, as the reader's would).

Python blocks run through mktestdocs, all of them, after the page's shell blocks; a block that
starts worker processes (``workers=``) also runs as a script, as a reader saves and runs it.

A shell block runs when a marker line before it says so: ``<!-- runnable -->``, or
``<!-- runnable: MODULE key=value ...; MODULE ... -->`` to run it at a smaller size (each
``python -m MODULE`` command gets those settings, replacing its own). A shell block that cannot
run here says why: ``<!-- not run: REASON -->`` (make targets, a Slurm cluster). A block with
neither marker fails the test, so none is skipped silently.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import mktestdocs
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(
    r"(?:<!-- (?P<marker>[^\n]*?) -->\n)?```(?P<lang>[a-z]*)\n(?P<code>.*?)```", re.S
)


def blocks(page: Path) -> list[tuple[str, str, str, int]]:
    """(language, marker, code, line) of each fenced block of a page."""
    text = page.read_text()
    return [
        (m["lang"], m["marker"] or "", m["code"], text[: m.start("lang")].count("\n") + 1)
        for m in BLOCK.finditer(text)
    ]


def sized(code: str, spec: str) -> str:
    """The block with each ``python -m MODULE`` command given the spec's settings."""
    settings = {}
    for part in spec.split(";"):
        module, *pairs = part.split()
        settings[module] = dict(p.split("=", 1) for p in pairs)
    out = []
    for line in code.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if len(words) > 2 and words[1] == "-m" and words[2] in settings:
            extra = settings[words[2]]
            words = [w for w in words if w.split("=", 1)[0] not in extra]
            words += [f"{k}={v}" for k, v in extra.items()]
        out.append(shlex.join(words) if words else "")
    return "\n".join(out)


def workspace(tmp: Path) -> Path:
    for name in ("configs", "docs", "tests"):
        (tmp / name).symlink_to(ROOT / name)
    (tmp / ".venv" / "bin").mkdir(parents=True)
    python = tmp / ".venv" / "bin" / "python"  # a script, not a link: a link loses the venv
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    return tmp


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_of_the_page_runs_as_written(page, tmp_path, monkeypatch):
    home = workspace(tmp_path)
    monkeypatch.chdir(home)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    for lang, marker, code, line in blocks(page):
        where = f"{page.relative_to(ROOT)}:{line}"
        if lang == "bash":
            if marker.startswith("not run:"):
                assert len(marker) > len("not run: ") + 10, f"{where}: say why it is not run"
                continue
            assert marker.startswith("runnable"), f"{where}: mark the block runnable or not run"
            spec = marker.partition(":")[2].strip()
            script = sized(code, spec) if spec else code
            proc = subprocess.run(
                ["bash", "-e", "-c", script], cwd=home, env=env, capture_output=True, text=True
            )
            assert proc.returncode == 0, f"{where}:\n{script}\n{proc.stderr[-3000:]}"
    # Then the page's Python blocks, in order, sharing their names as a reader's session would
    # (after the shell blocks: the EMA example reads the sweep a shell block ran).
    mktestdocs.check_md_file(fpath=page, memory=True)
    for lang, _, code, line in blocks(page):
        if lang == "python" and "workers=" in code:
            script = home / f"block_{line}.py"
            script.write_text(code)
            proc = subprocess.run(
                [sys.executable, str(script)], cwd=home, env=env, capture_output=True, text=True
            )
            where = f"{page.relative_to(ROOT)}:{line}"
            assert proc.returncode == 0, f"{where} as a script:\n{proc.stderr[-3000:]}"


def test_the_marker_syntax_sizes_only_the_named_module():
    code = (
        ".venv/bin/python -m sim.sensitivity analysis=sobol samples=128 workers=2   # big\n"
        ".venv/bin/python -m sim.report a b\n"
    )
    out = sized(code, "sim.sensitivity samples=8 replications=1").splitlines()
    assert out[0].endswith("analysis=sobol workers=2 samples=8 replications=1")
    assert out[1] == ".venv/bin/python -m sim.report a b"


def test_the_organization_example_is_the_file_and_gives_realistic_demand():
    """The snippet on the page is docs/examples/organization.yaml (one source), and its named
    stakeholders, who replace the drawn ones, ask for about as much as the default ones."""
    import sim

    example = ROOT / "docs" / "examples" / "organization.yaml"
    page = (ROOT / "docs" / "guides" / "facilitator.md").read_text()
    assert f"```yaml\n{example.read_text()}```" in page
    named = yaml.safe_load(example.read_text())["stakeholders"]
    default = sim.make_config("ticket_coordinator").org
    demand = sum(s["request_rate"] for s in named)
    assert abs(demand - default.stakeholders * default.request_rate) / demand < 0.05
