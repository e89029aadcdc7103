"""Benchmark jcgraph's fast path against the fastest libraries, at 10k, 100k and 1M triples, in one run.

    python bench/run.py            # 10k, 100k and 1M triples (about 15 minutes on two cores)
    python bench/run.py --quick    # 10k and 100k only

Every measurement runs in a child process of its own, so that its peak memory (``ru_maxrss``) is its
own; a step that takes longer than ``--timeout`` seconds (default 600) is stopped and noted. The
table (seconds, peak MB, ratio jcgraph/anchor) is printed and written to ``bench/results.md``.
Needs the ``bench`` extra: ``pip install -e '.[bench]'`` (pyrudof, reasonable).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = {"10k": 220, "100k": 2200, "1M": 22000}
#: Slow reference steps are skipped above this size (they take minutes to hours there).
SLOW_UP_TO = {
    "rdflib-load": "1M",
    "pyshacl-whole": "100k",
    "pyshacl-delta": "100k",
    "owlrl": "100k",
    "rdflib-export": "100k",
    "cli-validate-delta": "10k",
    "reasonable": "1M",
}


# -- the steps, each run in a child process ------------------------------------------------------------


def _files(root: Path) -> list[Path]:
    from jcgraph.graph.loading import graph_files

    return graph_files(root)


def _raw_store(root: Path):
    import pyoxigraph as ox

    store = ox.Store()
    for path in _files(root):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    return store


def _catalogue(root: Path) -> list[tuple[str, str]]:
    from jcgraph.namespaces import PREFIXES

    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
    out = []
    for path in sorted((root / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if "# inference: owlrl" in text:
            continue  # compared on asserted triples only: the raw anchor has no closure
        out.append((path.stem, prologue + text))
    return out


def _best_of(work, repeat: int = 5) -> float:
    """The shortest of ``repeat`` timings of ``work()``: a single run of a short query is mostly noise."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def _best_of_all(*works, repeat: int = 5) -> list[float]:
    """The shortest of ``repeat`` timings of each piece of work, run in turn."""
    best = [None] * len(works)
    for _ in range(repeat):
        for i, work in enumerate(works):
            start = time.perf_counter()
            work()
            elapsed = time.perf_counter() - start
            best[i] = elapsed if best[i] is None else min(best[i], elapsed)
    return best


def _cooperation_query(root: Path) -> str:
    """cq-12 (which needs OWL RL inference), with the prefixes declared."""
    from jcgraph.namespaces import PREFIXES

    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
    (path,) = (root / "queries").glob("cq-12-*.rq")
    return prologue + path.read_text(encoding="utf-8")


