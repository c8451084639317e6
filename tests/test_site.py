"""The documentation site builds offline with no warning (``make docs``), with a page per guide."""

import os
import subprocess
import sys
import time
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
    # Each guide shows its key pictures: the room's screenshots from the browser tests, and the
    # figures the build itself just drew (experiments/docs_figures.py, never stale).
    pictures = {
        "guides/facilitator.html": ["room_phone_turn.png", "room_projector_30.png"],
        "guides/instructor.html": ["generated/lesson_1.png"],
        "guides/researcher.html": ["generated/sweep_authority.png"],
    }
    for page, names in pictures.items():
        text = (tmp_path / page).read_text()
        for name in names:
            assert name in text, (page, name)
    for name in ("lesson_1.png", "sweep_authority.png"):
        assert (tmp_path / "assets" / "generated" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        drawn = ROOT / "docs" / "assets" / "generated" / name
        assert time.time() - drawn.stat().st_mtime < 600, "drawn by this build"
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


def test_search_works_when_the_site_is_opened_from_disk(tmp_path):
    """As the README says to: open outputs/site/index.html in a browser (file://), search."""
    from tests.browser import ARGS, CHROMIUM, require_browser

    require_browser()
    from playwright.sync_api import expect, sync_playwright

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=env,
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto((tmp_path / "index.html").as_uri())
        page.keyboard.press("/")  # Material's shortcut: focus the search field
        page.locator("input.md-search__input").press_sequentially("zombie", delay=50)
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        browser.close()
