"""The frozen program's entry point: the same ``main`` as the ``maternity-desk`` command."""

import sys

from maternity_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