def step(name: str, root: Path, delta: Path | None) -> dict:
    """Run one measurement and return {seconds, note}; the caller adds the peak memory."""
    note = ""
    if name == "jcgraph-load":
        from jcgraph.backends.oxigraph.store import open_store

        start = time.perf_counter()
        store = open_store(root, on_disk=False)
        seconds = time.perf_counter() - start
        note = f"{store.count():,} triples"
    elif name == "pyoxigraph-load":
        start = time.perf_counter()
        _raw_store(root)
        seconds = time.perf_counter() - start
    elif name == "rdflib-load":
        import jcgraph

        start = time.perf_counter()
        kg = jcgraph.load(root)
        len(kg.asserted)
        seconds = time.perf_counter() - start
    elif name == "jcgraph-whole":
        from jcgraph.backends.oxigraph import validate as fastvalidate
        from jcgraph.backends.oxigraph.store import open_store
        from jcgraph.validation.validate import shapes_graph

        store = open_store(root, on_disk=False)
        start = time.perf_counter()
        report = fastvalidate.validate_store(store, shapes_graph(root))
        seconds = time.perf_counter() - start
        note = f"{report.counts['violation']} violations, {report.counts['warning']} warnings"
    elif name == "pyshacl-whole":
        import jcgraph
        from jcgraph.validation.validate import validate_shapes

        os.environ["JCGRAPH_BACKEND"] = "rdflib"  # pySHACL itself, whatever the size (the chooser picks the store)
        kg = jcgraph.load(root)
        _ = kg.asserted  # parse now, outside the timing
        start = time.perf_counter()
        report = validate_shapes(kg)
        seconds = time.perf_counter() - start
        note = f"{report.counts['violation']} violations, {report.counts['warning']} warnings"
    elif name == "jcgraph-whole-gates":
        import jcgraph
        from jcgraph.validation.validate import validate

        os.environ["JCGRAPH_BACKEND"] = "oxigraph"
        kg = jcgraph.load(root)
        start = time.perf_counter()
        report = validate(kg)
        seconds = time.perf_counter() - start
        note = (
            f"{report.counts['violation']} violations, {report.counts['warning']} warnings; "
            "`validate()` as the command runs it: store built, shapes, then the quality gates"
        )
    elif name == "pyrudof-whole":
        import pyrudof

        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        for path in _files(root):
            rudof.read_data(str(path), merge=True)
        from rdflib.namespace import SH

        from jcgraph.validation.validate import shapes_graph

        # pyrudof cannot parse the shapes' SPARQL constraints (it fails on the whole run): it gets the
        # core constraints only, so its time is a lower bound of what the full shapes would cost.
        core = shapes_graph(root)
        stripped = type(core)()
        for triple in core:
            if triple[1] != SH.sparql:
                stripped.add(triple)
        shapes = tempfile.NamedTemporaryFile("wb", suffix=".ttl", delete=False)
        shapes.write(stripped.serialize(format="turtle").encode())
        shapes.close()
        rudof.read_shacl(shapes.name)
        start = time.perf_counter()
        report = rudof.validate_shacl()
        seconds = time.perf_counter() - start
        violations = report.violations() if callable(report.violations) else report.violations
        note = f"{len(list(violations))} results; SPARQL constraints left out (pyrudof cannot parse them)"
        os.unlink(shapes.name)
    elif name == "jcgraph-delta":
        from jcgraph.backends.oxigraph import validate as fastvalidate
        from jcgraph.backends.oxigraph.store import open_store
        from jcgraph.validation.validate import read_delta, shapes_graph

        store = open_store(root, on_disk=False)
        shapes = shapes_graph(root)
        graph = read_delta([delta])
        fastvalidate.validate_delta(store, shapes, graph)  # first call compiles the shapes
        start = time.perf_counter()
        report = fastvalidate.validate_delta(store, shapes, graph)
        seconds = time.perf_counter() - start
        note = report.summary().split(" (")[0]
    elif name == "pyshacl-delta":
        import jcgraph
        from jcgraph.validation.validate import read_delta
        from jcgraph.validation.validate import validate_shapes as validate

        os.environ["JCGRAPH_BACKEND"] = "rdflib"  # pySHACL itself, whatever the size
        kg = jcgraph.load(root)
        _ = kg.asserted  # parse now, outside the timing
        graph = read_delta([delta])
        start = time.perf_counter()
        report = validate(kg, graph)
        seconds = time.perf_counter() - start
        note = report.summary().split(" (")[0]
    elif name == "jcgraph-infer":
        from jcgraph.backends.oxigraph import infer as fastinfer
        from jcgraph.backends.oxigraph.store import open_store

        store = open_store(root, on_disk=False)
        start = time.perf_counter()
        count = fastinfer.materialise(store, "owlrl")
        seconds = time.perf_counter() - start
        cooperation = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?a jc:sharesAgreementWith ?b }", "owlrl")
        note = f"{count:,} inferred; {int(cooperation[0]['n']):,} sharesAgreementWith"
    elif name == "owlrl":
        import jcgraph
        from jcgraph.backends.memory.infer import closure
        from jcgraph.graph.loading import rule_files

        kg = jcgraph.load(root)
        _ = kg.asserted  # parse now, outside the timing
        start = time.perf_counter()
        inferred = closure(kg.asserted, "owlrl", rule_files(root))
        seconds = time.perf_counter() - start
        note = f"{len(inferred):,} inferred"
    elif name == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        for path in _files(root):
            reasoner.load_file(str(path))
        start = time.perf_counter()
        triples = reasoner.reason()
        seconds = time.perf_counter() - start
        chained = sum(1 for t in triples if str(t[1]).endswith("#sharesAgreementWith"))
        note = f"{len(triples):,} triples out; {chained:,} sharesAgreementWith"
    elif name == "sparql-chain":
        store = _raw_store(root)
        jc = "https://w3id.org/jcgraph/ontology#"
        start = time.perf_counter()
        store.update(
            f"INSERT {{ ?a <{jc}sharesAgreementWith> ?b }} WHERE {{ "
            f"?x (<{jc}stateParty>|<{jc}institutionParty>/<{jc}ofState>) ?a , ?b }}"
        )
        seconds = time.perf_counter() - start
        note = "one chain as one INSERT (not the full closure)"
    elif name == "jcgraph-infer-query":
        from jcgraph.backends.oxigraph.infer import inferred_graphs
        from jcgraph.backends.oxigraph.store import open_store

        store = open_store(root, on_disk=False)
        text = _cooperation_query(root)
        start = time.perf_counter()
        rows = store.select(text, "owlrl")
        seconds = time.perf_counter() - start
        derived = sum(
            1 for g in inferred_graphs(store, "owlrl") for _ in store.store.quads_for_pattern(None, None, None, g)
        )
        note = f"{len(rows):,} rows; derived {derived:,} triples (only what cq-12 reads)"
    elif name == "pyoxigraph-chain-query":
        store = _raw_store(root)
        # cq-12's answer written by hand for the raw store: the rule's path, no inference at all
        text = _cooperation_query(root).replace(
            "?state jc:cooperatesWith ?partner .",
            "?agreement (jc:stateParty|jc:institutionParty/jc:ofState) ?state , ?partner . FILTER (?state != ?partner)",
        )
        start = time.perf_counter()
        rows = sum(1 for _ in store.query(text))
        seconds = time.perf_counter() - start
        note = f"{rows:,} rows; cq-12 rewritten by hand as a property path"
    elif name == "catalogue-queries":
        from jcgraph.backends.oxigraph.run import run_store
        from jcgraph.backends.oxigraph.store import open_store

        # Both sides in one process, each query timed alternately (best of 5): on a shared two-core
        # machine, timings of a 30 ms query drift by 20-40 % between processes, which would be the ratio.
        store, raw = open_store(root, on_disk=False), _raw_store(root)

        def iterate(text: str) -> None:
            for solution in raw.query(text):
                for _value in solution:
                    pass

        ours, rows, iterated = {}, {}, {}
        for query_name, text in _catalogue(root):
            ours[query_name], rows[query_name], iterated[query_name] = _best_of_all(
                # what `jcgraph query` and `jcgraph.query()` run on the store: rows of rdflib terms
                lambda text=text: run_store(store, text, "select", "none", None),
                # the same answer from raw pyoxigraph: its rows, as a list (what a caller keeps)
                lambda text=text: [tuple(solution) for solution in raw.query(text)],
                # a lower bound no caller gets: each value touched and dropped at once
                lambda text=text: iterate(text),
            )
        seconds = sum(ours.values())
        note = json.dumps({"jcgraph": ours, "pyoxigraph": rows, "pyoxigraph-iterate": iterated})
    elif name == "jcgraph-queries-alone":
        from jcgraph.backends.oxigraph.run import run_store
        from jcgraph.backends.oxigraph.store import open_store

        # jcgraph alone in its process (the paired step also holds the raw store): its peak memory
        store = open_store(root, on_disk=False)
        start = time.perf_counter()
        rows = sum(len(run_store(store, text, "select", "none", None).rows) for _, text in _catalogue(root))
        seconds = time.perf_counter() - start
        note = f"every catalogue query once, {rows:,} rows; for its peak memory (timings: the paired rows)"
    elif name == "jcgraph-export":
        from jcgraph.backends.oxigraph.store import open_store

        store = open_store(root, on_disk=False)
        out = Path(tempfile.mkdtemp()) / "export.ttl"
        start = time.perf_counter()
        store.export_turtle(out)
        seconds = time.perf_counter() - start
        note = f"{out.stat().st_size / 1e6:.0f} MB, sorted, deterministic"
    elif name == "pyoxigraph-export":
        import pyoxigraph as ox

        store = _raw_store(root)
        out = Path(tempfile.mkdtemp()) / "export.ttl"
        start = time.perf_counter()
        store.dump(str(out), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        seconds = time.perf_counter() - start
        note = f"{out.stat().st_size / 1e6:.0f} MB, unsorted"
    elif name == "rdflib-export":
        import jcgraph

        kg = jcgraph.load(root)
        out = Path(tempfile.mkdtemp()) / "export.ttl"
        start = time.perf_counter()
        kg.asserted.serialize(out, format="longturtle")
        seconds = time.perf_counter() - start
    else:
        raise SystemExit(f"unknown step {name}")
    return {"seconds": seconds, "note": note}


# -- the parent: sizes, processes, table ----------------------------------------------------------------


def _child(name: str, root: Path, delta: Path, timeout: float) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--step",
        name,
        "--root",
        str(root),
        "--delta",
        str(delta),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "JCGRAPH_CACHE_DIR": ""}
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mb": None, "note": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"seconds": None, "peak_mb": None, "note": "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _process(args: list[str], env: dict, repeat: int = 3) -> dict:
    """Time a whole command as a user runs it (best of ``repeat``), with its children's peak memory."""
    # A small wrapper runs the command and reports its own children's peak memory (this process's
    # RUSAGE_CHILDREN would be the largest of every step so far).
    wrapper = (
        "import json, resource, subprocess, sys, time; t = time.perf_counter(); "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(json.dumps([code, time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))"
    )
    best, peak = None, 0.0
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", wrapper, *args], capture_output=True, text=True, env={**os.environ, **env}
        )
        code, elapsed, child_peak = json.loads(done.stdout.strip().splitlines()[-1])
        if code not in (0, 1):
            return {"seconds": None, "peak_mb": None, "note": f"failed with exit code {code}"}
        best = elapsed if best is None else min(best, elapsed)
        peak = max(peak, child_peak)
    return {"seconds": best, "peak_mb": peak, "note": f"whole process, best of {repeat}"}


