"""The query model of a server in a process of its own, started before the index is opened.

Importing sentence-transformers (torch, transformers, scikit-learn) is most of a server's cold start
(≈ 6 s of CPU, benchmarks/RESULTS.md) and holds the GIL, so a thread cannot overlap it with opening
the index, jieba's dictionaries and the archive's names; a second process runs it on the other
core. The server then never imports torch: each question's text goes down a pipe and its vector
(2 KB for 512 dimensions) comes back. The child exits when the pipe closes, however the server ends.

Messages are length-prefixed frames: a request is the texts as JSON; an answer is `V` + float32
rows, `R` + JSON (ready: the dimension) or `E` + JSON (an error: its kind and message).
"""

from __future__ import annotations

import json
import logging
import os
import struct
import subprocess
import sys
import threading
from typing import BinaryIO

import numpy as np

from indexer.embed import ModelNotFoundError

logger = logging.getLogger(__name__)

_LENGTH = struct.Struct(">I")


class ModelProcessError(RuntimeError):
    """The model process ended or answered out of turn; restarting the server starts a new one."""


def _write(stream: BinaryIO, kind: bytes, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload) + 1) + kind + payload)
    stream.flush()


def _read(stream: BinaryIO) -> tuple[bytes, bytes] | None:
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(header)
    frame = stream.read(size)
    if len(frame) < size:
        return None
    return frame[:1], frame[1:]


class ModelProcess:
    """An Embedder (indexer.embed) whose model runs in a child process; `encode` from any thread."""

    def __init__(self, name: str, threads: int = 1) -> None:
        self.name = name
        self._dimension: int | None = None
        self._lock = threading.Lock()
        # Started now and waited for on first use: the caller opens the index meanwhile.
        self._process = subprocess.Popen([sys.executable, "-m", "service.model_process", name, str(threads)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def _answer(self) -> tuple[bytes, bytes]:
        assert self._process.stdout is not None
        message = _read(self._process.stdout)
        if message is None:
            code = self._process.wait()
            raise ModelProcessError(f"模型进程已退出（{code}）：请查看服务日志并重启 dafu serve (the model process exited with {code})")
        kind, payload = message
        if kind == b"E":
            error = json.loads(payload)
            raise (ModelNotFoundError if error["kind"] == "ModelNotFoundError" else ModelProcessError)(error["message"])
        return kind, payload

    def _ready(self) -> int:
        if self._dimension is None:
            kind, payload = self._answer()
            if kind != b"R":
                raise ModelProcessError(f"unexpected message {kind!r} from the model process")
            self._dimension = int(json.loads(payload)["dimension"])
        return self._dimension

    @property
    def dimension(self) -> int:
        with self._lock:
            return self._ready()

    def wait(self) -> "ModelProcess":
        """Block until the model is loaded; raises ModelNotFoundError as loading it in-process would."""
        self.dimension  # noqa: B018  (reads the ready message)
        return self

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        with self._lock:
            dimension = self._ready()
            if not texts:
                return np.zeros((0, dimension), dtype=np.float32)
            assert self._process.stdin is not None
            try:
                _write(self._process.stdin, b"T", json.dumps(texts, ensure_ascii=False).encode("utf-8"))
            except (BrokenPipeError, ValueError) as error:
                raise ModelProcessError(f"模型进程已退出：请重启 dafu serve (the model process is gone: {error})") from error
            kind, payload = self._answer()
        if kind != b"V":
            raise ModelProcessError(f"unexpected message {kind!r} from the model process")
        return np.frombuffer(payload, dtype=np.float32).reshape(len(texts), dimension).copy()

    def close(self) -> None:
        """Close the pipe (the child exits on it) and reap the child."""
        if self._process.poll() is None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def _serve(name: str, threads: int) -> int:
    """The child: load the model, say ready, answer requests until the pipe closes."""
    # The protocol owns fd 1; anything a library prints goes to the server's log (stderr) instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    source = os.fdopen(0, "rb")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s model process: %(message)s")
    try:
        from indexer.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(name)
        if threads > 0:
            import torch

            torch.set_num_threads(threads)
    except Exception as error:  # reported to the server, which raises it where loading was awaited
        _write(out, b"E", json.dumps({"kind": type(error).__name__, "message": str(error)}, ensure_ascii=False).encode("utf-8"))
        return 1
    _write(out, b"R", json.dumps({"dimension": embedder.dimension}).encode("utf-8"))
    while (message := _read(source)) is not None:
        try:
            vectors = embedder.encode(json.loads(message[1]))
        except Exception as error:
            logger.exception("encoding failed")
            _write(out, b"E", json.dumps({"kind": type(error).__name__, "message": str(error)}, ensure_ascii=False).encode("utf-8"))
            continue
        _write(out, b"V", np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1], int(sys.argv[2])))
