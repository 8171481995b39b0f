"""The notes written at indexing: one per passage, sentence by sentence as the sentence vectors."""

from __future__ import annotations

from assistant.text import danish, facts, facts_names


def test_every_passage_has_notes_aligned_with_its_sentence_rows(seed_assistant) -> None:
    index = seed_assistant.index
    words = facts_names.vocabulary(str(seed_assistant.settings.wordlist))
    for p in index.passages:
        notes = index.notes.passage(p.passage_id)
        rows = index.sentences.rows(p.passage_id)
        assert [(n.start, n.end) for n in notes.sentences] == [(s, e) for s, e, _ in rows]
        for n in notes.sentences:
            sentence = p.text[n.start - p.start : n.end - p.start]
            assert set(danish.terms(sentence)) <= n.own <= n.local <= n.local | notes.context
            assert all(sentence[f.start : f.end] == f.text for f in n.found)
            assert [f.text for f in n.found] == [f.text for f in facts.find(sentence, words)]
    letter = next(iter(index.letters.values()))
    assert set(danish.terms(letter.text)) <= index.notes.letter_terms(letter.letter_id)


def test_a_table_row_is_read_under_its_header_row() -> None:
    from assistant.index.notes import passage_row
    from assistant.types import Letter, LetterMeta, Passage

    text = "Bydel | 2022 | 2023\nNørrebro | 12 | 14\nValby | 3 | 5"
    letter = Letter("l", "l.txt", "0", text, LetterMeta(title="Tabel"))
    passage = Passage("l:0-52", "l", 0, len(text), text, "body")
    _, header, _, sentences = passage_row(passage, letter, frozenset())
    assert header == "Bydel | 2022 | 2023"
    assert [s[2:4] for s in sentences] == [
        ["", False],
        ["Bydel | 2022 | 2023 Bydel | 2022 | 2023", True],
        ["Bydel | 2022 | 2023 Nørrebro | 12 | 14", True],
    ]


def test_a_sentence_that_goes_on_from_a_pronoun_is_read_with_the_two_before_it() -> None:
    from assistant.index.notes import passage_row
    from assistant.types import Letter, LetterMeta, Passage

    text = (
        "Antallet af mistænkte unge er steget markant. I 2024 blev 112 registreret, mod 82 året før. "
        "Det svarer til en stigning på 37 %. Det årlige budget er 2 mio. kr."
    )
    letter = Letter("l", "l.txt", "0", text, LetterMeta(title="Nyhed"))
    passage = Passage(f"l:0-{len(text)}", "l", 0, len(text), text, "body")
    *_, sentences = passage_row(passage, letter, frozenset())
    local = [set(s[4]) | set(s[5]) for s in sentences]  # own and local terms
    assert {danish.stem("steget"), danish.stem("mistænkte")} <= local[2]  # two sentences back
    assert danish.stem("stigning") in local[3]  # the sentence before: "Det årlige" is an article
    assert danish.stem("registreret") not in local[3]
