"""A second county for tests: Nordland's 40 municipal parties as another county office types them."""

from __future__ import annotations

NORDLAND = (
    "Alstahaug", "Andøy", "Beiarn", "Bindal", "Bodø", "Brønnøy", "Bø", "Dønna", "Evenes", "Fauske",
    "Flakstad", "Gildeskål", "Grane", "Hadsel", "Hamarøy", "Hattfjelldal", "Hemnes", "Herøy",
    "Leirfjord", "Lurøy", "Lødingen", "Meløy", "Moskenes", "Narvik", "Nesna", "Rana", "Rødøy", "Røst",
    "Saltdal", "Sortland", "Steigen", "Sømna", "Træna", "Vefsn", "Vega", "Vestvågøy", "Vevelstad",
    "Værøy", "Vågan", "Øksnes",
)  # fmt: skip
