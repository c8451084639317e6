"""The documentation site builds offline with no warning (``make docs``), with a page per guide."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_site_builds_strictly_with_every_guide_and_no_web_resource(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WARNING" not in proc.stderr
    pages = [
        "index.html",
        "guides/facilitator.html",
        "guides/researcher.html",
        "guides/instructor.html",
        "reading-results.html",
        "glossary.html",
        "model.html",
        "ODD.html",
        "validation.html",
        "calibration.html",
        "reference/parameters.html",
        "outputs.html",
    ]
    for page in pages:
        assert (tmp_path / page).is_file(), page
    index = (tmp_path / "index.html").read_text()
    assert "fonts.googleapis.com" not in index  # the site opens offline
    assert "guides/facilitator.html" in index


def test_every_page_of_the_documentation_is_in_the_site_navigation():
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())

    def listed(nav):
        for entry in nav:
            for value in entry.values():
                yield from listed(value) if isinstance(value, list) else [value]

    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages == set(listed(config["nav"]))
