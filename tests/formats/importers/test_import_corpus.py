"""Every corpus document imports keeping ≥ 99.5% of its words in order, with canonical bodies."""

import pytest

from policyeditor.core import body
from policyeditor.formats.importers import import_document
from tests.conftest import CORPUS, corpus_files
from tests.formats.wordcheck import words_kept

DOCUMENTS = corpus_files("seed/*.txt", "pairs/*/v*.md", "chains/*/v*.md", "docx/*.docx")
FLOOR = 99.5


def test_the_corpus_is_there():
    assert len(DOCUMENTS) == 1 + 30 + 7 + 3


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_words_kept_and_bodies_canonical(path):
    result = import_document(path)
    kept = words_kept(path, result.policy)
    print(f"\n{path.relative_to(CORPUS)}: {kept}; {result.policy.section_count()} sections")
    assert kept.share >= FLOOR, f"{path.name}: {kept}"
    for section, _ in result.policy.walk():
        assert body.canonical(section.body) == section.body, section.heading
        assert "\n" not in section.heading
