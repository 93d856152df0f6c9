#!/usr/bin/python3
"""Reference values for the evaluation tests, from scikit-learn 1.2 (Debian's python3-sklearn).
Run: /usr/bin/python3 generate_evaluation_fixtures.py > evaluation_fixtures.json

Scores are float32 values (ML.NET's Score type), stored exactly. Ties come from rounding scores to a coarse grid.
"""
import json
import sys

import numpy as np
from sklearn.metrics import (average_precision_score, classification_report, roc_auc_score, roc_curve)
from sklearn.preprocessing import label_binarize


def f32(a):
    return np.asarray(a, dtype=np.float32)


def binary_case(rng, name, n, positive_rate, ties, weighted, max_fprs):
    labels = rng.random(n) < positive_rate
    if labels.sum() == 0:
        labels[rng.integers(n)] = True
    scores = rng.normal(0, 1, n) + 1.2 * labels
    if ties:
        scores = np.round(scores * 4) / 4
    scores = f32(scores).astype(np.float64)
    weights = f32(rng.uniform(0.1, 3.0, n)).astype(np.float64) if weighted else None
    fpr, tpr, thresholds = roc_curve(labels, scores, sample_weight=weights, drop_intermediate=False)
    return {
        "name": name, "scores": scores.tolist(), "labels": labels.astype(int).tolist(),
        "weights": None if weights is None else weights.tolist(),
        "auroc": roc_auc_score(labels, scores, sample_weight=weights),
        "partial": [{"maxFpr": m, "auroc": roc_auc_score(labels, scores, sample_weight=weights, max_fpr=m)} for m in max_fprs],
        "averagePrecision": average_precision_score(labels, scores, sample_weight=weights),
        # The first sklearn point is an artificial threshold above every score; the tests start at +inf instead.
        "roc": {"thresholds": thresholds[1:].tolist(), "fpr": fpr.tolist(), "tpr": tpr.tolist()} if n <= 500 else None,
    }


def multiclass_case(rng, name, n, classes, ties, weighted):
    prior = rng.dirichlet(np.ones(classes) * 0.7)
    labels = rng.choice(classes, size=n, p=prior)
    labels[:classes] = np.arange(classes)  # every class present, so every average is defined
    logits = rng.normal(0, 1, (n, classes))
    logits[np.arange(n), labels] += 1.0
    if ties:
        logits = np.round(logits * 2) / 2
    probabilities = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    scores = f32(probabilities).astype(np.float64)
    # sklearn requires rows that sum to 1 within its tolerance; float32 rounding stays inside it.
    weights = f32(rng.uniform(0.1, 3.0, n)).astype(np.float64) if weighted else None
    onehot = label_binarize(labels, classes=np.arange(classes))
    per_class = []
    for c in range(classes):
        per_class.append({
            "auroc": roc_auc_score(onehot[:, c], scores[:, c], sample_weight=weights),
            "averagePrecision": average_precision_score(onehot[:, c], scores[:, c], sample_weight=weights),
            "support": int(onehot[:, c].sum()),
            "weightedSupport": float(onehot[:, c].sum() if weights is None else (onehot[:, c] * weights).sum()),
        })
    predicted = scores.argmax(1)
    report = classification_report(labels, predicted, labels=np.arange(classes), sample_weight=weights,
                                    output_dict=True, zero_division=0)
    return {
        "name": name, "classes": classes, "scores": scores.reshape(-1).tolist(), "labels": labels.tolist(),
        "weights": None if weights is None else weights.tolist(),
        "perClass": per_class,
        "macroAuroc": roc_auc_score(labels, scores, multi_class="ovr", average="macro", sample_weight=weights),
        "weightedAuroc": roc_auc_score(labels, scores, multi_class="ovr", average="weighted", sample_weight=weights),
        "microAuroc": roc_auc_score(onehot, scores, average="micro", sample_weight=weights),
        # sklearn's one-vs-one (Hand & Till) takes no sample weights.
        "oneVsOneMacroAuroc": None if weighted else roc_auc_score(labels, scores, multi_class="ovo", average="macro"),
        "report": {
            "precision": [report[str(c)]["precision"] for c in range(classes)],
            "recall": [report[str(c)]["recall"] for c in range(classes)],
            "f1": [report[str(c)]["f1-score"] for c in range(classes)],
            "support": [report[str(c)]["support"] for c in range(classes)],
            "macro": [report["macro avg"][k] for k in ("precision", "recall", "f1-score")],
            "weighted": [report["weighted avg"][k] for k in ("precision", "recall", "f1-score")],
        },
    }


def near_ties(rng, n):
    """Scores on a coarse grid, each nudged by a multiple of 1e-12: distinct doubles, equal floats within a cell."""
    return np.round(rng.normal(0, 1, n) * 8) / 8 + rng.integers(0, 50, n) * 1e-12


def double_binary_case(rng, name, n):
    labels = rng.random(n) < 0.2
    scores = near_ties(rng, n) + 0.7 * labels * (rng.random(n) < 0.5)
    return {"name": name, "kind": "binary", "classes": 2, "scores": scores.tolist(), "labels": labels.astype(int).tolist(),
            "auroc": roc_auc_score(labels, scores), "averagePrecision": average_precision_score(labels, scores),
            "floatAuroc": roc_auc_score(labels, scores.astype(np.float32))}


def double_multiclass_case(rng, name, n, classes):
    labels = rng.integers(0, classes, n)
    scores = np.stack([near_ties(rng, n) for _ in range(classes)], 1)
    scores[np.arange(n), labels] += 0.5 * (rng.random(n) < 0.5)
    onehot = label_binarize(labels, classes=np.arange(classes))
    per_class = [roc_auc_score(onehot[:, c], scores[:, c]) for c in range(classes)]
    return {"name": name, "kind": "multiclass", "classes": classes, "scores": scores.reshape(-1).tolist(), "labels": labels.tolist(),
            "perClassAuroc": per_class, "macroAuroc": float(np.mean(per_class)),
            "microAuroc": roc_auc_score(onehot, scores, average="micro"),
            "floatMacroAuroc": float(np.mean([roc_auc_score(onehot[:, c], scores[:, c].astype(np.float32)) for c in range(classes)]))}


def main():
    rng = np.random.default_rng(4)
    binary = [
        binary_case(rng, "balanced", 200, 0.5, False, False, [0.1, 0.5]),
        binary_case(rng, "ties", 300, 0.3, True, False, [0.05, 0.3]),
        binary_case(rng, "ties weighted", 300, 0.3, True, True, [0.2]),
        binary_case(rng, "weighted", 500, 0.1, False, True, [0.1, 0.7]),
        binary_case(rng, "one positive in 10000", 10000, 0.0, False, False, [0.01, 0.1]),
        binary_case(rng, "one positive in 10000 with ties", 10000, 0.0, True, True, [0.5]),
    ]
    multiclass = []
    for i, (n, classes) in enumerate([(60, 3), (400, 5), (800, 10), (600, 20), (300, 4)]):
        for ties in (False, True):
            for weighted in (False, True):
                multiclass.append(multiclass_case(rng, f"{classes} classes, {n} rows, ties={ties}, weighted={weighted}", n, classes, ties, weighted))
    # Double-precision scores that differ only beyond float precision: a cast to float would tie them.
    drng = np.random.default_rng(9)
    doubles = [double_binary_case(drng, "near-tied doubles", 3000), double_multiclass_case(drng, "near-tied doubles, 4 classes", 1500, 4)]
    json.dump({"generator": "generate_evaluation_fixtures.py", "binary": binary, "multiclass": multiclass, "doubles": doubles},
              sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
