"""The command line: open the window, or import, inspect, compare and export without one.

    policyeditor [FILE.policy]                         open the application
    policyeditor import SRC -o OUT.policy              SRC: .txt .md .docx .html .pdf
    policyeditor import SRC --into FILE.policy         the draft becomes SRC's text, changes tracked
    policyeditor info REF [--json]                     sections, versions, statuses, comments
    policyeditor compare OLD NEW [-o OUT] [--blackline]   redline; OUT: .html .docx .pdf .json .txt
    policyeditor export REF -o OUT [--redline-against REF [--blackline]]
    policyeditor recover DAMAGED.policy -o NEW.policy  what can be read, into a new file
    policyeditor merge FILE.policy COPY.policy         a reviewer's copy's comments and approvals, merged in
    policyeditor library init|sync|pull|list ...       the team library on PostgreSQL

A user's mistake ends with one line on stderr and exit status 2; no traceback. A reader that
closes stdout early (`| head -1`) ends the command quietly, with exit status 141 (128 + SIGPIPE).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from types import SimpleNamespace

from policyeditor import __version__
from policyeditor.core.errors import PolicyError, PolicyFileError
from policyeditor.core.numbering import numbers
from policyeditor.refs import POLICY_SUFFIX, Loaded, load_ref, split_ref

TYPE_CHECKING = False  # not typing's: importing typing costs the command line's start-up time
if TYPE_CHECKING:
    import argparse
    import datetime

COMMANDS = ("import", "info", "compare", "export", "recover", "merge",
            "identity", "roster", "version", "submit", "approve", "comment",  # these and below: trust
            "sign-pdf", "verify-pdf", "library")
EXIT_USER_ERROR = 2
EXIT_STDOUT_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a program a closed pipe ended


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser, reporting a usage mistake in one line (made on first use: the plain
    `compare OLD NEW -o OUT` does not import argparse, which costs start-up time)."""
    global _PARSER
    if _PARSER is None:
        import argparse

        class _Formatter(argparse.HelpFormatter):
            """argparse's help layout, sized to the terminal without importing shutil (as argparse's
            does): a parser makes a formatter for each argument it is given, and shutil costs start-up
            time."""

            def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                         width: int | None = None) -> None:
                super().__init__(prog, indent_increment, max_help_position,
                                 _terminal_columns() - 2 if width is None else width)

        class _Parser(argparse.ArgumentParser):
            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                kwargs.setdefault("formatter_class", _Formatter)
                super().__init__(*args, **kwargs)

            def error(self, message: str) -> None:  # type: ignore[override]
                # the program's name starts every error line already: "policyeditor: import: …"
                command = self.prog.removeprefix("policyeditor").strip()
                raise PolicyError(f"{command}: {message}" if command else message)

        _PARSER = _Parser
    return _PARSER


_PARSER: type[argparse.ArgumentParser] | None = None


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _plain_compare(argv: list[str]) -> SimpleNamespace | None:
    """`compare OLD NEW -o OUT` (or --output), nothing else, as argparse would read it; else None.

    The command line's commonest use, read without argparse: importing it and building the
    parser cost more start-up time than a small compare. Anything else (an option, a name
    that starts with "-") goes to argparse, which reads it or names the mistake."""
    if len(argv) != 5 or argv[0] != "compare" or argv[3] not in ("-o", "--output"):
        return None
    old, new, output = argv[1], argv[2], argv[4]
    if any(value.startswith("-") for value in (old, new, output)):
        return None
    return SimpleNamespace(command="compare", old=old, new=new, output=output, blackline=False,
                           ignore_case=False, ignore_whitespace=False, normalize_quotes=False,
                           char=False, run=cmd_compare)


