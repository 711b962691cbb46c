"""A Policy Editor to be killed: one window has a .policy open, another an imported document with a
sentence typed into it.

    python crash_child.py FILE.policy DOCUMENT SENTENCE

Types SENTENCE at the end of the document's second section (as a person types,
key by key), waits until the recovery copy of the draft is written, prints
"ready" and runs until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from policyeditor.gui.editing.section_editor import SectionEditor  # noqa: E402
from policyeditor.gui.window.app import application, settings  # noqa: E402
from policyeditor.gui.window.main_window import MainWindow  # noqa: E402

policy, document, sentence = sys.argv[1:4]
app = application()
with_file = MainWindow(settings())
with_file.show()
with_file.open_path(policy)
imported = MainWindow(settings())
imported.show()
imported.open_path(document)
typed = False


def step() -> None:
    global typed
    if with_file.busy() or imported.busy() or imported.session is None:
        QTimer.singleShot(50, step)
        return
    if not typed:
        editor = imported.compare_view.findChildren(SectionEditor, "draftEditor")[1]
        editor.setFocus()
        cursor = editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        editor.setTextCursor(cursor)
        QTest.keyClicks(editor, sentence)
        typed = True
    if imported.life.recovery.pending or not imported.life.recovery.keeper.entry_path.exists():
        QTimer.singleShot(50, step)
        return
    print("ready", flush=True)


QTimer.singleShot(0, step)
app.exec()
