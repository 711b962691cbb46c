"""Who made each change between two texts of a policy file, and when: blame over its versions.

The chain of texts runs from the old version through every version saved after
it up to the new one (or, for the draft, up to the draft): each step is credited
to the version's author at its time, the draft to whoever edits it at its last
save. Words a document brought in from Word (its tracked changes, or its last
author's untracked edits) are credited to their own people (`word_attributions`).
"""

from __future__ import annotations

from policyeditor.core.model import Policy
from policyeditor.diff.blame import ChangeCredit, Step, blame
from policyeditor.diff.redline import Redline
from policyeditor.review.word_import import word_attributions
from policyeditor.store.policyfile import PolicyFile

__all__ = ["chain", "credits_between", "draft_editor"]


def draft_editor(pf: PolicyFile) -> str:
    """Who the draft's edits are credited to when the window does not say: the file's last named actor."""
    for entry in reversed(pf.audit_log()):
        if entry.actor:
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
        steps.append(Step(draft if draft is not None else pf.load_draft(), editor or draft_editor(pf),
                          pf.draft_saved_at() or "", None, word_attributions(pf, previous)))
    return steps


def credits_between(pf: PolicyFile, redline: Redline, old_label: str, new_label: str | None, *,
                    draft: Policy | None = None, editor: str = "") -> dict[int, ChangeCredit]:
    """Change id → who made it (see `diff.blame.blame`), for a redline of two texts of `pf`."""
    steps = chain(pf, old_label, new_label, draft=draft, editor=editor)
    if len(steps) < 2:
        return {}
    return blame(redline, steps)
