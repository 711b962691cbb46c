"""The signed workflow from the command line (issue 14): identities, roster, version, submit, approve.

Qt-free; `cli.py` parses and calls these, each returning the lines to print.
A refused step raises a PolicyError subclass whose message is one sentence.
The passphrase of a key file is asked on the terminal, or read from
POLICYEDITOR_PASSPHRASE when there is none.
"""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from policyeditor.core.errors import PolicyError, PolicyFileError
from policyeditor.core.model import Version
from policyeditor.refs import POLICY_SUFFIX, split_ref, stored_label
from policyeditor.review import identity as ids
from policyeditor.review.identity import IdentityError

PASSPHRASE_ENV = "POLICYEDITOR_PASSPHRASE"


def passphrase(prompt: str, *, confirm: bool = False) -> str | None:
    """The passphrase: from the terminal when there is one, else from POLICYEDITOR_PASSPHRASE."""
    if os.environ.get(PASSPHRASE_ENV) is not None or not sys.stdin.isatty():
        value = os.environ.get(PASSPHRASE_ENV)
        if value is None:
            raise IdentityError(f"no terminal to ask for the passphrase: set {PASSPHRASE_ENV}")
        return value
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != value:
        raise IdentityError("the two passphrases differ")
    return value


def unlock(key: str | None) -> ids.Identity | None:
    """The identity in key file `key` (None: none given)."""
    if key is None:
        return None
    path = Path(key)
    secret = passphrase(f"passphrase for {path.name}: ") if ids.needs_passphrase(path) else None
    return ids.load_identity(path, secret)


def identity_new(name: str, out: str) -> list[str]:
    path = Path(out)
    secret = None if ids.keyring_available() else passphrase("new passphrase: ", confirm=True)
    made = ids.new_identity(name, path, secret)
    where = "the keyring" if not secret else f"{path}, encrypted with your passphrase"
    return [f"identity {made.public.display()}", f"  private key: {where}",
            f"  public key: {ids.pub_path(path)}", f"  fingerprint: {made.public.fingerprint}"]


def identity_show(key: str) -> list[str]:
    public = ids.public_of(Path(key))
    return [f"{public.name}", f"  fingerprint: {ids.grouped(public.fingerprint, 16)}"]


def _policy(ref: str) -> tuple[Path, str | None]:
    path, label = split_ref(ref)
    if path.suffix.lower() != POLICY_SUFFIX:
        raise PolicyError(f"{ref}: name a {POLICY_SUFFIX} file")
    if not path.exists():
        raise PolicyFileError(f"{path}: no such file")
    return path, label


def _labelled(ref: str) -> tuple[Path, str]:
    path, label = _policy(ref)
    if not label:
        raise PolicyError(f"{ref}: name the version as FILE.policy@LABEL")
    return path, label


def roster_add(file: str, pub: str, role: str, owner_key: str) -> list[str]:
    from policyeditor.review import roster
    from policyeditor.store.policyfile import PolicyFile

    path, _ = _policy(file)
    member = ids.read_pub(Path(pub))
    owner = unlock(owner_key)
    assert owner is not None
    with PolicyFile.open(path) as pf:
        roster.change(pf, owner, "add", role=role, member=member)
    return [f"{member.display()} is now {role} of {path.name} (owner {owner.public.display()})"]


def roster_remove(file: str, who: str, role: str | None, owner_key: str) -> list[str]:
    """Take `who` (a KEY.pub, or a name or fingerprint the roster has) off the roster, or only `role`."""
    from policyeditor.review import roster
    from policyeditor.store.policyfile import PolicyFile

    path, _ = _policy(file)
    owner = unlock(owner_key)
    assert owner is not None
    with PolicyFile.open(path) as pf:
        named_by_key = Path(who).is_file() or who.lower().endswith(".pub")
        member = ids.read_pub(Path(who)) if named_by_key else roster.member(roster.current(pf), who)
        taken = roster.remove(pf, owner, member, role)
    return [f"{member.display()} is no longer {' or '.join(roster.with_article(r) for r in taken)} of "
            f"{path.name} (owner {owner.public.display()})"]


def save_version(file: str, label: str, note: str, key: str | None, author: str = "") -> list[str]:
    from policyeditor.review.workflow import Workflow
    from policyeditor.store.policyfile import PolicyFile

    path, _ = _policy(file)
    who = unlock(key)
    with PolicyFile.open(path) as pf:
        flow = Workflow(pf)
        previous = pf.latest()
        version = flow.save_version(pf.load_draft(), label, author=author, note=note,
                                    parent=previous.label if previous else None, identity=who)
    signed = f", signed by {who.public.display()}" if who else ""
    return [f"saved version {version.label} of {path.name} (sha256 {version.content_hash}){signed}"]


