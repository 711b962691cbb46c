"""A work-around for a PySide6 bug, for the two packages that use Qt (gui/ and pdf/).

PySide6 6.12 on Python 3.11 gives back `None` from every C++ method returning
void without taking a reference to it, so each such call drops None's reference
count by one; after some thousands of calls (a minute of typing in the window, a
PDF of a few hundred pages: a painter's save, translate and restore are three)
CPython aborts with "none_dealloc: deallocating None". Python 3.12 made None
immortal (PEP 683), which is the state `keep_none_alive` restores, once, by giving
None a reference count no process can use up. Remove this when PySide6 is fixed
or Python 3.11 dropped.
"""

import sys


def keep_none_alive() -> None:
    if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
        import ctypes

        refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
        if refcount.value < 1 << 40:
            refcount.value += 1 << 50