def _command_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The commands' parser; `only` builds just that command's (the others cost start-up time)."""
    parser = _parser_class()(prog="policyeditor", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_parser_class())
    if only is None or only == "import":
        _import_parser(sub)
    if only is None or only == "info":
        _info_parser(sub)
    if only is None or only == "compare":
        _compare_parser(sub)
    if only is None or only == "export":
        _export_parser(sub)
    if only is None or only == "recover":
        p = sub.add_parser("recover", help="read what can be read of a damaged .policy file into a new one")
        p.add_argument("damaged", help="the damaged .policy file (only read)")
        p.add_argument("-o", "--output", required=True, help="the new .policy file to create")
        p.set_defaults(run=cmd_recover)
    if only is None or only == "merge":
        p = sub.add_parser("merge", help="merge a reviewer's copy of a .policy file back into it (Merge "
                                         "review from… in the window)")
        p.add_argument("file", metavar="FILE.policy", help="the policy file to merge into")
        p.add_argument("copy", metavar="COPY.policy", help="the reviewer's copy (only read)")
        p.add_argument("--author", default="", help="who merges (recorded in the audit log)")
        p.set_defaults(run=cmd_merge)
    _trust_parsers(sub, only)
    if only is None or only == "library":
        _library_parser(sub)
    return parser


def _import_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a .txt, .md, .docx, .html or .pdf file into a new .policy file")
    p.add_argument("source", help="the document to import")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", help="the .policy file to create")
    where.add_argument("--into", metavar="FILE.policy",
                       help="make this policy's draft the document's text (its changes tracked)")
    p.add_argument("--author", default="", help="who imports it (recorded in the audit log)")
    p.set_defaults(run=cmd_import)


def _info_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="sections, versions, statuses and comments of a policy")
    p.add_argument("ref", help="FILE.policy, FILE.policy@LABEL, FILE.policy@approved or a document")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--verify", action="store_true",
                   help="check the audit chain and every approved version's hash (exit 1 if tampered)")
    p.add_argument("--trust", nargs="+", default=[], metavar="KEY.pub",
                   help="with --verify: the keys you trust; every approval must be signed by one")
    p.set_defaults(run=cmd_info)


def _compare_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="the redline between two policy texts")
    p.add_argument("old", help="REF of the older text")
    p.add_argument("new", help="REF of the newer text")
    p.add_argument("-o", "--output",
                   help="OUT.html, OUT.docx, OUT.pdf, OUT.json or OUT.txt (default: print the redline)")
    p.add_argument("--blackline", action="store_true",
                   help="DOCX: a static blackline (coloured text, summary page) instead of tracked changes")
    p.add_argument("--ignore-case", action="store_true", help="show case-only changes as editorial")
    p.add_argument("--ignore-whitespace", action="store_true", help="show spacing-only changes as editorial")
    p.add_argument("--normalize-quotes", action="store_true",
                   help="treat straight and typographic quotes and dashes as equal")
    p.add_argument("--char", action="store_true", help="character granularity instead of words")
    p.set_defaults(run=cmd_compare)


def _export_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a policy text to .docx, .html or .pdf")
    p.add_argument("ref", help="FILE.policy, FILE.policy@LABEL, FILE.policy@approved or a document")
    p.add_argument("-o", "--output", required=True, help="OUT.docx, OUT.html or OUT.pdf")
    p.add_argument("--redline-against", metavar="REF", help="export the redline from REF to this text")
    p.add_argument("--blackline", action="store_true",
                   help="with --redline-against to .docx: a static blackline instead of tracked changes")
    p.add_argument("--no-toc", action="store_true", help="no table of contents (DOCX)")
    p.add_argument("--sign", metavar="KEY",
                   help="sign the PDF of an approved version with KEY, an approver's identity (PAdES)")
    p.set_defaults(run=cmd_export)


def _app_parser() -> argparse.ArgumentParser:
    parser = _parser_class()(prog="policyeditor", description="Open the policyeditor window.",
                             epilog="Commands: " + ", ".join(COMMANDS) + " (policyeditor COMMAND --help)")
    parser.add_argument("file", nargs="?", help="a .policy file, or a document to import")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="draw the main window to a PNG file and exit")
    return parser


def cmd_merge(args: argparse.Namespace) -> int:
    """What came in, a line each, and what did not with why and what brings it in."""
    from policyeditor.app.merging import merge_copy
    from policyeditor.store.policyfile import PolicyFile

    with PolicyFile.open(Path(args.file)) as pf:
        report = merge_copy(pf, Path(args.copy), args.author)
    print(report.summary())
    for line in report.lines + report.skipped:  # as the window's report lists them
        print(f"  {line}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from policyeditor.app.importing import import_to_policy

    source = Path(args.source)
    if args.into:
        return cmd_import_into(source, Path(args.into), args.author)
    done = import_to_policy(source, Path(args.output), author=args.author)
    policy = done.policy
    print(f"imported {source.name}: {policy.section_count()} sections, "
          f"{policy.word_count()} words → {done.path}")
    for line in done.brought:
        print(f"  {line}")
    for line in done.report:
        print(f"  note: {line}")
    return 0


def cmd_import_into(source: Path, target: Path, author: str) -> int:
    from policyeditor.app.importing import import_into

    done = import_into(source, target, author=author)
    against = f"version {done.base}" if done.base else "no version yet"
    print(f"imported {source.name} into {target.name}: {done.summary} (tracked against {against})")
    for line in done.report:
        print(f"  note: {line}")
    return 0


def _info_data(ref: str, loaded: Loaded) -> dict:
    policy = loaded.policy
    number = numbers(policy)
    data: dict = {
        "ref": ref,
        "title": policy.title,
        "metadata": policy.metadata,
        "label": loaded.label,
        "status": loaded.status.value,
        "content_hash": policy.content_hash(),
        "words": policy.word_count(),
        "dates": dict(policy.dates),  # "Last Updated" and the like, shown in the title block
        "page_text": dict(policy.page_text),  # a Word document's header and footer lines, kept
        "sections": [
            {"id": s.id, "number": number[s.id], "depth": depth, "heading": s.heading}
            for s, depth in policy.walk()
        ],
    }
    path, _ = split_ref(ref)
    if path.suffix.lower() == POLICY_SUFFIX:
        from policyeditor.app.library import pending_conflicts
        from policyeditor.store.policyfile import PolicyFile

        with PolicyFile.open(path, readonly=True) as pf:
            file_info = pf.info()
            listed = pf.versions()
            shaky: dict[str, str] = {}
            if any(v.status.locked for v in listed):
                from policyeditor.review.verify import unverified  # only for a file with approved versions

                shaky = unverified(pf, listed)
            data["comments"] = _comments_data(pf)
            data["library_conflicts"] = [p.to_data() for p in pending_conflicts(pf)]
            if loaded.version is None:
                data.update(_draft_changes_data(pf, loaded.policy))
        # a status edited outside the workflow is not shown as the version's standing (refs.load_ref)
        data["versions"] = [{**v, "status_problem": shaky.get(v["label"])} for v in file_info["versions"]]
        data["open_comments"] = file_info.get("open_comments", 0)
        data["draft_updated"] = file_info.get("draft_updated")
    else:
        data["import_report"] = loaded.report
    return data


def _comments_data(pf) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every comment thread: its words, who wrote it and when, its state and replies."""
    from policyeditor.review.comments import Comments

    out = []
    for thread in Comments(pf).threads():
        root = thread.root
        out.append({"id": root.id, "version": root.version, "section_id": thread.anchor.section_id,
                    "quote": thread.anchor.quote, "outdated": thread.outdated, "author": root.author,
                    "initials": root.initials, "date": root.created, "state": thread.state.value,
                    "text": root.shown_body,
                    "replies": [{"author": r.author, "initials": r.initials, "date": r.created,
                                 "text": r.shown_body} for r in thread.replies]})
    return out