def _skip(name: str, size: str) -> bool:
    limit = SLOW_UP_TO.get(name)
    return limit is not None and list(SIZES).index(size) > list(SIZES).index(limit)


def measure_size(size: str, agreements: int, workdir: Path, timeout: float) -> list[dict]:
    from jcgraph.backends.oxigraph.store import open_store
    from jcgraph.tools.synth import generate

    sys.path.insert(0, str(HERE))
    from delta import write_delta

    root = workdir / size
    summary = generate(root, agreements, seed=1)
    delta = write_delta(open_store(root, on_disk=False), workdir / f"delta-{size}.ttl")
    print(f"\n== {size}: {summary.triples:,} triples ({agreements:,} agreements) ==", flush=True)
    rows = []

    def run(operation: str, name: str, anchor_of: str | None = None) -> dict:
        if _skip(name, size):
            result = {"seconds": None, "peak_mb": None, "note": f"skipped above {SLOW_UP_TO[name]}"}
        else:
            result = _child(name, root, delta, timeout)
        row = {"size": size, "operation": operation, "name": name, "anchor_of": anchor_of, **result}
        rows.append(row)
        shown = f"{row['seconds']:.3f} s" if row["seconds"] is not None else "-"
        print(f"  {operation:<28} {name:<22} {shown:>10}  {row['note']}", flush=True)
        return row

    run("load", "jcgraph-load")
    run("load", "pyoxigraph-load", "jcgraph-load")
    run("load", "rdflib-load", "jcgraph-load")
    run("validate whole graph", "jcgraph-whole")
    run("validate whole graph", "pyrudof-whole", "jcgraph-whole")
    run("validate whole graph", "pyshacl-whole", "jcgraph-whole")
    run("validate whole graph", "jcgraph-whole-gates")
    run("validate delta (in-process)", "jcgraph-delta")
    run("validate delta (in-process)", "pyshacl-delta", "jcgraph-delta")
    # Cold processes, as a steward runs them: no cache (parse everything), then with the on-disk store.
    # `jcgraph validate` picks the store by itself from 512 KB of input; force it at every size.
    python = [sys.executable, "-m", "jcgraph", "validate", "--root", str(root), str(delta)]
    for label, env in (
        ("jcgraph-delta-cold", {"JCGRAPH_CACHE_DIR": "", "JCGRAPH_BACKEND": "oxigraph"}),
        (
            "jcgraph-delta-cold-disk",
            {"JCGRAPH_CACHE_DIR": str(workdir / f"cache-{size}"), "JCGRAPH_BACKEND": "oxigraph"},
        ),
    ):
        if label.endswith("disk"):
            subprocess.run(python, capture_output=True, env={**os.environ, **env})  # builds the on-disk store
        result = _process(python, env)
        row = {"size": size, "operation": "validate delta (cold process)", "name": label, "anchor_of": None, **result}
        rows.append(row)
        print(f"  {'validate delta (cold process)':<28} {label:<22} {row['seconds'] or 0:>8.3f} s", flush=True)
    if not _skip("cli-validate-delta", size):
        result = _process(
            [sys.executable, "-m", "jcgraph", "validate", "--root", str(root), str(delta)],
            {"JCGRAPH_CACHE_DIR": "", "JCGRAPH_BACKEND": "rdflib"},
            repeat=1,
        )
        result["note"] = "`jcgraph validate` on the rdflib + pySHACL path (JCGRAPH_BACKEND=rdflib)"
    else:
        result = {"seconds": None, "peak_mb": None, "note": "skipped above 10k"}
    rows.append(
        {
            "size": size,
            "operation": "validate delta (cold process)",
            "name": "cli-validate-delta",
            "anchor_of": "jcgraph-delta-cold",
            **result,
        }
    )
    run("inference (OWL RL + rules)", "jcgraph-infer")
    run("inference (OWL RL + rules)", "owlrl", "jcgraph-infer")
    run("inference (OWL RL + rules)", "reasonable", "jcgraph-infer")
    run("inference (OWL RL + rules)", "sparql-chain")
    run("inference for one query (cq-12)", "jcgraph-infer-query")
    run("inference for one query (cq-12)", "pyoxigraph-chain-query", "jcgraph-infer-query")
    command = [sys.executable, "-m", "jcgraph", "query", "cq-12", "--root", str(root), "--format", "csv"]
    command += ["--param", "state=Afghanistan"]  # a state every size has, looked up by name
    for label, env in (
        ("cli-query-inference", {"JCGRAPH_CACHE_DIR": "", "JCGRAPH_BACKEND": "oxigraph"}),
        (
            "cli-query-inference-disk",
            {"JCGRAPH_CACHE_DIR": str(workdir / f"cache-{size}"), "JCGRAPH_BACKEND": "oxigraph"},
        ),
    ):
        if label.endswith("disk"):
            subprocess.run(command, capture_output=True, env={**os.environ, **env})  # fills the cache
        result = _process(command, env)
        result["note"] = "`jcgraph query cq-12` (OWL RL), " + result["note"]
        row = {"size": size, "operation": "query with inference (cold)", "name": label, "anchor_of": None, **result}
        rows.append(row)
        print(f"  {'query with inference (cold)':<28} {label:<22} {row['seconds'] or 0:>8.3f} s", flush=True)
    paired = _child("catalogue-queries", root, delta, timeout)
    if paired["seconds"] is not None:
        both = json.loads(paired["note"])
        for name, times, anchor_of in (
            ("jcgraph-queries", both["jcgraph"], None),
            ("pyoxigraph-queries", both["pyoxigraph"], "jcgraph-queries"),
            ("pyoxigraph-iterate", both["pyoxigraph-iterate"], "jcgraph-queries"),
        ):
            row = {"size": size, "operation": "catalogue queries", "name": name, "anchor_of": anchor_of}
            row.update(seconds=sum(times.values()), peak_mb=paired["peak_mb"], note=json.dumps(times))
            rows.append(row)
            print(f"  {'catalogue queries':<28} {name:<22} {row['seconds']:>8.3f} s", flush=True)
    run("catalogue queries", "jcgraph-queries-alone")
    run("export Turtle", "jcgraph-export")
    run("export Turtle", "pyoxigraph-export", "jcgraph-export")
    run("export Turtle", "rdflib-export", "jcgraph-export")
    return rows


