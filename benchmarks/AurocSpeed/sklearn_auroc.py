#!/usr/bin/python3
"""Times scikit-learn on the data the C# benchmark wrote. Prints "name seconds value" lines."""
import sys
import time

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import label_binarize


def timed(name, f):
    start = time.perf_counter()
    value = f()
    print(f"{name} {time.perf_counter() - start:.4f} {value:.12f}", flush=True)


folder = sys.argv[1]
binary_scores = np.fromfile(f"{folder}/binary_scores.f32", dtype=np.float32)
binary_labels = np.fromfile(f"{folder}/binary_labels.u8", dtype=np.uint8)
timed("binary", lambda: roc_auc_score(binary_labels, binary_scores))

classes = int(sys.argv[2])
scores = np.fromfile(f"{folder}/multiclass_scores.f32", dtype=np.float32).reshape(-1, classes).astype(np.float64)
labels = np.fromfile(f"{folder}/multiclass_labels.i32", dtype=np.int32)
scores /= scores.sum(1, keepdims=True)  # sklearn insists on rows summing to 1 in float64
timed("ovr-macro", lambda: roc_auc_score(labels, scores, multi_class="ovr", average="macro"))
timed("ovr-weighted", lambda: roc_auc_score(labels, scores, multi_class="ovr", average="weighted"))
timed("micro", lambda: roc_auc_score(label_binarize(labels, classes=np.arange(classes)), scores, average="micro"))
timed("ovo-macro", lambda: roc_auc_score(labels, scores, multi_class="ovo", average="macro"))