def submit(ref: str, key: str | None, actor: str = "") -> list[str]:
    from policyeditor.review.workflow import Workflow
    from policyeditor.store.policyfile import PolicyFile

    path, label = _labelled(ref)
    who = unlock(key)
    with PolicyFile.open(path) as pf:
        label = stored_label(pf, label)
        Workflow(pf).submit_for_review(label, actor, identity=who)
    return [f"version {label} of {path.name} is in review"]


def approve(ref: str, key: str | None, actor: str = "") -> list[str]:
    from policyeditor.review.workflow import Workflow
    from policyeditor.store.policyfile import PolicyFile

    path, label = _labelled(ref)
    who = unlock(key)
    with PolicyFile.open(path) as pf:
        label = stored_label(pf, label)
        flow = Workflow(pf)
        approval = flow.approve(label, actor, identity=who)
        status = flow.status(label)
    by = who.public.display() if who else approval.reviewer
    return [f"version {label} of {path.name} approved by {by} (sha256 {approval.content_hash}); "
            f"now {status.title.lower()}"]


def comment(ref: str, section: str, quote: str, text: str, key: str | None, author: str = "") -> list[str]:
    from policyeditor.core.body import plain_text
    from policyeditor.review.anchors import make_anchor
    from policyeditor.review.comments import Comments
    from policyeditor.store.policyfile import PolicyFile

    path, label = _policy(ref)
    words = quote.strip()
    if not words:
        raise PolicyError("--quote needs the words to comment on")
    who = unlock(key)
    with PolicyFile.open(path) as pf:
        label = stored_label(pf, label) if label else None
        policy = pf.version(label).policy if label else pf.load_draft()
        found, number = numbered_section(policy, section, path.name)
        body = plain_text(found.body)  # anchors are over the text a reader sees, not its markup
        start = body.find(words)
        if start < 0:
            raise PolicyError(f"section {number} does not contain the words {words!r}")
        anchor = make_anchor(found.id, body, start, start + len(words))
        made = Comments(pf).comment(who.name if who else author, anchor, text, version=label)
    return [f"comment by {made.author} on section {number} of {path.name}{'@' + label if label else ''}"]


def numbered_section(policy, wanted: str, name: str):  # type: ignore[no-untyped-def]
    """The section of `policy` numbered `wanted` ("2.1." or "2.1": the trailing "." is optional) or
    with that id, and its number as printed; PolicyError naming the numbers there are."""
    from policyeditor.core.numbering import numbers

    number = numbers(policy)
    wanted = wanted.strip()
    walked = [s for s, _ in policy.walk()]
    for same in (lambda n: n == wanted, lambda n: n.rstrip(".") == wanted.rstrip(".")):
        found = next((s for s in walked if s.id == wanted or (number[s.id] and same(number[s.id]))), None)
        if found is not None:
            return found, number[found.id] or wanted
    listed = [number[s.id] for s in walked if number[s.id]]
    if not listed:
        raise PolicyError(f"{name} has no section {wanted}: none is numbered (`info --json` gives their ids)")
    shown = ", ".join(listed[:10]) + (f" and {len(listed) - 10} more" if len(listed) > 10 else "")
    raise PolicyError(f"{name} has no section {wanted}; its sections are {shown}")


def verify(file: str, trust: list[str]) -> tuple[bool, list[str]]:
    from policyeditor.review.verify import verify_report

    path, label = _policy(file)
    if label:
        raise PolicyError(f"{file}: --verify checks a whole .policy file; name the file without @LABEL")
    trusted = [ids.read_pub(Path(p)) for p in trust] if trust else None
    ok, lines = verify_report(path, trusted)
    if ok and trusted:
        lines.append("trusted keys: " + ", ".join(t.display() for t in trusted))
    return ok, lines


@contextmanager
def version_pdfs() -> Iterator[Callable[[Version], Path]]:
    """Make a version's PDF now, as `export` makes it, to hold a PDF's pages to (review.pdf_text): once
    a version however many signatures name it; the files go when the block ends."""
    from policyeditor.app.export import ExportRequest, export
    from policyeditor.formats.exporters.info import ExportInfo

    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="policyeditor-") as folder:
        def render(version: Version) -> Path:
            if version.label not in made:
                out = Path(folder) / f"{len(made)}.pdf"
                info = ExportInfo.from_version(version)
                made[version.label] = export(ExportRequest("", version.policy, info, out, version.label))
            return made[version.label]

        yield render


