#!/usr/bin/python3
"""Reference values for the focal-loss tests, from PyTorch and torchvision (Debian's python3-torch, python3-torchvision)
and scikit-learn (python3-sklearn). Run: /usr/bin/python3 generate_loss_fixtures.py > loss_fixtures.json

The softmax reference is written from the formula with ordinary autograd ops (no fused gradient), so it checks the
library's analytic gradient independently. A scalar alpha follows yatengLG/Focal-Loss-Pytorch: [a, 1-a, ..., 1-a].
"""
import itertools
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from sklearn.utils.class_weight import compute_class_weight

GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]
REDUCTIONS = ["None", "Sum", "Mean", "WeightedMean"]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def alpha_vector(mode, classes, rng):
    if mode == "none":
        return None, torch.ones(classes, dtype=torch.float64)
    if mode == "background":
        a = float(np.round(rng.uniform(0.05, 0.95), 3))
        return a, torch.tensor([a] + [1 - a] * (classes - 1), dtype=torch.float64)
    w = np.round(rng.uniform(0.1, 3.0, size=classes), 3).tolist()
    return w, torch.tensor(w, dtype=torch.float64)


def softmax_reference(logits, targets, alpha, gamma, reduction, ignore_index):
    classes = logits.shape[-1]
    x = logits.reshape(-1, classes)
    t = targets.reshape(-1)
    valid = torch.ones_like(t, dtype=torch.bool) if ignore_index is None else t != ignore_index
    t_safe = torch.where(valid, t, torch.zeros_like(t))
    log_p = F.log_softmax(x, dim=1)
    log_pt = log_p.gather(1, t_safe[:, None])[:, 0]
    pt = log_pt.exp()
    a = alpha[t_safe] * valid
    loss = -a * (1 - pt) ** gamma * log_pt
    if reduction == "None":
        return loss.reshape(targets.shape)
    if reduction == "Sum":
        return loss.sum()
    denominator = valid.sum() if reduction == "Mean" else a.sum()
    return loss.sum() / torch.clamp(denominator.to(loss.dtype), min=1e-300) if denominator > 0 else loss.sum()


def softmax_cases(rng):
    cases = []
    combos = itertools.product(["none", "background", "perclass"], GAMMAS, REDUCTIONS, DTYPES, ["2d", "3d"])
    for i, (alpha_mode, gamma, reduction, dtype, layout) in enumerate(combos):
        classes = [2, 3, 5, 10][i % 4]
        shape = [int(rng.integers(3, 9))] if layout == "2d" else [int(rng.integers(2, 4)), int(rng.integers(2, 5))]
        ignore_index = [None, -100, 1][i % 3] if i % 5 == 0 else None
        alpha_value, alpha = alpha_vector(alpha_mode, classes, rng)
        logits32or64 = torch.tensor(rng.normal(0, 3, size=shape + [classes]), dtype=DTYPES[dtype])
        targets = torch.tensor(rng.integers(0, classes, size=shape), dtype=torch.int64)
        if ignore_index is not None:
            mask = torch.tensor(rng.random(size=shape) < 0.3)
            targets = torch.where(mask, torch.full_like(targets, ignore_index), targets)
        x = logits32or64.to(torch.float64).requires_grad_(True)
        loss = softmax_reference(x, targets, alpha, gamma, reduction, ignore_index)
        loss.sum().backward()
        cases.append({
            "dtype": dtype, "shape": shape, "classes": classes,
            "logits": x.detach().reshape(-1).tolist(), "targets": targets.reshape(-1).tolist(),
            "alphaMode": alpha_mode, "alpha": alpha_value, "gamma": gamma, "reduction": reduction,
            "ignoreIndex": ignore_index,
            "loss": loss.detach().reshape(-1).tolist(), "grad": x.grad.reshape(-1).tolist(),
        })
    return cases


def sigmoid_cases(rng):
    cases = []
    combos = itertools.product([0.25, -1.0, 0.6], GAMMAS, ["None", "Mean", "Sum"], DTYPES)
    for i, (alpha, gamma, reduction, dtype) in enumerate(combos):
        shape = [[7], [3, 4], [2, 3, 2]][i % 3]
        logits = torch.tensor(rng.normal(0, 3, size=shape), dtype=DTYPES[dtype])
        targets = torch.tensor(rng.integers(0, 2, size=shape), dtype=torch.float64)
        x = logits.to(torch.float64).requires_grad_(True)
        loss = torchvision.ops.sigmoid_focal_loss(x, targets, alpha=alpha, gamma=gamma, reduction=reduction.lower())
        loss.sum().backward()
        cases.append({
            "dtype": dtype, "shape": shape, "logits": x.detach().reshape(-1).tolist(),
            "targets": targets.reshape(-1).tolist(), "alpha": alpha, "gamma": gamma, "reduction": reduction,
            "loss": loss.detach().reshape(-1).tolist(), "grad": x.grad.reshape(-1).tolist(),
        })
    return cases


def class_weight_cases(rng):
    cases = []
    for counts in ([500, 268], [70, 76, 17, 13, 9, 29], [1, 1000], [5, 5, 5, 5], [3, 0, 40, 7]):
        counts = np.array(counts)
        present = np.flatnonzero(counts)
        y = np.repeat(present, counts[present])
        balanced = np.zeros(len(counts))
        balanced[present] = compute_class_weight("balanced", classes=present, y=y)
        effective = {}
        for beta in (0.0, 0.9, 0.999, 0.9999):
            raw = np.zeros(len(counts))
            raw[present] = (1 - beta) / (1 - np.power(beta, counts[present].astype(float)))
            effective[str(beta)] = (raw * len(present) / raw.sum()).tolist()
        inv = np.zeros(len(counts))
        inv[present] = 1 / np.sqrt(counts[present])
        cases.append({
            "counts": counts.tolist(), "balanced": balanced.tolist(), "effectiveNumber": effective,
            "inverseSqrt": (inv * len(present) / inv.sum()).tolist(),
        })
    return cases


def main():
    rng = np.random.default_rng(20261128)
    torch.manual_seed(0)
    fixtures = {
        "generator": "generate_loss_fixtures.py",
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "softmax": softmax_cases(rng), "sigmoid": sigmoid_cases(rng), "classWeights": class_weight_cases(rng),
    }
    json.dump(fixtures, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
