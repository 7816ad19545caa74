"""A server's query model runs in a process of its own (service/model_process.py), so importing
torch overlaps opening the index: real m3e-small, real child processes, a real `dafu serve`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from indexer.embed import ModelNotFoundError
from service.model_process import ModelProcess, ModelProcessError

pytestmark = pytest.mark.slow

TEXTS = ["浦东新区人工智能人才政策", "养老服务补贴标准是多少？", "", "第057号提案的办理结果"]


def maps_torch(pid: int) -> bool:
    return "libtorch" in Path(f"/proc/{pid}/maps").read_text()


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_the_model_process_encodes_what_the_model_in_this_process_encodes(embedder) -> None:
    model = ModelProcess("m3e-small", threads=1)
    try:
        assert model.wait().dimension == embedder.dimension == 512
        got = model.encode(TEXTS)
        assert got.dtype == np.float32 and got.shape == (len(TEXTS), 512)
        assert np.allclose(got, embedder.encode(TEXTS), atol=1e-5)
        assert model.encode([]).shape == (0, 512)

        # Requests from the server's threadpool share one pipe: each thread gets its own vectors.
        results: dict[int, np.ndarray] = {}

        def ask(i: int) -> None:
            results[i] = model.encode([TEXTS[i % 2]] * (i + 1))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for i, vectors in results.items():
            assert vectors.shape == (i + 1, 512) and np.allclose(vectors, got[i % 2], atol=1e-5)
    finally:
        model.close()
    assert model._process.poll() is not None  # closing the pipe ended the child
    with pytest.raises(ModelProcessError):
        model.encode(["还在吗"])


def test_a_model_that_cannot_be_loaded_is_reported_as_in_process(tmp_path: Path) -> None:
    model = ModelProcess(str(tmp_path / "no-such-model"))
    try:
        with pytest.raises(ModelNotFoundError, match="DAFU_MODEL"):
            model.wait()
    finally:
        model.close()


def test_serve_loads_the_model_in_a_child_and_never_imports_torch_itself(real_index: Path, tmp_path: Path) -> None:
    from tests.serving import served

    with served(real_index, tmp_path / "serve.log") as server:
        pid = server.process.pid
        [child] = children(pid)
        assert maps_torch(child) and not maps_torch(pid)
        answer = httpx.post(f"{server.url}/api/ask", json={"question": "GID链主企业的培育目标是多少？"}, timeout=60).json()
        assert answer["citations"][0]["reply_id"] == "浦科经委办理-2025-61" and not answer["abstained"]
    deadline = time.monotonic() + 15
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()
