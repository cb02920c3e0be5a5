"""Parameters set by law or published yearly, each file citing its source.

A corporation keeps its own values beside these, without changing the package: a file of the same
name in the folder HUURPAD_PARAMS_DIR names. Each table in it (a year such as [2027], or a table
such as [energy]) takes the place of the package's table of that name, or adds it, and must say
where its values come from (`source`). So the energy estimate by label can hold the corporation's
own figures, and next year's published values can be added before a new release."""

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

# Read here, not in huurpad/settings.py (an exception named in huurpad/tests/test_environment.py):
# the core is pure Python and cannot ask Django's settings, and its tables are loaded where they
# are first needed, in any process that uses the core (the pure tests too). Handing the folder in
# from the settings would be state set at start-up that every load() depends on unseen.
OWN_DIR = "HUURPAD_PARAMS_DIR"


class ParamsError(Exception):
    """An own parameter file that cannot be used: names the file and the table."""


@cache
def load(name: str) -> dict:
    values = tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text("utf-8"))
    own = os.environ.get(OWN_DIR)
    if own and (path := Path(own) / f"{name}.toml").is_file():
        try:
            tables = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ParamsError(f"{path}: cannot be read: {exc}") from None
        _merge(values, tables, path, "")
    return values


def _merge(values: dict, tables: dict, path: Path, within: str) -> None:
    """Each table with a source (`source`, `sources` or `*_source`) replaces the package's table of
    its name, or is added; a table of tables, such as [housing_share.2026], is merged one level down."""
    for key, table in tables.items():
        name = f"{within}{key}"
        if not isinstance(table, dict):
            raise ParamsError(f"{path}: {name}: only whole tables ([{name}]) can be given, each with its source")
        sources = [k for k in table if k in ("source", "sources") or k.endswith("_source")]
        if sources:
            if not all(table[k] for k in sources):
                raise ParamsError(f"{path}: [{name}]: source is empty; say where these values come from")
            values[key] = {**table, "own": True}  # the corporation's, not the package's: pages say so
        elif table and all(isinstance(sub, dict) for sub in table.values()):
            _merge(values.setdefault(key, {}), table, path, f"{name}.")
        else:
            raise ParamsError(f"{path}: [{name}]: source is missing; say where these values come from")