def table(rows: list[dict]) -> str:
    by_name = {(r["size"], r["name"]): r for r in rows}
    lines = [
        "| size | operation | tool | seconds | peak MB | jcgraph / this | note |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in rows:
        seconds = f"{r['seconds']:.3f}" if r["seconds"] is not None else "-"
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") else "-"
        ratio = ""
        if r["anchor_of"] and r["seconds"]:
            ours = by_name.get((r["size"], r["anchor_of"]))
            if ours and ours["seconds"]:
                ratio = f"{ours['seconds'] / r['seconds']:.2f}"
        note = r["note"] if not str(r["note"]).startswith("{") else "per query: see JSON"
        lines.append(f"| {r['size']} | {r['operation']} | {r['name']} | {seconds} | {peak} | {ratio} | {note} |")
    return "\n".join(lines) + "\n"


def targets_table(rows: list[dict], size: str = "1M") -> str:
    """The issue's targets at ``size``, each with what this run measured and whether it is reached."""
    got = {r["name"]: r for r in rows if r["size"] == size}
    if "jcgraph-load" not in got:
        return ""

    def sec(name: str) -> float | None:
        return got.get(name, {}).get("seconds")

    def peak(name: str) -> float:
        return got.get(name, {}).get("peak_mb") or 0.0

    checks = []

    def check(target: str, measured: str, ok: bool | None) -> None:
        checks.append(f"| {target} | {measured} | {'yes' if ok else '**no**' if ok is not None else '-'} |")

    def ratio(a: str, b: str) -> float | None:
        return sec(a) / sec(b) if sec(a) and sec(b) else None

    r = ratio("jcgraph-load", "pyoxigraph-load")
    check("load ≤ 1.2× pyoxigraph", f"{sec('jcgraph-load'):.2f} s = {r:.2f}×" if r else "-", r and r <= 1.2)
    worst = max(peak("jcgraph-load"), peak("jcgraph-queries-alone"), peak("jcgraph-delta"))
    check("peak memory of load + query + delta ≤ 1 GB", f"{worst:.0f} MB", worst <= 1024)
    d = sec("jcgraph-delta")
    check("delta validation in-process ≤ 0.1 s", f"{d:.3f} s" if d else "-", d is not None and d <= 0.1)
    r = ratio("jcgraph-delta-cold", "jcgraph-load")
    check("cold `jcgraph validate delta.ttl` ≤ 1.5× load", f"{r:.2f}×" if r else "-", r and r <= 1.5)
    d = sec("jcgraph-delta-cold-disk")
    check("the same with the on-disk store ≤ 1 s", f"{d:.2f} s" if d else "-", d is not None and d <= 1)
    r = ratio("jcgraph-whole", "pyrudof-whole")
    check(
        "whole validation ≤ 1.0× pyrudof, ≤ 2 GB",
        f"{r:.2f}×, {peak('jcgraph-whole'):.0f} MB" if r else "-",
        r is not None and r <= 1 and peak("jcgraph-whole") <= 2048,
    )
    d = sec("jcgraph-infer")
    check("whole OWL RL closure ≤ 2 s", f"{d:.2f} s" if d else "-", d is not None and d <= 2)
    d = sec("jcgraph-infer-query")
    check("inference a query needs (cq-12) ≤ 2 s", f"{d:.2f} s" if d else "-", d is not None and d <= 2)
    ours, raw = got.get("jcgraph-queries", {}).get("note"), got.get("pyoxigraph-queries", {}).get("note")
    if ours and raw and ours.startswith("{") and raw.startswith("{"):
        ours, raw = json.loads(ours), json.loads(raw)
        ratios = {name: ours[name] / raw[name] for name in ours if raw.get(name)}
        name = max(ratios, key=ratios.get)
        check("each catalogue query ≤ 1.5× pyoxigraph", f"worst {ratios[name]:.2f}× ({name})", ratios[name] <= 1.5)
    r = ratio("jcgraph-export", "pyoxigraph-export")
    check("deterministic Turtle ≤ 5× pyoxigraph", f"{r:.2f}×" if r else "-", r is not None and r <= 5)
    head = [f"\n## Targets at {size}\n", "| target | measured | reached |", "|---|---|---|"]
    return "\n".join(head + checks) + "\n"


def per_query_table(rows: list[dict]) -> str:
    """Each catalogue query's best-of-5 seconds: jcgraph against raw pyoxigraph, timed in turn in one process."""
    times = {(r["size"], r["name"]): json.loads(r["note"]) for r in rows if str(r["note"]).startswith("{")}
    lines = [
        "\n## Each catalogue query (best of 5, in turn in one process)\n",
        "jcgraph: `backends.oxigraph.run.run_store`, what `jcgraph query` and `jcgraph.query()` run on the store "
        "(rows of "
        "rdflib terms). pyoxigraph: the same query on a raw `pyoxigraph.Store`, its rows kept as a list of tuples "
        "of pyoxigraph terms (the target's anchor); *iterate*: each value touched and dropped at once, a lower "
        "bound no caller gets (the anchor of earlier runs).\n",
        "| size | query | jcgraph s | pyoxigraph s | jcgraph / pyoxigraph | iterate s | jcgraph / iterate |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for size in dict.fromkeys(r["size"] for r in rows):
        ours, raw = times.get((size, "jcgraph-queries")), times.get((size, "pyoxigraph-queries"))
        iterated = times.get((size, "pyoxigraph-iterate"), {})
        if not ours or not raw:
            continue
        for name in ours:
            ratio = ours[name] / raw[name] if raw.get(name) else float("nan")
            low = iterated.get(name)
            extra = f"{low:.4f} | {ours[name] / low:.2f}" if low else "- | -"
            lines.append(f"| {size} | {name} | {ours[name]:.4f} | {raw[name]:.4f} | {ratio:.2f} | {extra} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k triples only")
    parser.add_argument("--sizes", nargs="*", choices=list(SIZES), help="sizes to run (default: all, or --quick)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a step is stopped")
    parser.add_argument("--output", default=str(HERE / "results.md"))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--delta", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        result = step(args.step, Path(args.root), Path(args.delta) if args.delta else None)
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    sizes = args.sizes or (["10k", "100k"] if args.quick else list(SIZES))
    rows = []
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="jcgraph-bench-") as work:
        for size in sizes:
            rows += measure_size(size, SIZES[size], Path(work), args.timeout)
    text = table(rows)
    header = (
        f"# jcgraph benchmark\n\n`python bench/run.py{' --quick' if args.quick else ''}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; "
        f"{time.time() - started:.0f} s in all. Seconds are the operation alone (the graph already "
        "loaded, except for load and cold-process rows); peak MB is the whole child process, load "
        "included. *jcgraph / this* is jcgraph's time divided by this tool's.\n\n"
    )
    details = targets_table(rows) + per_query_table(rows)
    Path(args.output).write_text(header + text + details, encoding="utf-8")
    print("\n" + text)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
