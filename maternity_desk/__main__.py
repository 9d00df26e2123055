import sys

from maternity_desk.launch import run

sys.exit(run())
