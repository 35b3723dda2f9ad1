"""Tests for leadquiz.paths: the data directory and the user-name rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadquiz import paths
from leadquiz.errors import EXIT_BAD_INPUT, BadInputError
from leadquiz.paths import check_user_name, data_home, default_user


def test_data_home_reads_leadquiz_home_at_call_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADQUIZ_HOME", str(tmp_path / "one"))
    assert data_home() == tmp_path / "one"
    monkeypatch.setenv("LEADQUIZ_HOME", str(tmp_path / "two"))
    assert data_home() == tmp_path / "two"
    assert not (tmp_path / "two").exists(), "data_home must not create the directory"


def test_data_home_expands_tilde(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("LEADQUIZ_HOME", "~/lq")
    assert data_home() == tmp_path / "lq"


def test_data_home_defaults_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("LEADQUIZ_HOME", raising=False)
    expected = Path(platformdirs.user_data_dir("leadquiz", appauthor=False))
    assert data_home() == expected
    assert expected.name == "leadquiz"
    # An empty variable counts as unset.
    monkeypatch.setenv("LEADQUIZ_HOME", "")
    assert data_home() == expected


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("ana", "ana"),
        # One user whatever the case or compatibility form: names are stored case-folded.
        ("Zoë Smith", "zoë smith"),
        ("ALICE", "alice"),
        ("\uff21\uff4c\uff49\uff43\uff45", "alice"),  # fullwidth
        ("Straße", "strasse"),
        ("j.doe@corp", "j.doe@corp"),
        ("  padded  ", "padded"),
        ("a_b-c+d", "a_b-c+d"),
        ("x" * 64, "x" * 64),
        ("Zoe\u0308", "zoë"),  # decomposed ë is normalised to one character
        ("सुनील", "सुनील"),  # vowel signs are combining marks
        ("李雷", "李雷"),
        ("7", "7"),
    ],
)
def test_check_user_name_accepts(given_name: str, expected: str) -> None:
    assert check_user_name(given_name) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "a" * 65,
        "../x",
        "a/b",
        "a\\b",
        ".hidden",
        "-rf",
        "x..y",
        "a  b",
        "x\x1b[31m",
        "[bold]x[/bold]",
        "a\nb",
        "a\tb",
        "nul\x00",
        "evil\u202etxt",
        "\u0301accent-first",
        "semi;colon",
        "pipe|",
        "a:b",
        "\u3164",  # a Hangul filler: a letter that shows as nothing
        "ana\u3164",
        "a\u200bb",  # zero-width space
        "\ufeffbom",
        "soft\u00adhyphen",
        "tag\U000e0041",
    ],
)
def test_check_user_name_rejects(bad: str) -> None:
    with pytest.raises(BadInputError) as caught:
        check_user_name(bad)
    assert caught.value.exit_code == EXIT_BAD_INPUT
    for line in caught.value.lines():
        assert line.isprintable(), f"raw control character in message: {line!r}"
    assert "letters or digits" in caught.value.hint


def test_rejection_shows_the_name_escaped() -> None:
    with pytest.raises(BadInputError) as caught:
        check_user_name("x\x1b[31m")
    assert "'x\\x1b[31m'" in caught.value.message
    assert "\x1b" not in caught.value.message


def test_rejection_shortens_a_huge_name() -> None:
    with pytest.raises(BadInputError) as caught:
        check_user_name("a" * 10_000)
    assert len(caught.value.message) < 200
    assert "10000 characters" in caught.value.message


@given(
    st.one_of(
        st.text(max_size=80),
        # Mostly allowed characters, with a few hostile ones, so many names pass.
        st.text(alphabet=st.sampled_from("aZ9ë. _-@+/\\[\x1b\u0301\u202e"), max_size=70),
    )
)
def test_accepted_names_are_safe(name: str) -> None:
    try:
        cleaned = check_user_name(name)
    except BadInputError:
        return
    assert 1 <= len(cleaned) <= 64
    assert cleaned.isprintable()
    assert not any(char in cleaned for char in "/\\[]\x00")
    assert ".." not in cleaned
    assert cleaned[0] not in ".- "
    assert cleaned[-1] != " "
    assert check_user_name(cleaned) == cleaned


def test_default_user_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADQUIZ_USER", " Zoë ")
    assert default_user() == "zoë"


def test_default_user_rejects_a_bad_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADQUIZ_USER", "../etc")
    with pytest.raises(BadInputError, match="LEADQUIZ_USER"):
        default_user()


def test_default_user_is_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.delenv("LEADQUIZ_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "bob")
    assert default_user() == "bob"


def test_default_user_falls_back_when_login_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setenv("LEADQUIZ_USER", "")
    monkeypatch.setattr(getpass, "getuser", no_login)
    assert default_user() == paths.FALLBACK_USER == "me"


def test_default_user_with_unusable_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.delenv("LEADQUIZ_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "CORP\\bob")
    with pytest.raises(BadInputError) as caught:
        default_user()
    assert "login name" in caught.value.message
    assert "LEADQUIZ_USER" in caught.value.hint
