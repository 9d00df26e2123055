"""Write the export list of the stand-in ``ucrtbase.dll`` (see ``ucrt_shim.c``).

    python installer/wine/ucrt_def.py WINE_UCRTBASE_DLL OUT.def

Every function Wine's own ucrtbase exports is forwarded to it (copied into the prefix as
``ucrtwine.dll``), except the C99 complex accessors Wine 8 lacks, which ``ucrt_shim.c``
implements. Test harness only: never part of the program.
"""

from __future__ import annotations

import sys

OWN = {"crealf": "my_crealf", "cimagf": "my_cimagf", "creal": "my_creal", "cimag": "my_cimag",
       "creall": "my_creal", "cimagl": "my_cimag"}


def main(source: str, out: str) -> None:
    import pefile

    pe = pefile.PE(source)
    names = [e.name.decode() for e in pe.DIRECTORY_ENTRY_EXPORT.symbols if e.name]
    lines = ["LIBRARY ucrtbase.dll", "EXPORTS"]
    lines += [f"  {n}=ucrtwine.{n}" for n in names if n not in OWN]
    lines += [f"  {n}={impl}" for n, impl in OWN.items()]
    with open(out, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
