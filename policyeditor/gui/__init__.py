"""The window: PySide6 only here.

PySide6 6.12 on Python 3.11 gives back `None` from every C++ method returning
void without taking a reference to it, so each such call drops None's reference
count by one; after some hundred thousand calls (a minute of typing) CPython
aborts with "none_dealloc: deallocating None". Python 3.12 made None immortal
(PEP 683), which is the state we restore here, once, by giving None a reference
count no session can use up. Remove this when PySide6 is fixed or Python 3.11 dropped.
"""

import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    import ctypes

    _refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    if _refcount.value < 1 << 40:
        _refcount.value += 1 << 50
