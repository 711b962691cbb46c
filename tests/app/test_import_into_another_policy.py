"""A document exported from one policy is not brought back into another: the draft there stays.

The fault (a probe): `import red_bob.docx --into other.policy`, a redline of the Spotify policy
brought into the TikTok one, replaced TikTok's draft with Spotify's text, credited Spotify's
revisions and comments inside it, and said only "imported … 230 tracked changes by 4 people".
Our DOCX exports now name their policy (dc:identifier), and the import refuses another's.
"""

from __future__ import annotations

from policyeditor.cli import main
from tests.conftest import CORPUS

PAIRS = CORPUS / "pairs"


def _policy(tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.policy"
    assert main(["import", str(PAIRS / name / "v1.md"), "-o", str(path)]) == 0
    assert main(["version", str(path), "--label", "1.0", "--author", "Ada"]) == 0
    assert main(["import", str(PAIRS / name / "v2.md"), "--into", str(path), "--author", "Ada"]) == 0
    return str(path)


def test_a_redline_of_one_policy_is_refused_by_another_and_taken_by_its_own(tmp_path, capsys):
    spotify, tiktok = _policy(tmp_path, "spotify-privacy-policy"), _policy(tmp_path, "tiktok-privacy-policy")
    sent = tmp_path / "spotify-redline.docx"
    assert main(["export", spotify, "-o", str(sent), "--redline-against", f"{spotify}@1.0"]) == 0
    kept = (tmp_path / "tiktok-privacy-policy.policy").read_bytes()
    capsys.readouterr()
    assert main(["import", str(sent), "--into", tiktok]) == 2
    err = capsys.readouterr().err
    assert err == (f"policyeditor: {sent.name} was exported from another policy, not from "
                   "tiktok-privacy-policy.policy: import it on its own (policyeditor import SOURCE -o "
                   "NEW.policy)\n")
    assert (tmp_path / "tiktok-privacy-policy.policy").read_bytes() == kept
    assert main(["import", str(sent), "--into", spotify]) == 0
    assert "tracked changes by 1 person, no new comments" in capsys.readouterr().out


def test_a_clean_export_names_its_policy_too_and_a_foreign_document_still_comes_in(tmp_path, capsys):
    spotify, tiktok = _policy(tmp_path, "spotify-privacy-policy"), _policy(tmp_path, "tiktok-privacy-policy")
    clean = tmp_path / "spotify.docx"
    assert main(["export", spotify, "-o", str(clean)]) == 0
    assert main(["import", str(clean), "--into", tiktok]) == 2
    capsys.readouterr()
    # a document no export of ours made names no policy: it may become any policy's draft
    assert main(["import", str(PAIRS / "spotify-privacy-policy" / "v2.md"), "--into", tiktok]) == 0


def test_an_html_export_names_its_policy_and_is_refused_by_another(tmp_path, capsys):
    """Our HTML exports name their policy as the DOCX ones do (a dcterms.identifier meta)."""
    from html.parser import HTMLParser

    spotify, tiktok = _policy(tmp_path, "spotify-privacy-policy"), _policy(tmp_path, "tiktok-privacy-policy")
    page = tmp_path / "spotify.html"
    assert main(["export", spotify, "-o", str(page)]) == 0
    metas: dict[str, str] = {}

    class Metas(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "meta" and dict(attrs).get("name"):
                metas[dict(attrs)["name"]] = dict(attrs).get("content") or ""

    Metas().feed(page.read_text(encoding="utf-8"))
    assert metas["dcterms.identifier"].startswith("policyeditor-policy:")
    _refused_by_the_other_taken_by_its_own(page, spotify, tiktok, capsys)


def test_a_pdf_export_names_its_policy_and_is_refused_by_another(tmp_path, capsys):
    """A PDF export, the draft's too, names its policy in its XMP packet (pe:policy)."""
    from policyeditor.formats.exporters.pdf_identity import stated_policy
    from policyeditor.formats.importers.pdf_read import read_pdf
    from policyeditor.store.policyfile import PolicyFile

    spotify, tiktok = _policy(tmp_path, "spotify-privacy-policy"), _policy(tmp_path, "tiktok-privacy-policy")
    page = tmp_path / "spotify.pdf"
    assert main(["export", spotify, "-o", str(page)]) == 0
    with PolicyFile.open(spotify) as pf:
        assert stated_policy(read_pdf(page).metadata) == pf.policy_id() != ""
    _refused_by_the_other_taken_by_its_own(page, spotify, tiktok, capsys)


def _refused_by_the_other_taken_by_its_own(export, own: str, other: str, capsys) -> None:
    kept = open(other, "rb").read()
    capsys.readouterr()
    assert main(["import", str(export), "--into", other]) == 2
    assert f"{export.name} was exported from another policy" in capsys.readouterr().err
    assert open(other, "rb").read() == kept
    assert main(["import", str(export), "--into", own]) == 0
