"""The window: PySide6 only here and in pdf/."""

from policyeditor.pyside_none import keep_none_alive

keep_none_alive()  # before any Qt call (pyside_none says why)
