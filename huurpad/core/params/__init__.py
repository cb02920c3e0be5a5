"""Parameters set by law or published yearly, each file citing its source."""

import tomllib
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text("utf-8"))
