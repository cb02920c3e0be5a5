"""What every import of a file shares (tenancies, ledger lines, case history): the problems it
found, each naming the file, the line and the field; the refusal that books nothing; the summary.

An import reads on after a problem to report several at once, but books nothing when there is one.
"""

from dataclasses import dataclass, field
from pathlib import Path

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = problems
        self.more = more
        lines = [str(p) for p in problems]
        if more:
            lines.append(f"... and {more} more problems")
        lines.append("Nothing was imported.")
        super().__init__("\n".join(lines))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, noun: str) -> str:
        return f"{self.created} {noun} new, {self.updated} updated, {self.unchanged} already there."


class Problems:
    """Collects problems; the import goes on reading to report several at once, but books nothing."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.items: list[Problem] = []
        self.more = 0

    def add(self, line: int, field_name: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.path, line, field_name, message))
        else:
            self.more += 1

    def __bool__(self):
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items, self.more)