def _draft_changes_data(pf, draft) -> dict:  # type: ignore[no-untyped-def]
    """The draft's changes against the version it is compared with, each with who made it and when."""
    from policyeditor.diff.redline import compare
    from policyeditor.review.credits import credits_between
    from policyeditor.review.word_import import sent_version

    base = sent_version(pf)
    if base is None:
        return {"draft_base": None, "draft_changes": []}
    redline = compare(pf.version(base.label).policy, draft)
    credits = credits_between(pf, redline, base.label, None, draft=draft)
    changes = []
    for c in redline.changes:
        credit = credits.get(c.id)
        last = credit.last if credit else None
        changes.append({"id": c.id, "kind": c.kind, "part": c.part, "section_id": c.new_id or c.old_id,
                        "old_text": c.old_text, "new_text": c.new_text, "editorial": c.editorial,
                        "author": last.author if last else None, "date": last.date if last else None,
                        "credits": [{"author": x.author, "date": x.date, "version": x.label}
                                    for x in (credit.credits if credit else ())]})
    return {"draft_base": base.label, "draft_changes": changes}


def cmd_recover(args: argparse.Namespace) -> int:
    from policyeditor.app.recovering import recover_copy

    report = recover_copy(Path(args.damaged), Path(args.output))
    for line in report.lines():
        print(line)
    return 0


