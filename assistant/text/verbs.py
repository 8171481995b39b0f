"""Danish strong verbs: a past form as its infinitive, so that the forms of one verb share a stem."""

from __future__ import annotations

# Strong (irregular) Danish verbs: past tense -> infinitive, so that "vedtog" and "vedtaget" (and
# "modtog"/"modtaget") share a stem. Prefixed forms are found by their ending.
_STRONG_PAST = {
    "tog": "tage",
    "gav": "give",
    "fik": "få",
    "gik": "gå",
    "stod": "stå",
    "lå": "ligge",
    "sad": "sidde",
    "skrev": "skrive",
    "bad": "bede",
    "drog": "drage",
    "fandt": "finde",
    "bandt": "binde",
    "traf": "træffe",
    "gjaldt": "gælde",
    "valgte": "vælge",
    "satte": "sætte",
    "lagde": "lægge",
    "sagde": "sige",
    "solgte": "sælge",
    "fulgte": "følge",
    "blev": "blive",
    "brød": "bryde",
    "bød": "byde",
    "fløj": "flyve",
    "frøs": "fryse",
    "løb": "løbe",
    "så": "se",
    "slog": "slå",
    "sprang": "springe",
    "stak": "stikke",
    "steg": "stige",
    "strøg": "stryge",
    "tvang": "tvinge",
    "vandt": "vinde",
    "vidste": "vide",
    "gjorde": "gøre",
    "turde": "turde",
    "skød": "skyde",
    "greb": "gribe",
    "kneb": "knibe",
    "sluttede": "slutte",
    "tilbød": "tilbyde",
    "forlod": "forlade",
    "lod": "lade",
    "holdt": "holde",
    "faldt": "falde",
    "hang": "hænge",
    # past participles whose stem is not the infinitive's
    "skrevet": "skrive",
    "fundet": "finde",
    "bundet": "binde",
    "truffet": "træffe",
    "brudt": "bryde",
    "budt": "byde",
    "sprunget": "springe",
    "stukket": "stikke",
    "tvunget": "tvinge",
    "vundet": "vinde",
    "skudt": "skyde",
    "grebet": "gribe",
    "frosset": "fryse",
    "fløjet": "flyve",
    "strøget": "stryge",
    "steget": "stige",
    "forladt": "forlade",
    "gjort": "gøre",
    "sagt": "sige",
    "lagt": "lægge",
    "valgt": "vælge",
    "solgt": "sælge",
    "fulgt": "følge",
    "blevet": "blive",
}
# The lengths of the past forms (3 letters or more), longest first: a word's ending of each length
# is looked up, rather than every form tested.
_STRONG_LENGTHS = sorted({len(past) for past in _STRONG_PAST if len(past) >= 3}, reverse=True)


def infinitive(word: str) -> str:
    """A strong verb's past tense, prefixed or not, as its infinitive; other words as they are.
    The longest past form the word ends in wins; a prefix is none or 2 letters or more."""
    for n in _STRONG_LENGTHS:
        if n <= len(word) and word[-n:] in _STRONG_PAST and (len(word) == n or len(word) - n >= 2):
            return word[:-n] + _STRONG_PAST[word[-n:]]
    return word
