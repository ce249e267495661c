"""Layer files for tests: the shipped national baseline plus synthetic regions in a tmp dir."""

from __future__ import annotations

from pathlib import Path

from verification.policies.layered.loading import LayerSet, default_layers_dir

NATIONAL = (default_layers_dir() / "cn.toml").read_text(encoding="utf-8")


def province(prefix: str = "99", *, layer_id: str = "zz", body: str = "") -> str:
    return f"""
[layer]
id = "{layer_id}"
level = "province"
name = "测试省"
region_prefix = "{prefix}"
extends = "cn"

[documents.zz-doc]
title = "测试省低保文件"
issued = 2022-01-01
{body}
"""


def city(
    prefix: str = "9901", *, layer_id: str = "zz-city", extends: str = "zz", body: str = ""
) -> str:
    return f"""
[layer]
id = "{layer_id}"
level = "city"
name = "测试市"
region_prefix = "{prefix}"
extends = "{extends}"
{body}
"""


def layer_set(directory: Path, **files: str) -> LayerSet:
    """A ``LayerSet`` of the national baseline and ``files`` (name → text), written to
    ``directory``."""
    (directory / "cn.toml").write_text(NATIONAL, encoding="utf-8")
    for name, text in files.items():
        (directory / f"{name}.toml").write_text(text, encoding="utf-8")
    return LayerSet.from_dir(directory)
