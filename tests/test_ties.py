"""The tie fingerprint must equal the extension's (js/src/ties.ts): 64-bit FNV-1a over UTF-8."""

from __future__ import annotations

import pandas as pd

from pandascribe.ties import Without, fingerprint, make_tie, schema_fingerprint


def test_fingerprint_is_fnv1a_64() -> None:
    # the published FNV-1a 64 test vectors
    assert fingerprint("") == "cbf29ce484222325"
    assert fingerprint("a") == "af63dc4c8601ec8c"
    assert fingerprint("foobar") == "85944171f73967e8"
    assert fingerprint("é") != fingerprint("e")  # bytes of UTF-8, not code units


def test_schema_fingerprint_follows_names_and_dtypes() -> None:
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    same = pd.DataFrame({"a": [5], "b": ["z"]})
    assert schema_fingerprint({"df": df}) == schema_fingerprint({"df": same})
    assert schema_fingerprint({"df": df}) != schema_fingerprint({"df": df.assign(a=df["a"].astype(float))})
    assert schema_fingerprint({"df": df}) != schema_fingerprint({"other": df})


def test_tie_hashes_the_request_folded_and_its_options() -> None:
    frames = {"df": pd.DataFrame({"a": [1]})}
    one = make_tie("c1", "mean  a", ["df", "", "rules"], frames, "x = 1", "x")
    two = make_tie("c1", "mean a", ["df", "", "rules"], frames, "x = 1", "x")
    other = make_tie("c1", "mean a", ["df", "out", "rules"], frames, "x = 1", "x")
    assert one.request_hash == two.request_hash != other.request_hash
    assert one.metadata()["protocol"] == 1 and one.metadata()["code_hash"] == fingerprint("x = 1")


def test_without_hides_names() -> None:
    ns = {"a": 1, "b": 2}
    view = Without(ns, {"a"})
    assert "a" not in view and "b" in view and list(view) == ["b"] and len(view) == 1
