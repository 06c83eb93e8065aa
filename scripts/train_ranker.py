#!/usr/bin/env python3
"""Fits newsmap's ranker (data/ranker.json) from the features `newsmap eval --dump-features`
writes, and reports its figures out of fold.

    pip install lightgbm==4.7.0 scikit-learn==1.9.1 numpy pandas
    cargo build --release
    python3 scripts/train_ranker.py --newsmap target/release/newsmap --eval DIR_OF_CORPORA

The corpora are the public geoparsing corpora as JSON Lines (lgl.jsonl, tr-news.jsonl,
ru-nerel-dev.jsonl, uk-ner-dev.jsonl,
geovirus.jsonl; see the README). What it does:

1. Runs `newsmap eval --hand --dump-features` on LGL and TR-News (with demonyms, as they
   annotate them), on the Russian and Ukrainian recognition corpora (ru-nerel-dev,
   uk-ner-dev: toponyms without points, so that Cyrillic texts are not read by a model
   that never saw one) and on GeoVirus: one row per name newsmap finds and candidate it
   scores, with the ranker's features and the gold label "this name is a toponym and this
   place lies within 161 km of its point" (for a toponym without a point: "this name is a
   toponym"). The dump uses the hand-weighted resolver, so that the data,
   and with it the model, never depend on an earlier model.
2. Fits gradient-boosted trees (LightGBM, binary log loss) on LGL, TR-News and the two
   Cyrillic corpora, with 5-fold
   cross-validation by document: each document is scored by a model that never saw it.
3. Simulates the resolver's decision (one sense per name and document, by the mean
   log-odds; a pin where the mention's own probability reaches the threshold) on the
   out-of-fold scores, and chooses the threshold that maximises the mean F1@161 of the
   training corpora. GeoVirus is only scored, never used to choose anything.
4. Fits the final model on all of them and writes it to data/ranker.json, with
   the threshold. The run is deterministic (one thread, fixed seeds): the same dump gives
   the same file, byte for byte.
"""

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd

TRAIN = ["lgl", "tr-news", "ru-nerel-dev", "uk-ner-dev"]
CHECK = ["geovirus"]
DEMONYMS = {"lgl", "tr-news"}
NO_POINTS = {"ru-nerel-dev", "uk-ner-dev"}
FOLDS = 5
UNRANKED = -50.0
# Texts shorter than this (a note, a headline, a tag) are left to the hand-weighted scores:
# the model learns from news articles, and 99% of LGL's are longer.
MIN_TEXT_CHARS = 300
PARAMS = dict(
    objective="binary",
    learning_rate=0.05,
    num_leaves=15,
    min_child_samples=20,
    reg_lambda=1.0,
    n_estimators=250,
    subsample=1.0,
    colsample_bytree=1.0,
    deterministic=True,
    force_row_wise=True,
    num_threads=1,
    random_state=15,
    verbose=-1,
)
META = ["corpus", "doc", "alone", "span", "group", "start", "end", "place", "gold", "gold_km",
        "near_161km", "near_25km", "unscored"]


def dump(newsmap, eval_dir, out):
    for corpus in TRAIN + CHECK:
        cmd = [newsmap, "eval", "--hand", "--dump-features", str(out)]
        if corpus in DEMONYMS:
            cmd.append("--demonyms")
        cmd.append(str(Path(eval_dir) / f"{corpus}.jsonl"))
        subprocess.run(cmd, check=True)


def load(features_dir, corpus):
    rows = pd.read_csv(Path(features_dir) / f"{corpus}.csv", dtype={"doc": str, "place": str})
    gold = pd.read_csv(Path(features_dir) / f"{corpus}.gold.csv", dtype={"doc": str})
    return rows, gold


def fold_of(doc):
    return int(hashlib.sha256(doc.encode()).hexdigest(), 16) % FOLDS


