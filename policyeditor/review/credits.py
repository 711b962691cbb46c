"""Who made each change between two texts of a policy file, and when: blame over its versions.

The chain of texts runs from the old version through every version saved after
it up to the new one (or, for the draft, up to the draft): each step is credited
to the version's author at its time, the draft to whoever edits it at its last
save. Words a document brought in from Word (its tracked changes, or its last
author's untracked edits) are credited to their own people (`word_attributions`).

A draft is not always typed on top of the chain's last version: a library sync
merges other people's drafts into it section by section (library/merge3.py), so
a section may hold, whole, the text of a version saved on another branch (one
that is neither on the chain nor an ancestor of its start: Alice's 1.1 beside
Bob's 1.1). Such a section is that version's author's work, not the draft
editor's (nor whoever synced last): before the draft's own step, the chain
takes one step per such version, changing only those sections.
"""

from __future__ import annotations

import copy

from policyeditor.core.model import Policy
from policyeditor.diff.blame import ChangeCredit, Step, blame
from policyeditor.diff.redline import Redline
from policyeditor.review.word_import import word_attributions
from policyeditor.store.policyfile import PolicyFile
from policyeditor.store.versions import VersionInfo

__all__ = ["chain", "credits_between", "draft_editor"]


# audit actions that leave the draft's text as it was: their actor made none of its changes
_BESIDE_THE_DRAFT = ("comment.", "version.approved", "version.status", "policy.setting")


def draft_editor(pf: PolicyFile) -> str:
    """Who the draft's edits are credited to when the window does not say: whoever the saver of its
    last change named, else the last named actor of an entry that may have changed it (a comment or
    an approval changes no words: its reviewer is not credited with the drafter's)."""
    if editor := pf.draft_editor():
        return editor
    for entry in reversed(pf.audit_log()):
        if entry.actor and not entry.action.startswith(_BESIDE_THE_DRAFT):
            return entry.actor
    return ""


def chain(pf: PolicyFile, old_label: str, new_label: str | None, *, draft: Policy | None = None,
          editor: str = "", known: dict[str, Policy] | None = None) -> list[Step]:
    """The texts from version `old_label` to `new_label` (None: the draft, `draft` or the stored one).

    `known` holds versions the caller has read already (by label), which are not read again: the
    window has its base, and reading 2,000 sections took the UI thread over 100 ms.
    """
    infos = pf.versions()
    labels = [info.label for info in infos]
    start = labels.index(old_label)
    end = labels.index(new_label) if new_label is not None else len(labels) - 1
    picked = [infos[start]] + ([info for info in infos[start + 1:end + 1]] if end > start else
                               ([] if new_label is None else [infos[end]]))
    steps: list[Step] = []
    previous = ""
    for info in picked:
        policy = (known or {}).get(info.label) or pf.version(info.label).policy
        steps.append(Step(policy, info.author, info.created, info.label,
                          word_attributions(pf, previous, info.created) if steps else ()))
        previous = info.created
    if new_label is None:
        final = draft if draft is not None else pf.load_draft()
        steps.extend(_merged_in(pf, infos, {info.label for info in picked}, steps[-1].policy, final, known))
        steps.append(Step(final, editor or draft_editor(pf),
                          pf.draft_saved_at() or "", None, word_attributions(pf, previous)))
    return steps


def _merged_in(pf: PolicyFile, infos: list[VersionInfo], on_chain: set[str], last: Policy, final: Policy,
               known: dict[str, Policy] | None) -> list[Step]:
    """Steps for the sections the draft holds exactly as a version on another branch made them."""
    def texts(policy: Policy) -> dict[str, tuple[str, str]]:
        return {s.id: (s.heading, s.body) for s, _ in policy.walk()}

    now, wanted = texts(last), texts(final)
    changed = {i for i, text in wanted.items() if i in now and now[i] != text}
    by_label = {info.label: info for info in infos}
    ancestors: set[str] = set()
    for label in on_chain:
        parent = by_label[label].parent
        while parent in by_label and parent not in ancestors:
            ancestors.add(parent)
            parent = by_label[parent].parent
    read: dict[str, Policy] = dict(known or {})

    def policy_of(label: str) -> Policy:
        if label not in read:
            read[label] = pf.version(label).policy
        return read[label]

    steps: list[Step] = []
    for info in infos:  # oldest first
        if not changed:
            break
        # a branch is known by its parent: a version without one may be the chain's own past
        if info.label in on_chain or info.label in ancestors or info.parent not in by_label:
            continue
        theirs = texts(policy_of(info.label))
        before = texts(policy_of(info.parent))
        made = {i for i in changed if theirs.get(i) == wanted[i] and before.get(i) != wanted[i]}
        if not made:
            continue
        last = copy.deepcopy(last)
        for section, _ in last.walk():
            if section.id in made:
                section.heading, section.body = wanted[section.id]
        steps.append(Step(last, info.author, info.created, info.label))
        changed -= made
    return steps


def credits_between(pf: PolicyFile, redline: Redline, old_label: str, new_label: str | None, *,
                    draft: Policy | None = None, editor: str = "") -> dict[int, ChangeCredit]:
    """Change id → who made it (see `diff.blame.blame`), for a redline of two texts of `pf`."""
    steps = chain(pf, old_label, new_label, draft=draft, editor=editor)
    if len(steps) < 2:
        return {}
    return blame(redline, steps)
