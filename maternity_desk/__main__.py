import sys

from maternity_desk.cli import main

sys.exit(main())
