"""The six sites of the search query set (tests/search/queries.json), built from their
sources into a folder: `example` (the repository's content/), `corpus` (prometheus-operator's
runbooks in ../shared/corpora), `gitlab`, `openshift`, `managed` (managed-service-runbooks)
and `aws` (aws-incident-response-playbooks), all four from tests/corpora/*/tree. Used by
tests/browser/test_search.py and bench/search_bench.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROMETHEUS = REPO.parent / "shared" / "corpora" / "prometheus-operator-runbooks" / "content" / "runbooks"
# A stray copy of a runbook without `.md`, which pipebook refuses (tests/corpus.rs).
PROMETHEUS_STRAY = "prometheus-operator/PrometheusOperatorSyncFailed"
CORPORA = REPO / "tests" / "corpora"
NAMES = ("example", "corpus", "gitlab", "openshift", "managed", "aws")
# The tests/corpora folder of each site built from there.
TREES = {"gitlab": "gitlab-runbooks", "openshift": "openshift-runbooks",
         "managed": "managed-service-runbooks", "aws": "aws-incident-response-playbooks"}
# Collections the ranking was not tuned on, with the queries of tests/search/blind33.json,
# written from their pages before any search was run (session 33): score.py scores them
# (`--queries tests/search/blind33.json`); no test holds them to a hit rate.
BLIND = {"db": "db-runbooks", "incident": "incident-playbook", "pagerduty": "pagerduty-incident-response",
         "kubesphere": "kubesphere-runbooks"}
# Collections of tests/search/blind34.json (session 34), not committed: built from
# $PIPEBOOK_EXTRA_CORPORA/<name>/tree (see that file's `about` for the sources and commits).
EXTRA = ("cs", "hmcts")


def _pipebook() -> list[str]:
    binary = REPO / "target" / "release" / "pipebook"
    return [str(binary)] if binary.exists() else ["cargo", "run", "--release", "--quiet", "--"]


def source(name: str, work: Path) -> Path:
    """The root to build site `name` from: in place, or a copy under `work`."""
    if name == "example":
        return REPO
    root = work / f"{name}-src"
    shutil.rmtree(root, ignore_errors=True)
    if name == "corpus":
        shutil.copytree(PROMETHEUS, root / "content" / "runbooks")
        (root / "content" / "runbooks" / PROMETHEUS_STRAY).unlink()
        return root
    if name in EXTRA:
        shutil.copytree(Path(os.environ["PIPEBOOK_EXTRA_CORPORA"]) / name / "tree", root)
        return root
    tree = CORPORA / (TREES.get(name) or BLIND[name])
    shutil.copytree(tree / "tree", root)
    # Files refused by design (SVGs that run scripts): tests/corpora/run.sh checks them.
    refused = tree / "refused.txt"
    if refused.exists():
        for line in refused.read_text().splitlines():
            if line and not line.startswith("#"):
                (root / line.split("\t")[0]).unlink()
    return root


def build(name: str, work: Path) -> Path:
    """Builds site `name` into `work/<name>`; returns the output folder."""
    out = work / name
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([*_pipebook(), "build", "--root", str(source(name, work)), "--output", str(out)],
                   cwd=REPO, check=True, capture_output=True)
    return out
