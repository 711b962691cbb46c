"""The command line: open the window, or import, inspect, compare and export without one.

    policyeditor [FILE.policy]                         open the application
    policyeditor import SRC -o OUT.policy              SRC: .txt .md .docx .html
    policyeditor info REF [--json]                     sections, versions, statuses, comments
    policyeditor compare OLD NEW [-o OUT] [--blackline]   redline; OUT: .html .docx .pdf .json .txt
    policyeditor export REF -o OUT [--redline-against REF [--blackline]]
    policyeditor recover DAMAGED.policy -o NEW.policy  what can be read, into a new file
    policyeditor library init|sync|pull|list ...       the team library on PostgreSQL

A user's mistake ends with one line on stderr and exit status 2; no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policyeditor import __version__
from policyeditor.core.errors import PolicyError, PolicyFileError
from policyeditor.core.numbering import numbers
from policyeditor.refs import POLICY_SUFFIX, Loaded, comparable, load_ref, split_ref

COMMANDS = ("import", "info", "compare", "export", "recover", "library")
EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise PolicyError(f"{self.prog}: {message}")


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="policyeditor", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("import", help="import a .txt, .md, .docx or .html file into a new .policy file")
    p.add_argument("source", help="the document to import")
    p.add_argument("-o", "--output", required=True, help="the .policy file to create")
    p.add_argument("--author", default="", help="who imports it (recorded in the audit log)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("info", help="sections, versions, statuses and comments of a policy")
    p.add_argument("ref", help="FILE.policy, FILE.policy@LABEL, FILE.policy@approved or a document")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--verify", action="store_true",
                   help="check the audit chain and every approved version's hash (exit 1 if tampered)")
    p.set_defaults(run=cmd_info)

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

    p = sub.add_parser("export", help="export a policy text to .docx, .html or .pdf")
    p.add_argument("ref", help="FILE.policy, FILE.policy@LABEL, FILE.policy@approved or a document")
    p.add_argument("-o", "--output", required=True, help="OUT.docx, OUT.html or OUT.pdf")
    p.add_argument("--redline-against", metavar="REF", help="export the redline from REF to this text")
    p.add_argument("--blackline", action="store_true",
                   help="with --redline-against to .docx: a static blackline instead of tracked changes")
    p.add_argument("--no-toc", action="store_true", help="no table of contents (DOCX)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("recover", help="read what can be read of a damaged .policy file into a new one")
    p.add_argument("damaged", help="the damaged .policy file (only read)")
    p.add_argument("-o", "--output", required=True, help="the new .policy file to create")
    p.set_defaults(run=cmd_recover)

    _library_parser(sub)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="policyeditor", description="Open the policyeditor window.",
                     epilog="Commands: " + ", ".join(COMMANDS) + " (policyeditor COMMAND --help)")
    parser.add_argument("file", nargs="?", help="a .policy file, or a document to import")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="draw the main window to a PNG file and exit")
    return parser


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Write `out` in the block; a failure (a full disk, a folder we may not write) is one sentence.

    A file the block created is removed again, so no half-written export is left behind.
    """
    existed = out.exists()
    try:
        yield
    except OSError as exc:
        if not existed:
            out.unlink(missing_ok=True)
        raise PolicyFileError(f"cannot write {out.name}: {exc.strerror or exc}") from None


def cmd_import(args: argparse.Namespace) -> int:
    from policyeditor.formats import import_document
    from policyeditor.store.policyfile import PolicyFile

    out = Path(args.output)
    if out.suffix.lower() != POLICY_SUFFIX:
        raise PolicyError(f"{out}: the output must be a {POLICY_SUFFIX} file")
    if out.exists():
        raise PolicyFileError(f"{out} already exists; choose another name or remove it first")
    source = Path(args.source)
    if not source.exists():
        raise PolicyFileError(f"{source}: no such file")
    result = import_document(source)
    PolicyFile.create(out, result.policy, author=args.author).close()
    policy = result.policy
    print(f"imported {source.name}: {policy.section_count()} sections, "
          f"{policy.word_count()} words → {out}")
    for line in result.report:
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
        "sections": [
            {"id": s.id, "number": number[s.id], "depth": depth, "heading": s.heading}
            for s, depth in policy.walk()
        ],
    }
    path, _ = split_ref(ref)
    if path.suffix.lower() == POLICY_SUFFIX:
        from policyeditor.store.policyfile import PolicyFile

        with PolicyFile.open(path, readonly=True) as pf:
            file_info = pf.info()
        data["versions"] = file_info["versions"]
        data["open_comments"] = file_info.get("open_comments", 0)
        data["draft_updated"] = file_info.get("draft_updated")
    else:
        data["import_report"] = loaded.report
    return data