def decide(rows, log_odds, threshold):
    """The resolver's decision: for each group of mentions of one name, the candidate with
    the best mean log-odds; each mention a pin when its own probability reaches the
    threshold. Returns one row per mention: kept, gold, near (of the chosen candidate),
    unscored, probability."""
    df = rows[["corpus", "doc", "alone", "span", "group", "place", "gold", "near_161km",
               "unscored", "line_alone", "in_container", "kind_matches_hint", "hint_country",
               "hint_region", "hint_city", "hint_other"]].copy()
    # The region of a capital is not the model's to choose ("Moscow" is the city).
    df["z"] = np.where(rows["region_of_capital"].to_numpy() > 0, UNRANKED, log_odds)
    # Mean log-odds per group and candidate, over the group's mentions (a candidate a
    # mention does not rank counts as UNRANKED there).
    members = df.groupby(["corpus", "doc", "alone", "group"])["span"].nunique().rename("members")
    sums = df.groupby(["corpus", "doc", "alone", "group", "place"])["z"].agg(["sum", "count"])
    sums = sums.join(members, on=["corpus", "doc", "alone", "group"])
    sums["mean"] = (sums["sum"] + UNRANKED * (sums["members"] - sums["count"])) / sums["members"]
    best = sums["mean"].reset_index().sort_values(
        ["corpus", "doc", "alone", "group", "mean", "place"],
        ascending=[True, True, True, True, False, True])
    best = best.drop_duplicates(["corpus", "doc", "alone", "group"])[["corpus", "doc", "alone", "group", "place"]]
    chosen = df.merge(best, on=["corpus", "doc", "alone", "group", "place"])
    chosen["p"] = 1.0 / (1.0 + np.exp(-chosen["z"]))
    # Where the text itself says the name is a place, it keeps its pin, however sure the
    # model is of which (resolve.rs, placed_by_the_text): the name alone on its line, its
    # region or country after it, a generic word of its kind. (A distance before the name,
    # the fourth cue, is not in the features; such names are rare in these corpora.)
    hinted = (chosen["hint_region"] + chosen["hint_city"] + chosen["hint_other"]) > 0
    chosen["kept"] = ((chosen["p"] >= threshold) | (chosen["line_alone"] > 0)
                      | (chosen["in_container"] > 0)
                      | (hinted & (chosen["kind_matches_hint"] > 0)))
    return chosen


def figures(chosen, gold):
    out = {}
    for corpus, g in gold.groupby("corpus"):
        c = chosen[(chosen["corpus"] == corpus) & chosen["kept"] & (chosen["unscored"] == 0)
                   & (chosen["alone"] == 0)]
        n_gold = int(g["gold"].sum())
        pred = len(c)
        hits = int((c["gold"] >= 0).sum())
        tp161 = int(((c["gold"] >= 0) & (c["near_161km"] == 1)).sum())
        found = c[c["gold"] >= 0][["doc", "gold"]].drop_duplicates()
        found161 = c[(c["gold"] >= 0) & (c["near_161km"] == 1)][["doc", "gold"]].drop_duplicates()
        p, r = hits / max(pred, 1), len(found) / max(n_gold, 1)
        p161, r161 = tp161 / max(pred, 1), len(found161) / max(n_gold, 1)
        f1 = lambda a, b: 2 * a * b / (a + b) if a + b > 0 else 0.0
        out[corpus] = dict(P=p, R=r, F1=f1(p, r), P161=p161, R161=r161, F1_161=f1(p161, r161))
    return out


def calibration(chosen):
    """Expected calibration error of the kept pins' probabilities (10 bins)."""
    c = chosen[(chosen["unscored"] == 0) & (chosen["alone"] == 0)]
    right = ((c["gold"] >= 0) & (c["near_161km"] == 1)).astype(float)
    bins = np.minimum((c["p"] * 10).astype(int), 9)
    ece = 0.0
    table = []
    for b in range(10):
        m = bins == b
        if m.sum() == 0:
            continue
        conf, acc = c["p"][m].mean(), right[m].mean()
        ece += m.sum() / len(c) * abs(conf - acc)
        table.append((b / 10, int(m.sum()), conf, acc))
    return ece, table


def tree_arrays(node):
    feature, threshold, left, right, value = [], [], [], [], []

    def walk(n):
        if "leaf_value" in n:
            value.append(n["leaf_value"])
            return ~(len(value) - 1)
        if n.get("decision_type") != "<=":
            sys.exit(f"unsupported split {n.get('decision_type')}")
        i = len(feature)
        feature.append(n["split_feature"])
        threshold.append(n["threshold"])
        left.append(0)
        right.append(0)
        left[i] = walk(n["left_child"])
        right[i] = walk(n["right_child"])
        return i

    walk(node)
    return dict(feature=feature, threshold=threshold, left=left, right=right, value=value)


