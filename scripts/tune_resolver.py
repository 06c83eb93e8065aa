#!/usr/bin/env python3
"""Choose the resolver's weights on data, reproducibly.

    python3 scripts/tune_resolver.py [EVAL_DIR]   (default ../shared/eval)

Runs `newsmap eval` (the debug build, `cargo build` first) over a small grid of each weight
in turn, around the defaults in src/geoparse/mod.rs (`Weights::default`), on the tuning
corpora LGL (with demonyms, as it is annotated) and UCDP, and prints for each value the
tuning score: the mean of LGL's F1, LGL's share within 161 km and UCDP's share of events
within 25 km. TR-News and GeoVirus are never used to choose; the script prints their
figures for the chosen defaults, as held-out results. Takes a few minutes.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "debug" / "newsmap"
EVAL = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"

GRID = {
    "none_score": [0.5, 1.0, 1.6],
    "region_bonus": [0.8, 1.2, 1.8],
    "city_size": [0.25, 0.35, 0.5],
    "primary_name_bonus": [0.8, 1.5, 2.0],
    "country_focus": [2.0, 3.5, 5.0],
}


def run(files, weights=(), demonyms=False):
    args = [str(BIN), "eval", "--format", "json"]
    if demonyms:
        args.append("--demonyms")
    for name, value in weights:
        args += ["--weight", f"{name}={value}"]
    out = subprocess.run(args + [str(EVAL / f) for f in files], check=True,
                         capture_output=True, text=True).stdout
    return {s["corpus"]: s for s in json.loads(out)}


def tuning_score(weights):
    lgl = run(["lgl.jsonl"], weights, demonyms=True)["lgl"]
    ucdp = run(["ucdp-ukraine-2014-2021.jsonl"], weights)["ucdp-ukraine-2014-2021"]
    parts = [lgl["f1"], lgl["acc_161km"], ucdp["events_within_25km"]]
    return sum(parts) / len(parts), parts


def main():
    if not BIN.exists():
        sys.exit("build first: cargo build")
    print(f"{'weight':<20} {'value':>6} {'score':>7}  LGL F1 / LGL @161 / UCDP @25")
    for name, values in GRID.items():
        for v in values:
            score, parts = tuning_score([(name, v)])
            print(f"{name:<20} {v:>6} {score:>7.4f}  " + " / ".join(f"{p:.3f}" for p in parts))
    held = run(["tr-news.jsonl"], demonyms=True) | run(["geovirus.jsonl"])
    print("\nheld out, with the defaults:")
    for corpus, s in sorted(held.items()):
        print(f"  {corpus:<10} F1 {s['f1']:.3f}  within 161 km {s['acc_161km']:.3f}")


if __name__ == "__main__":
    main()
