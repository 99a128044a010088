"""A face said NOT to change (negation.yaml) is kept, in any language; a face swap is never swallowed by
the negation words around it, so it still meets the consent gate."""

from __future__ import annotations

import re

import pytest

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.concept_files import items, load_files


def _spelled(term: str) -> str | None:
    """One plain phrase a term matches: the first choice of each group and alternative, gaps dropped."""
    term = re.sub(r"\(([^|)]*)[^)]*\)", r"\1", term)
    words = []
    for word in term.split():
        if word in ("..", "..."):
            continue
        if word.startswith("{") or word.startswith("[{"):
            return None
        words.append(word.strip("[]").split("|")[0].strip("*"))
    return " ".join(words) or None


FACE_SWAP_TERMS = sorted({(lang, phrase) for f in load_files().values()
                          if (spec := f.concepts.get("face_swap_term"))
                          for lang, terms in spec.terms.items() for t in items(terms) if (phrase := _spelled(t))})


def test_every_face_swap_term_read_alone_is_still_a_face_swap():
    """The negation layer keeps words that stand for "the face stays"; none of them may swallow a face swap
    named outright (Turkish "yüz değiştirme" is a face swap, not "don't change the face")."""
    lost = [(lang, phrase) for lang, phrase in FACE_SWAP_TERMS
            if not (r := read(phrase)).has("face_swap_term") and not r.has("face_into_media")]
    assert len(FACE_SWAP_TERMS) > 100
    assert lost == []


@pytest.mark.parametrize("text", [
    "turn it into a watercolour, no need to change the face",
    "ทำเป็นสไตล์การ์ตูน ไม่ต้องเปลี่ยนหน้า",
    "faz estilo anime sem trocar o rosto",
    "mach es im Anime-Stil, Gesichter nicht austauschen",
    "改成动漫风格，人脸不用换",
    "biến thành anime, không cần đổi mặt",
    "ubah jadi kartun, wajahnya jangan diganti",
    "çizgi film tarzına çevir, yüzleri değiştirmeye gerek yok",
    "zrób komiks, twarzy nie podmieniaj",
    "сделай мультяшным, лица менять не надо",
    "수채화 느낌으로, 얼굴 교체하지 마",
    "cartoon bana do, chehra mat badlo",
])
def test_a_face_said_not_to_change_puts_no_face_into_media(text):
    assert not read(text).has("face_into_media")


@pytest.mark.parametrize("text", [
    "swap her face with mine and don't change the background",
    "troca o rosto dele pelo meu, não precisa mexer no cenário",
    "yüz değiştirme yap",
    "ersetze sein Gesicht durch meins, den Hintergrund nicht ändern",
    "把他的脸换成我的，背景不要改",
])
def test_a_face_swap_beside_a_negated_change_of_something_else_still_puts_a_face_in(text):
    assert read(text).has("face_into_media")