def cmd_verify(ref: str) -> int:
    from policyeditor.review.verify import verify_report

    path, label = split_ref(ref)
    if path.suffix.lower() != POLICY_SUFFIX or label:
        raise PolicyError(f"{ref}: --verify checks a whole .policy file; name the file without @LABEL")
    if not path.exists():
        raise PolicyFileError(f"{path}: no such file")
    ok, lines = verify_report(path)
    print(f"{path.name}: {'verified' if ok else 'TAMPERED OR DAMAGED'}")
    for line in lines:
        print(f"  {line}")
    return 0 if ok else 1


def cmd_info(args: argparse.Namespace) -> int:
    if args.verify and args.trust:
        return cmd_verify_trusted(args)
    if args.verify:
        return cmd_verify(args.ref)
    loaded = load_ref(args.ref)
    data = _info_data(args.ref, loaded)
    if args.json:
        import json  # here: the json package costs a compare's start-up time

        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['title']}  ({loaded.name}, {loaded.status.title})")
    print(f"{len(data['sections'])} sections, {data['words']} words, hash {data['content_hash'][:12]}")
    for s in data["sections"]:
        print(f"  {'  ' * (s['depth'] - 1)}{s['number']}  {s['heading']}")
    for where, text in data["page_text"].items():
        print(f"page {where}: {' / '.join(line for line in text.split(chr(10)) if line.strip())}")
    if "versions" in data:
        count = len(data["versions"])
        print(f"{count} version{'s' if count != 1 else ''}:")
        for v in data["versions"]:
            status = v["status"] + (" (not verified: run info --verify)" if v["status_problem"] else "")
            print(f"  {v['label']:<10} {status:<11} {v['created']}  {v['author']}  {v['note']}")
        for v in data["versions"]:
            if v["status_problem"]:
                print(f"  {v['label']} not verified: {v['status_problem']}")
        print(f"{data['open_comments']} open comment{'s' if data['open_comments'] != 1 else ''}")
        for c in data.get("comments", []):
            n = len(c["replies"])
            print(f"  [{c['state']}] {c['author']} {c['date'][:10]} on \u201c{c['quote']}\u201d: {c['text']}"
                  + (f" ({n} repl{'y' if n == 1 else 'ies'})" if n else ""))
    if data.get("draft_base"):
        changes = data.get("draft_changes", [])
        people = sorted({c["author"] for c in changes if c["author"]})
        shaky = any(v["label"] == data["draft_base"] and v.get("status_problem")
                    for v in data.get("versions", []))
        print(f"{len(changes)} changes in the draft since version {data['draft_base']}"
              + (" (its status not verified)" if shaky else "")
              + (f", by {', '.join(people)}" if people else ""))
    conflicts = data.get("library_conflicts", [])
    if conflicts:
        print(f"{len(conflicts)} library conflict(s) to settle (the draft is not sent until they are; "
              f"policyeditor library settle {split_ref(args.ref)[0]} SECTION --mine|--theirs|--edited FILE):")
        for c in conflicts:
            print(f"  {c['name']}: {c['what']}")
    for line in data.get("import_report", []):
        print(f"note: {line}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from policyeditor.app.compare import compare_refs
    from policyeditor.diff.redline import DiffOptions

    options = DiffOptions(granularity="char" if args.char else "word",
                          ignore_whitespace=args.ignore_whitespace, ignore_case=args.ignore_case,
                          normalize_quotes=args.normalize_quotes)
    if args.output:
        _check_redline_output(Path(args.output), args.blackline)
    redline, old, new = compare_refs(args.old, args.new, options)
    if args.output:
        _export_redline(redline, Path(args.output), old, new, args)
        stats = redline.stats
        print(f"{len(redline.changes)} changes ({stats.words_inserted} words inserted, "
              f"{stats.words_deleted} deleted) → {args.output}")
        for note in redline.notes:
            print(f"note: {note}")
    else:
        from policyeditor.formats.redline.text import render_text

        sys.stdout.write(render_text(redline, color=sys.stdout.isatty()))
    return 0


EXPORT_SUFFIXES = (".docx", ".html", ".htm", ".pdf")


def cmd_export(args: argparse.Namespace) -> int:
    from policyeditor.app.export import ExportRequest, export
    from policyeditor.app.files import refuse_folder

    out = Path(args.output)
    refuse_folder(out, "the redline" if args.redline_against else "the export")  # before its suffix is asked
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise PolicyError(f"{out.name}: cannot export to {suffix or 'a file without suffix'}; "
                          "use .docx, .html or .pdf")
    if args.sign:
        if args.redline_against:
            raise PolicyError("--sign signs an approved version, not a redline")
        return _print(_trust().export_signed_pdf(args.ref, args.output, args.sign))
    if args.redline_against:
        _check_redline_output(out, args.blackline)
        from policyeditor.app.compare import compare_refs

        redline, old, new = compare_refs(args.redline_against, args.ref)
        _export_redline(redline, out, old, new, args)
        print(f"redline {old.name} → {new.name}: {len(redline.changes)} changes → {out}")
        return 0
    loaded = load_ref(args.ref)
    info = _info(loaded)
    export(ExportRequest("", loaded.policy, info, out, loaded.name, toc=not args.no_toc,
                         sources=[split_ref(args.ref)[0]]))
    mark = "" if not info.is_draft else " (marked DRAFT: not approved)"
    print(f"exported {loaded.name} → {out}{mark}")
    if loaded.policy.unkept:
        from policyeditor.core.unkept import unkept_sentence

        print(f"note: {unkept_sentence(loaded.policy.unkept, 'exported')} (the source held them; "
              "the policy cannot)")
    return 0


def _check_redline_output(out: Path, blackline: bool) -> None:
    if blackline and out.suffix.lower() != ".docx":
        raise PolicyError(f"{out.name}: --blackline needs a .docx output")


def _info(loaded: Loaded):
    """What an export shows about the version a REF names."""
    from policyeditor.core.records import replace
    from policyeditor.formats.exporters.info import ExportInfo

    info = ExportInfo.from_version(loaded.version) if loaded.version else ExportInfo(None, loaded.status)
    return replace(info, policy_id=loaded.policy_id)


def _export_redline(redline, out: Path, old: Loaded, new: Loaded, args: argparse.Namespace) -> None:
    """The redline to `out` by suffix through app.export; a .docx gets the open comments."""
    from policyeditor.app.compare import ref_credits
    from policyeditor.app.export import ExportRequest, export

    old_ref, new_ref = (args.old, args.new) if args.command == "compare" else (args.redline_against, args.ref)
    comments = _redline_comments(old_ref, new_ref, old, new) if out.suffix.lower() == ".docx" else []
    export(ExportRequest("", new.policy, _info(new), out, new.name, base_info=_info(old), base_name=old.name,
                         comments=comments, style="blackline" if args.blackline else "tracked",
                         redline=redline, credits=ref_credits(old_ref, new_ref, redline),
                         sources=[split_ref(ref)[0] for ref in (old_ref, new_ref)]))


def _redline_comments(old_ref: str, new_ref: str, old: Loaded, new: Loaded) -> list:
    """The open comment threads of each text that is in a .policy file, for a redline DOCX."""
    from policyeditor.review.comments import Comments, redline_comments
    from policyeditor.store.policyfile import PolicyFile

    def threads(ref: str) -> list:
        path, _ = split_ref(ref)
        if path.suffix.lower() != POLICY_SUFFIX:
            return []
        with PolicyFile.open(path, readonly=True) as pf:
            return Comments(pf).threads()

    same_text = split_ref(old_ref)[0].resolve() == split_ref(new_ref)[0].resolve() and old.label == new.label
    # an approved version's review threads are all resolved: its redline keeps them, marked done
    return redline_comments(threads(new_ref), new.label, [] if same_text else threads(old_ref), old.label,
                            resolved=new.status.locked)


# -- trust (issue 14): identities, roster and the signed workflow; the jobs are in app/trust.py ----------

def _trust_parsers(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """The trust commands' parsers (`only`: just that one's)."""
    def wanted(name: str) -> bool:
        return only is None or only == name

    if wanted("identity"):
        _identity_parser(sub)
    if wanted("roster"):
        _roster_parser(sub)
    if wanted("version"):
        _version_parser(sub)
    for name, helptext in (("submit", "submit FILE.policy@LABEL for review"),
                           ("approve", "approve FILE.policy@LABEL")):
        if wanted(name):
            p = sub.add_parser(name, help=helptext)
            p.add_argument("ref", metavar="FILE.policy@LABEL")
            p.add_argument("--identity", metavar="KEY")
            p.add_argument("--actor", default="", help="without --identity: the name recorded")
            job = name
            p.set_defaults(run=lambda a, job=job: _print(getattr(_trust(), job)(a.ref, a.identity, a.actor)))
    if wanted("comment"):
        _comment_parser(sub)
    if wanted("sign-pdf"):
        p = sub.add_parser("sign-pdf", help="sign an exported PDF with your key (a PAdES signature)")
        p.add_argument("pdf")
        p.add_argument("-o", "--output", required=True)
        p.add_argument("--identity", required=True, metavar="KEY")
        p.add_argument("--policy", metavar="FILE.policy",
                       help="a PDF export of a version: its policy file, holding your signed approval")
        p.set_defaults(run=lambda a: _print(_trust().sign_pdf(a.pdf, a.output, a.identity, a.policy)))
    if wanted("verify-pdf"):
        p = sub.add_parser("verify-pdf", help="who signed a PDF, that it has not changed since, and (with "
                                              "--policy) that its signer approved the version it is")
        p.add_argument("pdf")
        p.add_argument("--trust", nargs="+", required=True, metavar="KEY.pub")
        p.add_argument("--policy", metavar="FILE.policy",
                       help="the policy file of the version the PDF states: is its signer an approver?")
        p.set_defaults(run=_verify_pdf)


def _identity_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("identity", help="make or show an identity (a name and an Ed25519 key pair)")
    which = p.add_subparsers(dest="identity_command", required=True, parser_class=_parser_class())
    q = which.add_parser("new", help="make KEY and KEY.pub")
    q.add_argument("--name", required=True, help="your name, as others will see it")
    q.add_argument("-o", "--output", required=True, help="KEY: the key file to make (and KEY.pub)")
    q.set_defaults(run=lambda a: _print(_trust().identity_new(a.name, a.output)))
    q = which.add_parser("show", help="the name and fingerprint of KEY or KEY.pub")
    q.add_argument("key")
    q.set_defaults(run=lambda a: _print(_trust().identity_show(a.key)))


def _roster_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roster", help="add people to a policy's roster or remove them (its owner only)")
    which = p.add_subparsers(dest="roster_command", required=True, parser_class=_parser_class())
    q = which.add_parser("add", help="give KEY.pub a role; the first change makes --identity the owner")
    q.add_argument("file")
    q.add_argument("pub", metavar="KEY.pub")
    q.add_argument("--role", required=True, choices=("author", "reviewer", "approver"))
    q.add_argument("--identity", required=True, metavar="OWNER_KEY")
    q.set_defaults(run=lambda a: _print(_trust().roster_add(a.file, a.pub, a.role, a.identity)))
    q = which.add_parser("remove", help="take a role, or every role, from someone on the roster")
    q.add_argument("file")
    q.add_argument("member", metavar="KEY.pub|NAME", help="their KEY.pub, or their name or fingerprint")
    q.add_argument("--role", choices=("author", "reviewer", "approver"), help="only this role (default: all)")
    q.add_argument("--identity", required=True, metavar="OWNER_KEY")
    q.set_defaults(run=lambda a: _print(_trust().roster_remove(a.file, a.member, a.role, a.identity)))


def _version_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("version", help="save the draft as a version")
    p.add_argument("file")
    p.add_argument("--label", required=True)
    p.add_argument("--note", default="")
    p.add_argument("--identity", metavar="KEY")
    p.add_argument("--author", default="", help="without --identity: the name recorded")
    p.set_defaults(run=lambda a: _print(_trust().save_version(a.file, a.label, a.note, a.identity, a.author)))


def _comment_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("comment", help="comment on words of a section")
    p.add_argument("ref", metavar="FILE.policy[@LABEL]")
    p.add_argument("--section", required=True, metavar="NUMBER")
    p.add_argument("--quote", required=True, metavar="WORDS")
    p.add_argument("--text", required=True)
    p.add_argument("--identity", metavar="KEY")
    p.add_argument("--author", default="")
    p.set_defaults(run=lambda a: _print(_trust().comment(a.ref, a.section, a.quote, a.text, a.identity,
                                                          a.author)))


def _verify_pdf(args: argparse.Namespace) -> int:
    ok, lines = _trust().verify_pdf(args.pdf, args.trust, args.policy)
    print(f"{Path(args.pdf).name}: {'verified' if ok else 'NOT VERIFIED'}")
    for line in lines:
        print(f"  {line}")
    return 0 if ok else 1


def _trust():
    from policyeditor.app import trust  # imported when used: the CLI starts fast

    return trust


def _print(lines: list[str]) -> int:
    for line in lines:
        print(line)
    return 0


def cmd_verify_trusted(args: argparse.Namespace) -> int:
    ok, lines = _trust().verify(args.ref, args.trust)
    print(f"{split_ref(args.ref)[0].name}: {'verified' if ok else 'TAMPERED OR UNTRUSTED'}")
    for line in lines:
        print(f"  {line}")
    return 0 if ok else 1


# -- the team library (issue 15): policyeditor library init|sync|pull|list -----------------
# URL is a PostgreSQL connection URL without a password (PGPASSWORD, ~/.pgpass or the keyring).

def _library_parser(sub: argparse._SubParsersAction) -> None:
    library = sub.add_parser("library",
                             help="the team library on PostgreSQL: init, sync, settle, pull, list, review")
    lib = library.add_subparsers(dest="library_command", required=True, parser_class=_parser_class())
    p = lib.add_parser("init", help="create or upgrade the library's tables (as the database owner)")
    p.add_argument("url", help="postgresql://USER@HOST:PORT/DATABASE (password from PGPASSWORD or keyring)")
    p.set_defaults(run=cmd_library_init)
    p = lib.add_parser("sync", help="send a copy's news to the library, and bring the library's")
    p.add_argument("file", help="the .policy file (the offline copy)")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("--author", default="", help="who syncs (recorded in the library's audit log)")
    p.set_defaults(run=cmd_library_sync)
    p = lib.add_parser("settle", help="settle a copy's library conflict: keep mine or take theirs")
    p.add_argument("file", help="the .policy file (the offline copy)")
    p.add_argument("section", help="the conflict's section: its number as `info` lists it (5 or §5), "
                   "its id, or title")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--mine", dest="choice", action="store_const", const="mine",
                        help="keep the copy's text (a section deleted here stays deleted)")
    choice.add_argument("--theirs", dest="choice", action="store_const", const="theirs",
                        help="take the library's text")
    choice.add_argument("--edited", metavar="FILE", help="write the answer: FILE's first line is the "
                        "section's heading, the lines after it its text")
    p.add_argument("--author", default="", help="who settles (recorded in the file's audit log)")
    p.set_defaults(run=cmd_library_settle)
    p = lib.add_parser("pull", help="make a new offline copy of a library policy")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("policy", help="the policy's id or title")
    p.add_argument("-o", "--output", required=True, help="the .policy file to create")
    p.set_defaults(run=cmd_library_pull)
    p = lib.add_parser("list", help="the library's policies: id, title, status, owner, versions, review due")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--due", action="store_true", help="only those due for review in the next 30 days")
    p.set_defaults(run=cmd_library_list)
    p = lib.add_parser("review", help="set a library policy's next review date, review cycle or owner")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("policy", help="the policy's id or title")
    p.add_argument("--due", type=_iso_date, metavar="YYYY-MM-DD", help="the next review date")
    p.add_argument("--every", type=int, metavar="MONTHS",
                   help="the review cycle: months after each approval until the next review")
    p.add_argument("--owner", metavar="USER", help="the library user who owns the policy")
    p.set_defaults(run=cmd_library_review)
    p = lib.add_parser("share", help="let a library user work on a policy you own, in a role, or no more")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("policy", help="the policy's id or title")
    p.add_argument("member", help="the library user (their PostgreSQL login)")
    given = p.add_mutually_exclusive_group(required=True)
    given.add_argument("--role", choices=("owner", "author", "reviewer", "reader"),
                       help="what they may do in it")
    given.add_argument("--remove", action="store_true", help="take the policy away from them")
    p.set_defaults(run=cmd_library_share)


def _iso_date(text: str) -> datetime.date:
    import argparse  # parsing has imported it: this runs inside parse_args
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def cmd_library_init(args: argparse.Namespace) -> int:
    from policyeditor.app.library import init_library

    applied = init_library(args.url)
    print(f"library ready ({applied} migration(s) applied)" if applied else "library already up to date")
    return 0


def cmd_library_sync(args: argparse.Namespace) -> int:
    from policyeditor.app.library import sync_file

    report = sync_file(Path(args.file), args.url, actor=args.author)
    print(report.summary())
    for line in report.conflict_lines():
        print(f"  conflict: {line}")
    if report.conflicts:
        print(f"  settle each: policyeditor library settle {args.file} SECTION --mine|--theirs|--edited FILE")
    if note := report.unsigned_note():
        print(f"note: {note}")
    if report.not_sent:
        print(f"policyeditor: not sent ({', '.join(report.not_sent)}): your role in this policy is "
              f"{report.role}", file=sys.stderr)
        return 1
    return 0


def cmd_library_settle(args: argparse.Namespace) -> int:
    from policyeditor.app.library import settle_conflicts, written_answer

    edited = written_answer(Path(args.edited)) if args.edited else None
    choice = "edited" if edited is not None else args.choice
    how = {"mine": "kept mine", "theirs": "took theirs",
           "edited": f"wrote {Path(str(args.edited)).name}'s text"}
    for p in settle_conflicts(Path(args.file), args.section, choice, actor=args.author, edited=edited):
        print(f"settled {p.name} ({p.what}): {how[choice]}")
    print(f"the next sync sends the draft of {Path(args.file).name}")
    return 0


def cmd_library_pull(args: argparse.Namespace) -> int:
    from policyeditor.app.library import pull

    entry, report = pull(args.url, args.policy, Path(args.output))
    print(f"{args.output}: '{entry.title}' with {report.received.get('versions', 0)} version(s)")
    return 0


def cmd_library_list(args: argparse.Namespace) -> int:
    from policyeditor.app.library import due_soon, list_library

    entries = due_soon(args.url) if args.due else list_library(args.url)
    if args.json:
        import json

        print(json.dumps([e.to_data() for e in entries], indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        print(f"{e.id}  {e.title}  [{e.status.replace('_', ' ')}]  owner {e.owner}  "
              f"{e.versions} version(s)  review due {e.review_due.isoformat()}")
    if not entries:
        print("no policies you may see")
    return 0

def cmd_library_review(args: argparse.Namespace) -> int:
    from policyeditor.app.library import set_review
    from policyeditor.core.errors import LibraryError

    if args.due is None and args.every is None and args.owner is None:
        raise LibraryError("say what to change: --due YYYY-MM-DD, --every MONTHS or --owner USER")
    e = set_review(args.url, args.policy, due_on=args.due, months=args.every, owner=args.owner)
    print(f"{e.id}  {e.title}  owner {e.owner}  review every {e.review_months} month(s), "
          f"next due {e.review_due.isoformat()}")
    return 0


def cmd_library_share(args: argparse.Namespace) -> int:
    from policyeditor.app.library import share

    e = share(args.url, args.policy, args.member, None if args.remove else args.role)
    print(f"'{e.title}' is no longer shared with {args.member}" if args.remove
          else f"'{e.title}' shared with {args.member} as {args.role}")
    return 0

# -- end of the team library block ----------------------------------------------------------


def run_app(argv: list[str]) -> int:
    args = _app_parser().parse_args(argv)
    if args.file and not Path(split_ref(args.file)[0]).exists():
        raise PolicyFileError(f"{args.file}: no such file")
    from policyeditor.gui.window.app import run

    return run(args.file, screenshot=args.screenshot)


def program() -> int:
    """`policyeditor` as a program (`python -m policyeditor`, the console script): `main(sys.argv[1:])`.

    A compare is one short pass that builds some 100,000 objects, then the process ends. The
    cyclic garbage collector is off while it runs (a compare leaves a few hundred objects of
    cyclic garbage, all freed at exit), and what it built is frozen before the interpreter's
    last collection, which would look through all of it: together 5 to 20 ms of a 60 to 130 ms
    compare. The window and the other commands keep the collector as usual."""
    argv = sys.argv[1:]
    if argv[:1] != ["compare"]:
        return main(argv)
    gc.disable()
    try:
        return main(argv)
    finally:
        gc.freeze()


def _flushed(code: int) -> int:
    """`code`, once what was printed is written: a closed stdout is found here, not in the interpreter's
    last flush, which would say so on stderr."""
    sys.stdout.flush()
    return code


def _stdout_closed() -> int:
    """End quietly, as a program SIGPIPE ends: stdout is pointed at os.devnull, so the interpreter's
    last flush of what is still buffered raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout with no file descriptor (a test's): nothing to flush out
        pass
    return EXIT_STDOUT_CLOSED


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _plain_compare(argv) or _command_parser(argv[0]).parse_args(argv)
            return _flushed(args.run(args))
        if argv[:1] == ["--version"]:
            print(f"policyeditor {__version__}")
            return _flushed(0)
        return run_app(argv)
    except BrokenPipeError:  # before OSError: a reader gone (`info FILE | head -1`) is no error of the user's
        return _stdout_closed()
    except PolicyError as error:
        print(f"policyeditor: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as error:  # a folder it may not search, a disk gone: one sentence, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"policyeditor: {where}{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
