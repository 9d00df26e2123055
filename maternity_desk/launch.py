"""Where the program starts, however it is started: the ``maternity-desk`` command, ``python -m
maternity_desk`` and the bundle's entry all call :func:`run`.

Python's cycle collector is paused before anything is imported. Opening the window, the usual
reason to start, makes over 100,000 objects that live as long as the program and next to no
garbage, and the collector would walk them again and again as they are made (2-3 ms of the
imports alone). :func:`maternity_desk.cli.main` turns it back on for every sub-command; the
window keeps it paused until its first frame (``ui.app.resume_collector``).
"""

import gc


def run() -> int:
    gc.disable()
    from maternity_desk.cli import main

    return main(collector_paused=True)
