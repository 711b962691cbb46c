"""PDF drawn with Qt's painter (QtGui only, no widgets): a policy version, and a redline.

Each writer makes a QGuiApplication when none exists (offscreen without a display),
so the command line and the jobs in app/ can write PDF without the window.
"""

from policyeditor.pyside_none import keep_none_alive

keep_none_alive()  # before any Qt call: a long PDF makes thousands of painter calls (pyside_none says why)