def sign_pdf(source: str, out: str, key: str, policy: str | None = None) -> list[str]:
    """Sign any PDF; one that states a policy version (a PDF export of a version) only by one of its
    approvers, shown by its policy file, as `export --sign` signs (a signature by anyone else would
    claim an approval that was not given), and only when its pages show that version's words."""
    from policyeditor.review.pdf_signature import approved_by, shows_version, stated
    from policyeditor.review.pdf_signature import sign_pdf as sign
    from policyeditor.store.policyfile import PolicyFile

    name = Path(source).name
    version = stated(Path(source))
    if version is None and policy is not None:
        raise PolicyError(f"{name} states no policy version (it is no PDF export of a version), so "
                          f"{Path(policy).name} cannot show an approval of it; sign it without --policy")
    if version is not None and policy is None:
        raise PolicyError(f"{name} is version {version.label} of a policy: only one of its approvers signs "
                          "it; name its policy file (--policy FILE.policy), or export FILE.policy@LABEL "
                          "--sign KEY")
    who = unlock(key)
    assert who is not None
    reason = ""
    if version is not None and policy is not None:
        if not Path(policy).exists():
            raise PolicyFileError(f"{policy}: no such file")
        with PolicyFile.open(Path(policy), readonly=True) as pf, version_pdfs() as render:
            label, why = approved_by(pf, version, who.public.key_b64)
            if label is None:
                raise PolicyError(f"{who.public.display()} may not sign {name} (version {version.label}): "
                                  f"{why}")
            why = shows_version(Path(source), pf, label, render)
        if why:
            raise PolicyError(f"{why}; it was changed after it was exported, so it is not signed as "
                              f"an approval. Export the version again: policyeditor export "
                              f"{Path(policy).name}@{label} --sign KEY -o {Path(out).name}")
        reason = f"approved version {label}"
    sign(Path(source), Path(out), who, reason=reason)
    if version is None:
        return [f"signed {name} as {who.public.display()} → {out} (it states no policy version: a "
                "signature, not an approval)"]
    return [f"signed {name}, version {version.label}, as its approver {who.public.display()} → {out}"]


def verify_pdf(path: str, trust: list[str], policy: str | None = None) -> tuple[bool, list[str]]:
    from policyeditor.review.pdf_signature import verify_pdf as check
    from policyeditor.store.policyfile import PolicyFile

    trusted = [ids.read_pub(Path(p)) for p in trust]
    if policy is None:
        result = check(Path(path), trusted)
    else:
        if not Path(policy).exists():
            raise PolicyFileError(f"{policy}: no such file")
        with PolicyFile.open(Path(policy), readonly=True) as pf, version_pdfs() as render:
            result = check(Path(path), trusted, pf, render)
    return result.ok, result.lines


def export_signed_pdf(ref: str, out: str, key: str) -> list[str]:
    """Export an approved or published version to PDF, signed (PAdES) by one of its approvers.

    The signer must have a valid signed approval of exactly this text: a PDF signed
    by anyone else would claim an approval that was not given. The unsigned PDF is
    made beside `out` and never left there; `out` appears whole or not at all.
    """
    from policyeditor.app.export import ExportRequest, export
    from policyeditor.app.files import temporary_beside, write_into_place
    from policyeditor.app.jobs import quiet
    from policyeditor.formats.exporters.info import ExportInfo
    from policyeditor.formats.exporters.pdf_identity import StatedVersion
    from policyeditor.review.pdf_signature import approved_by
    from policyeditor.review.pdf_signature import sign_pdf as sign
    from policyeditor.store.policyfile import PolicyFile

    path, label = split_ref(ref)
    target = Path(out)
    if target.suffix.lower() != ".pdf":
        raise PolicyError(f"{target.name}: --sign makes a signed PDF; name a .pdf output")
    if path.suffix.lower() != POLICY_SUFFIX or label is None:
        raise PolicyError("--sign needs a version of a policy file: FILE.policy@LABEL")
    if not path.exists():
        raise PolicyFileError(f"{path}: no such file")
    who = unlock(key)
    assert who is not None
    with PolicyFile.open(path, readonly=True) as pf:
        label = stored_label(pf, label)
        version = pf.version(label)
        if not version.status.locked:
            raise PolicyError(f"version {label} of {path.name} is {version.status.title.lower()}: only an "
                              "approved or published version is exported signed")
        stated = StatedVersion(label, version.status.value, version.policy.content_hash())
        approved, why = approved_by(pf, stated, who.public.key_b64)  # the gate sign-pdf holds too
        if approved is None:
            raise PolicyError(f"{who.public.display()} has no signed approval of version {label}, so may "
                              f"not sign its PDF ({why})")
    info = ExportInfo.from_version(version)
    plain = temporary_beside(target)
    try:
        export(ExportRequest("", version.policy, info, plain, f"{path.name}@{label}"))
        reason = f"approved version {label}"
        write_into_place(target, lambda tmp: sign(plain, tmp, who, reason=reason), quiet())
    finally:
        plain.unlink(missing_ok=True)
    return [f"exported {path.name}@{label} → {target}, signed by {who.public.display()} "
            f"(sha256 {version.content_hash})"]
