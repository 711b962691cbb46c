"""What the window shows about approvals: who approved each version, and what an approver is about to sign.

Names are always shown with a short fingerprint (two groups of four) when the
approval is signed, so two people of one name are told apart; an approval made
without a key says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyeditor.core.people import same_person
from policyeditor.review import roster as rosters
from policyeditor.review import signing
from policyeditor.review.comments import Comments, CommentState
from policyeditor.review.identity import grouped
from policyeditor.store import reviews
from policyeditor.store.policyfile import PolicyFile

SHORT_GROUPS = 2


def approvers_by_version(pf: PolicyFile) -> dict[str, list[str]]:
    """For each approved version's label, its approvers as shown: `Abe Approver (ab12 cd34)`, oldest first."""
    signed = {s.record.get("approval"): s for s in signing.read(pf, "approval") if s.valid}
    shown: dict[str, list[str]] = {}
    for row in reviews.approval_rows(pf):
        s = signed.get(row["id"])
        who = f"{row['reviewer']} ({grouped(s.signer.fingerprint, SHORT_GROUPS)})" if s is not None \
            else f"{row['reviewer']} (unsigned)"
        shown.setdefault(row["version"], []).append(who)
    return shown


def unsigned_approvers(pf: PolicyFile, label: str) -> set[str]:
    """The names under which version `label` was approved without a key, and not signed since by a key
    of that name (for the same text)."""
    signed = [s for s in signing.read(pf, "approval") if s.valid]
    keyed = {s.record.get("approval") for s in signed}
    settled = [(s.signer.name, s.record.get("content_hash")) for s in signed
               if signing.names(s.record.get("label"), label, s.record.get("content_hash"))]
    return {row["reviewer"] for row in reviews.approval_rows(pf, label)
            if row["id"] not in keyed and not any(same_person(name, row["reviewer"])
                                                  and text == row["content_hash"] for name, text in settled)}


def signable_again(pf: PolicyFile, label: str) -> set[str]:
    """The names whose approval of the locked version `label`, made without a key, can be signed now
    by approving the version again with their key (`Workflow.approve`): only in a file with a roster
    (without one an approval without a key is the file's rule, and the locked version stays so)."""
    return unsigned_approvers(pf, label) if rosters.current(pf).exists else set()


@dataclass(frozen=True)
class ToApprove:
    """What Approve Version asks the approver to confirm."""

    label: str
    content_hash: str  # recomputed from the stored text (PolicyFile.version checks it)
    open_comments: list[str]  # `Rita Reviewer on "collect": Which data?`
    unsigned: tuple[str, ...] = ()  # a locked version: who approved it without a key (to sign now)

    def question(self) -> str:
        lines = [f"Approve version {self.label}?", "",
                 f"You approve exactly this text, SHA-256 {self.content_hash}."]
        if self.unsigned:
            lines += ["", f"It is approved already, by {', '.join(self.unsigned)} without a key; your "
                      "signed approval goes beside it, and the library takes that one."]
            return "\n".join(lines)
        if self.open_comments:
            count = len(self.open_comments)
            lines += ["", f"{count} comment{'s are' if count > 1 else ' is'} still open on it:"]
            lines += [f"  • {text}" for text in self.open_comments[:5]]
            if count > 5:
                lines.append(f"  • and {count - 5} more")
        return "\n".join(lines)


def to_approve(pf: PolicyFile, label: str) -> ToApprove:
    version = pf.version(label)
    threads = Comments(pf).threads(version=label, all_versions=False, state=CommentState.OPEN)
    texts = []
    for thread in threads:
        root = thread.root
        words = root.anchor.quote if root.anchor is not None else ""
        quote = f" on \u201c{words}\u201d" if words else ""
        texts.append(f"{root.author}{quote}: {root.body}")
    unsigned = tuple(sorted(unsigned_approvers(pf, label))) if version.status.locked else ()
    return ToApprove(label, version.policy.content_hash(), texts, unsigned)
