"""Shared fixtures: the real m3e-small model and a real index, each built once per session; a real
`dafu serve` of that index and headless Chromium for the browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.embed import SentenceTransformerEmbedder
from service.engine import Engine, index_from_settings
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL_REPLY = CORPUS / "pudong-kjjw-2025-61.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_REPLIES = FIXTURES / "replies"
BAD_FILES = FIXTURES / "bad"
ARTIFACTS = ROOT / "test-artifacts"  # browser screenshots


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own DAFU_* settings or index."""
    import os

    for key in list(os.environ):
        if key.startswith("DAFU_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DAFU_INDEX", str(tmp_path / "default-index"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("m3e-small")


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real reply plus the fictional fixture replies, in one folder (as a user's archive)."""
    folder = tmp_path_factory.mktemp("archive")
    shutil.copy(REAL_REPLY, folder / REAL_REPLY.name)
    for path in sorted(FIXTURE_REPLIES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def index_with(tmp_path_factory: pytest.TempPathFactory, embedder, archive: Path, extra: Path | list[Path],
               name: str, suffixes: tuple[str, ...] = (".txt",)) -> Settings:
    """A real index of the test archive plus the fictional replies in `extra` (one folder or several;
    their files ending in `suffixes`), copied into one folder."""
    folder = tmp_path_factory.mktemp(name)
    extras = [extra] if isinstance(extra, Path) else extra
    for path in [*archive.glob("*.txt"), *(p for more in extras for p in more.iterdir() if p.suffix in suffixes)]:
        shutil.copy(path, folder / path.name)
    settings = Settings(index=tmp_path_factory.mktemp(f"{name}-index") / "index", corpus=folder)
    index_from_settings(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Settings:
    """Settings pointing at a real index of `archive`, built once with the real model."""
    settings = Settings(index=tmp_path_factory.mktemp("index") / "index", corpus=archive)
    index_from_settings(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def engine(index_settings: Settings, embedder) -> Engine:
    return Engine.load(index_settings, embedder=embedder)


@pytest.fixture(scope="module")
def client(index_settings: Settings, engine: Engine):
    """FastAPI's TestClient on the session engine, its lifespan run (`with`)."""
    from fastapi.testclient import TestClient

    from service.app import create_app

    with TestClient(create_app(index_settings, engine=engine)) as client:
        yield client


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """An index of corpus/ alone: the real reply, as `dafu index` builds it by default."""
    root = tmp_path_factory.mktemp("real") / "index"
    index_from_settings(Settings(index=root, corpus=CORPUS), embedder=embedder)
    return root


@pytest.fixture(scope="module")
def server(index_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    """The base URL of `dafu serve` as a subprocess on a free port, on the session index (no rebuild)."""
    from tests.serving import served

    with served(index_settings.index, tmp_path_factory.mktemp("serve") / "serve.log") as running:
        yield running.url


@pytest.fixture(scope="module")
def browser():
    from tests.serving import chromium

    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        yield browser
