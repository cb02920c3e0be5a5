"""Wall time and peak memory of one step of the benchmark.

Peak memory is the resident set size (RSS) the step adds: the kernel's high-water mark (VmHWM)
after the step minus the RSS before it. On Linux the high-water mark is reset to the current RSS
just before the step (writing 5 to /proc/self/clear_refs), so the figure is exact, covers every
allocation (Python objects, SQLite's page cache, DuckDB's buffers) and needs no sampling. Where
that file is missing (not Linux) the figure falls back to the growth of ru_maxrss, which can only
undercount.
"""

import gc
import resource
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class Measurement:
    seconds: float = 0.0
    peak_mb: float = 0.0
    process_peak_mb: float = 0.0  # the whole process's high-water mark, for the readable table


def _status_kb(field: str) -> int | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_kb() -> int:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb // 1024 if sys.platform == "darwin" else kb  # macOS reports bytes


def _reset_high_water_mark() -> bool:
    try:
        CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


@contextmanager
def measured():
    """Time the block and record the memory it adds: `with measured() as m: ...; m.seconds`."""
    m = Measurement()
    gc.collect()
    exact = _reset_high_water_mark()
    before = _status_kb("VmRSS") if exact else _maxrss_kb()
    start = time.perf_counter()
    yield m
    m.seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM") if exact else _maxrss_kb()
    m.peak_mb = max(peak - before, 0) / 1024
    m.process_peak_mb = peak / 1024
