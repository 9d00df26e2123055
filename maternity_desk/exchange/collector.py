"""Python's cycle collector paused for the length of one bulk job (an import, a workbook).

Such a job makes hundreds of thousands of objects (rows, keys, cells) and no reference
cycles worth collecting while it runs; the collector would walk the growing heap again and
again (measured: about a tenth of an import of 100,000 rows, and of the monthly return's
write). Objects are still freed as they always are, by reference counting; anything cyclic
is collected as soon as the collector is turned back on. Process-wide, so a nested or
concurrent job leaves it as it found it: it is turned back on only by the job that turned
it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
