"""The pretrained sentence encoder loads from its installed package, offline, and means what it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from kg.extract.encoder import DIMENSIONS, embed, similarity


def test_vectors_are_normalised_rows_in_order() -> None:
    texts = ["quality of life", "hope", "quality of life", ""]
    rows = embed(texts)
    assert rows.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(rows[0], rows[2])
    assert embed([]).shape == (0, DIMENSIONS)


def test_a_paraphrase_is_nearer_than_another_outcome() -> None:
    scores = similarity(["social impairment", "purpose and meaning"],
                        ["social functioning", "meaning in life", "depressive symptoms"])
    assert scores[0, 0] > scores[0, 2]
    assert scores[1, 1] > scores[1, 2]
    assert scores[0, 0] > scores[0, 1]


def test_two_processes_give_the_same_vectors() -> None:
    script = ("import json, sys; from kg.extract.encoder import embed; "
              "print(json.dumps(embed(['peer support reduced readmissions', 'hope']).tolist()))")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "TRANSFORMERS_"))}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
            for _ in range(2)]
    first, second = (json.loads(run.stdout) for run in runs)
    assert first == second
    assert first == embed(["peer support reduced readmissions", "hope"]).tolist()
    # a text's vector does not depend on the texts embedded with it ("hope" was embedded above beside others)
    alone = subprocess.run([sys.executable, "-c", script.replace("'peer support reduced readmissions', ", "")],
                           capture_output=True, text=True, check=True, env=env)
    assert json.loads(alone.stdout)[0] == first[1]
