"""A running server follows the index: it serves the build `current` points to, and when
`dafu index` swaps `current` the next request loads the new build (reusing the loaded model).

`current` only ever points at a complete build (indexer.store writes aside, fsyncs, then swaps the
link), so following the link never serves a half-written index. A build that fails to load is not
retried until `current` moves again; meanwhile the previous engine keeps serving.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from indexer.embed import Embedder, ModelNotFoundError
from indexer.store import CURRENT, DafuIndexError, read_manifest
from service.engine import Engine
from service.model_process import ModelProcess, ModelProcessError
from service.settings import Settings

logger = logging.getLogger(__name__)


def current_build(root: Path) -> Path | None:
    """The build folder `root/current` points to now, or None when there is none."""
    try:
        return (root / CURRENT).resolve(strict=True)
    except OSError:
        return None


class LiveEngine:
    """Holds the engine of the current build; `get()` is called per request (one readlink)."""

    def __init__(self, settings: Settings, engine: Engine | None = None, model: ModelProcess | None = None) -> None:
        """`model`: a model process already started (`dafu serve` starts it first thing), used by the
        first load when the index was built with its model."""
        self.settings = settings
        self.engine = engine
        self._model = model
        self._processes: list[ModelProcess] = [model] if model is not None else []  # stopped by close()
        self.build: Path | None = engine.index.folder if engine is not None else None
        self.load_error: str | None = None
        self._failed: Path | None = None
        self._lock = threading.Lock()

    def get(self) -> Engine | None:
        build = current_build(self.settings.index)
        if build is None:
            if self.engine is None and self.load_error is None:
                self._load(None)  # says what is missing and what to do
            return self.engine
        if build in (self.build, self._failed):
            return self.engine
        # While one request loads the new build, the others keep answering from the old one.
        if self._lock.acquire(blocking=self.engine is None):
            try:
                if current_build(self.settings.index) not in (self.build, self._failed):
                    self._load(build)
            finally:
                self._lock.release()
        return self.engine

    def _reusable_embedder(self) -> Embedder | None:
        try:
            model = read_manifest(self.settings.index)["model"]
        except DafuIndexError:
            return None
        if self.engine is None:
            return self._model if self._model is not None and self._model.name == model else None
        return self.engine.answerer.retriever.embedder if model == self.engine.index.model else None

    def close(self) -> None:
        """Stop the model processes this server started (an engine handed in keeps its model)."""
        for model in self._processes:
            model.close()
        self._processes = []

    def _load(self, build: Path | None) -> None:
        try:
            engine = Engine.load(self.settings, embedder=self._reusable_embedder(), warm=True)
        except (DafuIndexError, ModelNotFoundError, ModelProcessError, OSError, sqlite3.Error, ValueError) as error:
            self._failed = build
            if self.engine is None:
                self.load_error = str(error)
                self._model = None  # the next try starts a model process of its own
            logger.warning("cannot load the index build %s: %s", build or self.settings.index, error)
            return
        embedder = engine.answerer.retriever.embedder
        if isinstance(embedder, ModelProcess) and embedder not in self._processes:
            self._processes.append(embedder)
        previous = self.build
        self.engine, self.build, self.load_error, self._failed = engine, engine.index.folder, None, None
        if previous is not None:
            logger.warning("now serving the new index build %s (was %s)", self.build, previous)
        else:
            logger.info("index loaded from %s", self.build)