def eval_trees(trees, x):
    total = np.zeros(len(x))
    for t in trees:
        for r in range(len(x)):
            if not t["feature"]:
                total[r] += t["value"][0]
                continue
            n = 0
            while True:
                nxt = t["left"][n] if x[r, t["feature"][n]] <= t["threshold"][n] else t["right"][n]
                if nxt < 0:
                    total[r] += t["value"][~nxt]
                    break
                n = nxt
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmap", help="the newsmap binary (to dump the features)")
    ap.add_argument("--eval", help="the folder of corpora (lgl.jsonl, tr-news.jsonl, geovirus.jsonl)")
    ap.add_argument("--features", help="a folder `eval --dump-features` wrote (instead of dumping)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "ranker.json"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        features_dir = args.features
        if not features_dir:
            if not (args.newsmap and args.eval):
                ap.error("give --newsmap and --eval, or --features")
            features_dir = tmp
            dump(args.newsmap, args.eval, tmp)
        data = {c: load(features_dir, c) for c in TRAIN + CHECK}

    rows = pd.concat([data[c][0] for c in TRAIN], ignore_index=True)
    gold = pd.concat([data[c][1] for c in TRAIN], ignore_index=True)
    names = [c for c in rows.columns if c not in META]
    train = rows[rows["unscored"] == 0].reset_index(drop=True)
    # A corpus without points says a name is a toponym, not which of its places: its names
    # of several candidates would teach that any of them is right (Київ the village as much
    # as the capital). They are scored, not learned from.
    no_points = train["corpus"].isin(NO_POINTS)
    learn = (~no_points | (train["n_candidates"] <= 1)).to_numpy()
    # The label: the name is a toponym and this place is within 161 km of its point, and
    # no farther than 25 km beyond the mention's nearest candidate: a city's region lies
    # within 161 km of the city too, but "Kiev" is the city.
    nearest = train["gold_km"].where(train["gold_km"] >= 0).groupby(
        [train["corpus"], train["doc"], train["alone"], train["span"]]).transform("min")
    label = (train["near_161km"] == 1) & (
        (train["gold_km"] < 0) | (train["gold_km"] <= nearest + 25.0))
    x, y = train[names].to_numpy(dtype=np.float64), label.to_numpy().astype(int)
    print(f"{len(train)} rows, {train['doc'].nunique()} documents, {len(names)} features, "
          f"{y.mean():.3f} positive", file=sys.stderr)

    # Out of fold.
    folds = train["doc"].map(fold_of).to_numpy()
    oof = np.zeros(len(train))
    for k in range(FOLDS):
        model = lgb.LGBMClassifier(**PARAMS)
        fit = (folds != k) & learn
        model.fit(x[fit], y[fit])
        oof[folds == k] = model.predict(x[folds == k], raw_score=True)

    best_t, best_f = 0.5, -1.0
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f = figures(decide(train, oof, t), gold)
        mean = np.mean([f[c]["F1_161"] for c in TRAIN])
        if mean > best_f:
            best_t, best_f = float(t), mean
    oof_figures = figures(decide(train, oof, best_t), gold)
    ece, table = calibration(decide(train, oof, best_t))

    # The final model.
    model = lgb.LGBMClassifier(**PARAMS)
    model.fit(x[learn], y[learn])
    booster = model.booster_
    dumped = booster.dump_model()
    trees = [tree_arrays(t["tree_structure"]) for t in dumped["tree_info"]]
    check = x[:2000]
    mine = eval_trees(trees, check)
    theirs = booster.predict(check, raw_score=True)
    if not np.allclose(mine, theirs, atol=1e-9):
        sys.exit("the exported trees do not reproduce LightGBM's scores")

    final = {}
    for c in TRAIN + CHECK:
        r, g = data[c]
        r = r[r["unscored"] == 0].reset_index(drop=True)
        z = booster.predict(r[names].to_numpy(dtype=np.float64), raw_score=True)
        final.update(figures(decide(r, z, best_t), g))

    def fmt(f):
        return (f"F1@161 {f['F1_161']:.3f} (P@161 {f['P161']:.3f}, R@161 {f['R161']:.3f}); "
                f"recognition P {f['P']:.3f} R {f['R']:.3f}")

    print(f"threshold {best_t:.2f}", file=sys.stderr)
    for c in TRAIN:
        print(f"out of fold  {c:9} {fmt(oof_figures[c])}", file=sys.stderr)
    for c in TRAIN + CHECK:
        print(f"final model  {c:9} {fmt(final[c])}", file=sys.stderr)
    print(f"calibration (out of fold, every mention's chosen candidate): ECE {ece:.3f}", file=sys.stderr)
    for lo, n, conf, acc in table:
        print(f"  p in [{lo:.1f}, {lo + 0.1:.1f}): {n:6} mentions, mean p {conf:.3f}, right {acc:.3f}",
              file=sys.stderr)

    trained_on = (
        f"LightGBM {lgb.__version__}, {PARAMS['n_estimators']} trees of {PARAMS['num_leaves']} leaves, "
        f"on LGL, TR-News, ru-nerel-dev and uk-ner-dev ({train['doc'].nunique()} documents, {len(train)} candidates); "
        f"threshold {best_t:.2f} chosen out of fold; out of fold F1@161: "
        + ", ".join(f"{c} {oof_figures[c]['F1_161']:.3f}" for c in TRAIN)
    )
    out = dict(features=names, threshold=best_t, trained_on=trained_on,
               min_text_chars=MIN_TEXT_CHARS, base=0.0, trees=trees)
    Path(args.out).write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
