from newsprism.clean import normalize_text


def test_mojibake_is_repaired() -> None:
    assert normalize_text("The mayor\u00e2\u20ac\u2122s office said caf\u00c3\u00a9 owners") == (
        "The mayor’s office said café owners"
    )


def test_curly_quotes_are_kept() -> None:
    assert normalize_text("She said “no” and ‘maybe’.") == "She said “no” and ‘maybe’."


def test_nfc_and_whitespace() -> None:
    decomposed = "Cafe\u0301   in\tVellmar\r\n\r\n\r\n\r\nNext  paragraph\u00a0here "
    assert normalize_text(decomposed) == "Café in Vellmar\n\nNext paragraph here"


def test_control_and_zero_width_characters_removed() -> None:
    assert normalize_text("Port\u200b Alder\x07 harbour\ufeff") == "Port Alder harbour"


def test_html_entities_unescaped() -> None:
    assert normalize_text("Salt &amp; pepper") == "Salt & pepper"
