"""The wheel and the sdist ship the bundled banks from the top-level questions/ folder."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BANKS = sorted(p.name for p in (ROOT / "questions").glob("*.yaml"))


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_the_banks_live_in_the_top_level_questions_folder() -> None:
    assert BANKS == ["core.yaml", "quick.yaml"]
    assert not (ROOT / "src" / "leadquiz" / "questions").exists()


def test_the_wheel_carries_the_banks_inside_the_package(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.startswith("leadquiz/questions/")) == [
        f"leadquiz/questions/{name}" for name in BANKS
    ]


def test_the_wheel_carries_the_html_templates(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = Path(__file__).resolve().parents[1] / "src/leadquiz/exporters/templates"
    for template in templates.iterdir():
        assert f"leadquiz/exporters/templates/{template.name}" in names


def test_the_sdist_holds_only_anchored_project_files(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    tops = {name.split("/", 1)[0] for name in names}
    assert {"src", "questions", "tests", "docs", "pyproject.toml", "README.md"} <= tops
    assert tops <= {
        "src",
        "questions",
        "tests",
        "docs",
        "bench",
        "README.md",
        "LICENSE",
        "pyproject.toml",
        "constraints.txt",
        "PKG-INFO",
        ".gitignore",
    }, tops
    assert not any("/venv/" in f"/{name}" or "/.venv/" in f"/{name}" for name in names)
    for bank in BANKS:
        assert f"questions/{bank}" in names


def test_an_installed_wheel_outside_the_checkout_lists_the_banks(
    dist: Path, tmp_path: Path
) -> None:
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    pip = env_dir / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True, cwd=tmp_path)
    listed = subprocess.run(
        [str(env_dir / "bin" / "leadquiz"), "banks", "list"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LEADQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "100"},
    )
    for bank in BANKS:
        assert bank.removesuffix(".yaml") in listed.stdout
    assert str(ROOT) not in listed.stdout


def test_metadata_has_project_urls_and_separate_test_and_dev_extras(dist: Path) -> None:
    import zipfile
    from email.parser import Parser

    [wheel] = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Issues", "Source"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())  # work on the index page
    requires = metadata.get_all("Requires-Dist") or []
    test = {r.split(">")[0].split(";")[0].strip() for r in requires if "extra == 'test'" in r}
    dev = {r.split(">")[0].split(";")[0].strip() for r in requires if "extra == 'dev'" in r}
    assert "pytest" in test
    assert "ruff" not in test
    assert {"ruff", "mypy", "import-linter"} <= dev
    assert test <= dev  # dev includes the test tools (hatchling expands leadquiz[test])
