"""Launch links: Binder badges for the collection and for each notebook.

    python -m helpers.publish.links           # rewrite the Binder section of README.md
    python -m helpers.publish.links --check   # exit 1 if it is stale (tests/test_binder.py checks too)

The repository's public address is not known yet: ``REPOSITORY`` below is a clearly named
placeholder, used in one place only. When the collection is published, set it (and
``BRANCH``) and run ``python -m helpers.publish.links``; every badge in the README follows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

from .. import catalogue

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

#: PLACEHOLDER: the GitHub "owner/name" of the published repository (not known yet).
REPOSITORY = "YOUR-GITHUB-OWNER/joined-up-care"
BRANCH = "main"
BADGE = "https://mybinder.org/badge_logo.svg"
START_MARK = "<!-- BINDER:START"
END_MARK = "<!-- BINDER:END -->"
OLD_MARK = "<!-- BINDER: badges and links are added here -->"


def binder_url(path: str | None = None, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """mybinder.org address that builds the repository and opens JupyterLab at ``path``."""
    url = f"https://mybinder.org/v2/gh/{repository}/{branch}"
    return f"{url}?urlpath={quote('lab/tree/' + path, safe='/')}" if path else f"{url}?urlpath=lab"


def readme_block() -> str:
    start = catalogue.NOTEBOOKS[0]
    rows = ["| # | Notebook | Open on Binder |", "|---|---|---|"]
    for i, nb in enumerate(catalogue.NOTEBOOKS):
        path = f"notebooks/{nb.file}"
        rows.append(f"| {i:02d} | {nb.title} | [![Open {nb.file} on Binder]({BADGE})]({binder_url(path)}) |")
    return "\n".join([
        f"{START_MARK} (python -m helpers.publish.links writes this section; tests check every link) -->",
        "## Open it in your browser (Binder)",
        "",
        f"[![Open the collection on Binder]({BADGE})]({binder_url('notebooks/' + start.file)}) "
        "the whole collection in JupyterLab, starting at notebook 00, with nothing to install.",
        "",
        *rows,
        "",
        "Binder builds the environment from `environment.yml` (the same pinned versions as",
        "`requirements.lock`) and runs `postBuild`, which installs the `helpers` package; the first",
        "start can take several minutes, later ones are quicker. A Binder session has about 2 GB of",
        "memory, stops after a while without use and keeps nothing: download anything you write",
        "(such as a learning-log entry) before closing the tab.",
        "",
        f"*Note for maintainers:* the links use a placeholder repository, `{REPOSITORY}`, set once",
        "in `helpers/publish/links.py` (`REPOSITORY`). When the collection is published, set the real",
        "owner and name there and run `python -m helpers.publish.links` to rewrite this section.",
        END_MARK,
    ])


def render(text: str) -> str:
    block = readme_block()
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        return head + block + tail
    if OLD_MARK in text:
        return text.replace(OLD_MARK, block)
    raise ValueError("README.md has no Binder section markers")


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print("README.md's Binder section is stale: run `python -m helpers.publish.links`")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    print("wrote the Binder section of README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
