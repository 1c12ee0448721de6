"""The registry's docs: every command, format, treaty, dataset and data file is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eurasec import datasets, reference
from eurasec.cli import registry as registry_cli

DOCS = Path(__file__).parents[2] / "docs"
CONCEPT = (DOCS / "concepts" / "registry.md").read_text(encoding="utf-8")
QUICKSTART = (DOCS / "quickstart.md").read_text(encoding="utf-8")
SOURCES = (DOCS / "data-sources.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", sorted(c.name or c.callback.__name__ for c in registry_cli.app.registered_commands)
)
def test_every_command_is_in_the_quickstart(command: str) -> None:
    assert f"eurasec registry {command}" in QUICKSTART


def test_every_format_and_treaty_id_is_named_in_the_concept_page() -> None:
    for item in [*reference.formats(), *reference.treaties()]:
        assert re.search(rf"\b{item.id}\b", CONCEPT), item.id


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_is_in_data_sources(name: str) -> None:
    meta = datasets.info(name)
    row = next(line for line in SOURCES.splitlines() if line.startswith(f"| `{name}` |"))
    assert meta["source"] in row and meta["licence"] in row


@pytest.mark.parametrize("name", sorted(reference.DATA_FILES))
def test_every_reference_file_is_in_data_sources(name: str) -> None:
    assert f"`{name}`" in SOURCES


def test_python_example_of_the_concept_page_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", CONCEPT, flags=re.S)
    assert blocks
    namespace: dict[str, object] = {}
    exec(blocks[0], namespace)  # the docs' own example, on the shipped data
    reg = namespace["reg"]
    assert [m.actor for m in reg.members("CHARTER")] == ["KAZ"]  # type: ignore[attr-defined]
