"""The frozen program's entry point: the same start as the ``maternity-desk`` command."""

import sys

from maternity_desk.launch import run

if __name__ == "__main__":
    sys.exit(run())
