"""A comment or an approval changes no words: its reviewer is never credited with the drafter's changes.

The fault (a probe, on the spotify pair): Ada brought v2 into the draft with `import --into --author`,
192 changes credited to her. Rita then commented once, and 24 of them (the date, quotes, deleted
commas: changes whose words the import's record could not match) moved to Rita, because the draft's
changes fell back to the file's last named actor. The redline DOCX sent to Word then named Rita as
the author of 74 of Ada's revisions, and bringing it back kept her name on them.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter

from policyeditor.cli import main
from tests.conftest import CORPUS

ADA, RITA = "Ada Drafter", "Rita Reviewer"
PAIR = CORPUS / "pairs" / "spotify-privacy-policy"


def _credits(path, capsys) -> Counter:
    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    return Counter(change["author"] for change in json.loads(capsys.readouterr().out)["draft_changes"])


def test_a_comment_and_a_word_round_trip_leave_the_drafter_credited(tmp_path, capsys):
    policy = tmp_path / "spotify.policy"
    assert main(["import", str(PAIR / "v1.md"), "-o", str(policy)]) == 0
    assert main(["version", str(policy), "--label", "1.0", "--author", ADA]) == 0
    assert main(["submit", f"{policy}@1.0", "--actor", ADA]) == 0
    assert main(["approve", f"{policy}@1.0", "--actor", RITA]) == 0
    assert main(["import", str(PAIR / "v2.md"), "--into", str(policy), "--author", ADA]) == 0
    drafted = _credits(policy, capsys)
    assert set(drafted) == {ADA} and drafted[ADA] > 100

    assert main(["comment", str(policy), "--section", "1", "--quote", "Spotify", "--text", "Check this.",
                 "--author", RITA]) == 0
    assert _credits(policy, capsys) == drafted

    redline = tmp_path / "red.docx"
    assert main(["export", str(policy), "-o", str(redline), "--redline-against", f"{policy}@1.0"]) == 0
    with zipfile.ZipFile(redline) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert f'w:author="{ADA}"' in document and f'w:author="{RITA}"' not in document

    returned = tmp_path / "returned.policy"
    shutil.copy(policy, returned)
    assert main(["import", str(redline), "--into", str(returned)]) == 0
    assert _credits(returned, capsys) == drafted
