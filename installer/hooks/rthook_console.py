"""PyInstaller runtime hook: where a frozen Maternity Desk writes its output on Windows.

Runs before the program's own code. The windowed ``MaternityDesk.exe`` has no console, so
Python starts with ``sys.stdout``/``sys.stderr`` set to None:

* ``MATERNITY_DESK_DEBUG_CONSOLE=1`` opens a console window for it: Python output, log
  records (INFO and above) and a crash trace appear there, and the window waits for Enter
  before closing so support staff can read it.
* Started from a command prompt with arguments (``MaternityDesk.exe --version``), it writes
  into that prompt's console. ``maternity-desk-cli.exe`` beside it is the tidy way to run
  sub-commands: the prompt waits for it to finish.
* Otherwise output goes nowhere instead of raising on ``None``.

Nothing happens on Linux or macOS, nor in the console executable.
"""


def _maternity_desk_console() -> None:
    import os
    import sys

    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32
    debug = os.environ.get("MATERNITY_DESK_DEBUG_CONSOLE", "").strip() not in ("", "0")
    attached = False
    if debug:
        attached = bool(kernel32.AllocConsole())
    elif len(sys.argv) > 1:
        attached = bool(kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
    if attached:
        try:
            out = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        except OSError:
            attached = False
    if not attached:
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = out
    if sys.stderr is None:
        sys.stderr = out
    if attached and debug:
        import atexit
        import faulthandler
        import logging

        kernel32.SetConsoleTitleW("Maternity Desk debug console")
        faulthandler.enable(out)
        handler = logging.StreamHandler(out)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
        try:
            sys.stdin = open("CONIN$", encoding="utf-8")  # noqa: SIM115
        except OSError:
            return

        def _wait() -> None:
            try:
                input("\nMaternity Desk has finished. Press Enter to close this window.")
            except (EOFError, OSError, RuntimeError):
                pass

        atexit.register(_wait)


_maternity_desk_console()
del _maternity_desk_console