def cmd_recover(args: argparse.Namespace) -> int:
    from policyeditor.store.recover import recover

    out = Path(args.output)
    if out.suffix.lower() != POLICY_SUFFIX:
        raise PolicyError(f"{out}: the output must be a {POLICY_SUFFIX} file")
    report = recover(Path(args.damaged), out)
    for line in report.lines():
        print(line)
    return 0


def cmd_verify(ref: str) -> int:
    from policyeditor.review.audit import verify_report

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
    if args.verify:
        return cmd_verify(args.ref)
    loaded = load_ref(args.ref)
    data = _info_data(args.ref, loaded)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['title']}  ({loaded.name}, {loaded.status.title})")
    print(f"{len(data['sections'])} sections, {data['words']} words, hash {data['content_hash'][:12]}")
    for s in data["sections"]:
        print(f"  {'  ' * (s['depth'] - 1)}{s['number']}  {s['heading']}")
    if "versions" in data:
        print(f"{len(data['versions'])} versions:")
        for v in data["versions"]:
            print(f"  {v['label']:<10} {v['status']:<11} {v['created']}  {v['author']}  {v['note']}")
        print(f"{data['open_comments']} open comments")
    for line in data.get("import_report", []):
        print(f"note: {line}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from policyeditor.diff.redline import DiffOptions, compare
    from policyeditor.formats.redline_output import render_text

    old, new = load_ref(args.old), load_ref(args.new)
    options = DiffOptions(granularity="char" if args.char else "word",
                          ignore_whitespace=args.ignore_whitespace, ignore_case=args.ignore_case,
                          normalize_quotes=args.normalize_quotes)
    redline = compare(*comparable(old, new), options).with_labels(old.name, new.name)
    if args.output:
        _write_redline(redline, Path(args.output), old, new, args)
        stats = redline.stats
        print(f"{len(redline.changes)} changes ({stats.words_inserted} words inserted, "
              f"{stats.words_deleted} deleted) → {args.output}")
    else:
        sys.stdout.write(render_text(redline, color=sys.stdout.isatty()))
    return 0


EXPORT_SUFFIXES = (".docx", ".html", ".htm", ".pdf")


def cmd_export(args: argparse.Namespace) -> int:

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise PolicyError(f"{out.name}: cannot export to {suffix or 'a file without suffix'}; "
                          "use .docx, .html or .pdf")
    loaded = load_ref(args.ref)
    info = _info(loaded)
    if args.redline_against:
        return _export_redline(args, loaded, out)
    with _writing(out):
        if suffix == ".docx":
            from policyeditor.formats.docx_export import export_docx

            export_docx(loaded.policy, out, info, toc=not args.no_toc)
        elif suffix == ".pdf":
            from policyeditor.gui.pdf_export import export_pdf  # Qt lays out the pages

            export_pdf(loaded.policy, out, info)
        else:
            from policyeditor.formats.html_export import export_html

            export_html(loaded.policy, out, info)
    mark = "" if not info.is_draft else " (marked DRAFT: not approved)"
    print(f"exported {loaded.name} → {out}{mark}")
    return 0


def _export_redline(args: argparse.Namespace, new: Loaded, out: Path) -> int:
    from policyeditor.diff.redline import compare

    old = load_ref(args.redline_against)
    redline = compare(*comparable(old, new)).with_labels(old.name, new.name)
    _write_redline(redline, out, old, new, args)
    print(f"redline {old.name} → {new.name}: {len(redline.changes)} changes → {out}")
    return 0


def _info(loaded: Loaded):
    """What an export shows about the version a REF names."""
    from policyeditor.formats.export_info import ExportInfo

    return ExportInfo.from_version(loaded.version) if loaded.version else ExportInfo(None, loaded.status)


def _write_redline(redline, out: Path, old: Loaded, new: Loaded, args: argparse.Namespace) -> None:
    """The redline to `out` by suffix; a .pdf is laid out by Qt, a .docx gets the open comments."""
    from policyeditor.formats.redline_output import write_redline

    if args.blackline and out.suffix.lower() != ".docx":
        raise PolicyError(f"{out.name}: --blackline needs a .docx output")
    with _writing(out):
        if out.suffix.lower() == ".pdf":
            from policyeditor.gui.redline_pdf import export_redline_pdf  # Qt lays out the pages

            export_redline_pdf(redline, out)
            return
        write_redline(redline, out, style="blackline" if args.blackline else "tracked",
                      old_info=_info(old), new_info=_info(new), comments=_open_comments(args, new))


def _open_comments(args: argparse.Namespace, new: Loaded) -> list:
    """The open comment threads on the new text of a .policy file, for a redline DOCX."""
    ref = args.new if args.command == "compare" else args.ref
    path, _ = split_ref(ref)
    if path.suffix.lower() != POLICY_SUFFIX:
        return []
    from policyeditor.review.comments import Comments, word_comments
    from policyeditor.store.policyfile import PolicyFile

    with PolicyFile.open(path, readonly=True) as pf:
        return word_comments(Comments(pf).threads(), new.label)


# -- the team library (issue 15): policyeditor library init|sync|pull|list -----------------
# URL is a PostgreSQL connection URL without a password (PGPASSWORD, ~/.pgpass or the keyring).

def _library_parser(sub: argparse._SubParsersAction) -> None:
    library = sub.add_parser("library", help="the team library on PostgreSQL: init, sync, pull, list")
    lib = library.add_subparsers(dest="library_command", required=True, parser_class=_Parser)
    p = lib.add_parser("init", help="create or upgrade the library's tables (as the database owner)")
    p.add_argument("url", help="postgresql://USER@HOST:PORT/DATABASE (password from PGPASSWORD or keyring)")
    p.set_defaults(run=cmd_library_init)
    p = lib.add_parser("sync", help="send a copy's news to the library, and bring the library's")
    p.add_argument("file", help="the .policy file (the offline copy)")
    p.add_argument("url", help="the library's PostgreSQL URL")
    p.add_argument("--author", default="", help="who syncs (recorded in the library's audit log)")
    p.set_defaults(run=cmd_library_sync)
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


def cmd_library_init(args: argparse.Namespace) -> int:
    from policyeditor.app.library import init_library

    applied = init_library(args.url)
    print(f"library ready ({applied} migration(s) applied)" if applied else "library already up to date")
    return 0


def cmd_library_sync(args: argparse.Namespace) -> int:
    from policyeditor.app.library import sync_file

    report = sync_file(Path(args.file), args.url, actor=args.author)
    print(report.summary())
    for conflict in report.conflicts:
        print(f"  conflict: section {conflict.section_id}")
    if report.not_sent:
        print(f"policyeditor: not sent ({', '.join(report.not_sent)}): your role in this policy is "
              f"{report.role}", file=sys.stderr)
        return 1
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
        print(json.dumps([e.to_data() for e in entries], indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        print(f"{e.id}  {e.title}  [{e.status.replace('_', ' ')}]  owner {e.owner}  "
              f"{e.versions} version(s)  review due {e.review_due.isoformat()}")
    if not entries:
        print("no policies you may see")
    return 0

# -- end of the team library block ----------------------------------------------------------


def run_app(argv: list[str]) -> int:
    args = _app_parser().parse_args(argv)
    if args.file and not Path(split_ref(args.file)[0]).exists():
        raise PolicyFileError(f"{args.file}: no such file")
    from policyeditor.gui.app import run

    return run(args.file, screenshot=args.screenshot)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return args.run(args)
        if argv[:1] == ["--version"]:
            print(f"policyeditor {__version__}")
            return 0
        return run_app(argv)
    except PolicyError as error:
        print(f"policyeditor: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
