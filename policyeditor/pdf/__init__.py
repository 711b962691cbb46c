"""PDF drawn with Qt's painter (QtGui only, no widgets): a policy version, and a redline.

Each writer makes a QGuiApplication when none exists (offscreen without a display),
so the command line and the jobs in app/ can write PDF without the window.
"""
