#!/usr/bin/python3
"""Reference values for calibration and decision tests, from scikit-learn 1.2 and SciPy 1.10 (Debian's python3-sklearn).
Run: /usr/bin/python3 generate_calibration_fixtures.py > calibration_fixtures.json

- metrics: log-loss (sklearn.metrics.log_loss) and the top-label expected calibration error with equal-width bins
  (lower, upper], as Guo et al.'s reference code computes it.
- temperature: the minimiser, found by SciPy's L-BFGS-B to a tight tolerance, of the weighted negative
  log-likelihood of softmax(a*z + b) plus (1/2)*||b - b0||^2 with b0 = -log(alpha) centred, plus (1/2)*(a - 1)^2;
  the "separable" cases are held-out logits that rank every row right, where the likelihood alone has no minimum.
- decision: for a grid of offsets d = -tau * log(prior), sklearn's macro F1 and balanced accuracy of
  argmax(log p + d).
Probabilities and logits are float32 values (ML.NET's Score type), stored exactly.
"""
import json
import sys

import numpy as np
from scipy.optimize import minimize
from sklearn.metrics import balanced_accuracy_score, f1_score, log_loss


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def ece(probabilities, labels, weights, bins):
    confidence = probabilities.max(1)
    correct = (probabilities.argmax(1) == labels).astype(np.float64)
    w = np.ones(len(labels)) if weights is None else weights
    boundaries = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lower, upper in zip(boundaries[:-1], boundaries[1:]):
        inside = (confidence > lower) & (confidence <= upper)
        if w[inside].sum() > 0:
            total += w[inside].sum() / w.sum() * abs(np.average(correct[inside], weights=w[inside]) - np.average(confidence[inside], weights=w[inside]))
    return total


def metrics_case(rng, name, n, classes, weighted, sharpness):
    labels = rng.integers(0, classes, n)
    labels[:classes] = np.arange(classes)
    logits = rng.normal(0, 1, (n, classes)) * sharpness
    logits[np.arange(n), labels] += sharpness
    probabilities = f32(softmax(logits))
    weights = f32(rng.uniform(0.1, 3.0, n)) if weighted else None
    return {
        "name": name, "classes": classes, "probabilities": probabilities.reshape(-1).tolist(), "labels": labels.tolist(),
        "weights": None if weights is None else weights.tolist(),
        "logLoss": log_loss(labels, probabilities, sample_weight=weights, labels=np.arange(classes)),
        "ece15": ece(probabilities, labels, weights, 15), "ece10": ece(probabilities, labels, weights, 10),
    }


def prior_correction(alpha):
    alpha = np.asarray(alpha, dtype=np.float64)
    b0 = np.where(alpha > 0, -np.log(np.where(alpha > 0, alpha, 1)), 0.0)
    defined = alpha > 0
    b0[defined] -= b0[defined].mean()
    return b0


def temperature_case(rng, name, n, classes, weighted, temperature, alpha, margin=2.0, noise=1.0):
    labels = rng.integers(0, classes, n)
    labels[:classes] = np.arange(classes)
    true_logits = rng.normal(0, noise, (n, classes))
    true_logits[np.arange(n), labels] += margin
    # What a network would output: over-confident logits, shifted by the log of the class weights.
    logits = f32(true_logits * temperature + np.log(alpha))
    weights = f32(rng.uniform(0.2, 2.0, n)) if weighted else np.ones(n)
    b0 = prior_correction(alpha)
    onehot = np.eye(classes)[labels]

    def objective(theta):
        a, b = theta[0], theta[1:]
        u = a * logits + b
        m = u.max(1, keepdims=True)
        lse = (m[:, 0] + np.log(np.exp(u - m).sum(1)))
        nll = (weights * (lse - (u * onehot).sum(1))).sum()
        p = np.exp(u - lse[:, None])
        r = p - onehot
        grad_a = (weights * (r * logits).sum(1)).sum() + (a - 1)
        grad_b = (weights[:, None] * r).sum(0) + (b - b0)
        return nll + 0.5 * ((b - b0) ** 2).sum() + 0.5 * (a - 1) ** 2, np.concatenate([[grad_a], grad_b])

    start = np.concatenate([[1.0], b0])
    result = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=[(1e-6, None)] + [(None, None)] * classes,
                      options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-10})
    return {
        "name": name, "classes": classes, "logits": logits.reshape(-1).tolist(), "labels": labels.tolist(),
        "weights": weights.tolist() if weighted else None, "alpha": list(map(float, alpha)),
        "temperature": 1 / result.x[0], "bias": result.x[1:].tolist(), "objective": float(result.fun),
    }


def binary_temperature_case(rng, name, n, weighted, alpha, separable=False):
    labels = (rng.random(n) < 0.2).astype(int)
    labels[:2] = [0, 1]
    if separable:
        # Every positive above every negative: |z| at least 2 on the right side of 0.
        z = f32((2 + np.abs(rng.normal(0, 2, n))) * (2 * labels - 1) + np.log(alpha / (1 - alpha)))
    else:
        z = f32(rng.normal(0, 1, n) * 2.5 + 3.0 * labels - 1.0 + np.log(alpha / (1 - alpha)))
    weights = f32(rng.uniform(0.2, 2.0, n)) if weighted else np.ones(n)
    b0 = prior_correction([1 - alpha, alpha])

    def objective(theta):
        a, b = theta[0], theta[1:]
        u = np.stack([np.zeros(n) + b[0], a * z + b[1]], 1)
        m = u.max(1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(u - m).sum(1))
        nll = (weights * (lse - u[np.arange(n), labels])).sum()
        return nll + 0.5 * ((b - b0) ** 2).sum() + 0.5 * (a - 1) ** 2

    result = minimize(objective, np.concatenate([[1.0], b0]), method="L-BFGS-B", bounds=[(1e-6, None), (None, None), (None, None)],
                      options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-10})
    return {
        "name": name, "logits": z.tolist(), "labels": labels.tolist(), "weights": weights.tolist() if weighted else None,
        "alpha": float(alpha), "temperature": 1 / result.x[0], "bias": float(result.x[2] - result.x[1]),
    }


def decision_case(rng, name, n, classes, weighted):
    prior = rng.dirichlet(np.ones(classes) * 1.5)
    prior = np.sort(prior)[::-1]
    labels = rng.choice(classes, size=n, p=prior)
    labels[:classes] = np.arange(classes)
    logits = rng.normal(0, 1, (n, classes))
    logits[np.arange(n), labels] += 1.5
    probabilities = f32(softmax(logits + np.log(prior)))
    weights = f32(rng.uniform(0.2, 2.0, n)) if weighted else None
    counts = np.bincount(labels, weights=weights, minlength=classes)
    share = counts / counts.sum()
    taus = [round(t, 2) for t in np.linspace(0, 1, 21)]
    cases = []
    for tau in taus:
        predicted = (np.log(np.maximum(probabilities, np.finfo(np.float32).tiny)) - tau * np.log(share)).argmax(1)
        cases.append({
            "tau": tau,
            "macroF1": f1_score(labels, predicted, average="macro", labels=np.arange(classes), sample_weight=weights, zero_division=0),
            "balancedAccuracy": balanced_accuracy_score(labels, predicted, sample_weight=weights),
        })
    return {"name": name, "classes": classes, "probabilities": probabilities.reshape(-1).tolist(), "labels": labels.tolist(),
            "weights": None if weights is None else weights.tolist(), "prior": share.tolist(), "grid": cases}


def main():
    rng = np.random.default_rng(11)
    metrics = [metrics_case(rng, f"{c} classes, {n} rows, weighted={w}, sharpness {s}", n, c, w, s)
               for (n, c, s) in [(50, 2, 1.0), (400, 3, 2.0), (1000, 10, 3.0), (300, 5, 0.5)] for w in (False, True)]
    temperature = [
        temperature_case(rng, "3 classes, over-confident, balanced weights", 300, 3, False, 2.5, np.array([0.5, 1.0, 3.0])),
        temperature_case(rng, "5 classes, under-confident, weighted rows", 500, 5, True, 0.6, np.array([1.0, 1.0, 2.0, 4.0, 8.0])),
        temperature_case(rng, "2 classes, no weighting", 200, 2, False, 1.7, np.array([1.0, 1.0])),
        temperature_case(rng, "12 classes, long tail", 900, 12, False, 1.3, np.geomspace(0.5, 20, 12)),
    ]
    binary = [binary_temperature_case(rng, "binary, balanced α", 400, False, 0.8), binary_temperature_case(rng, "binary, weighted rows", 300, True, 0.5)]
    decision = [decision_case(rng, f"{c} classes, {n} rows, weighted={w}", n, c, w) for (n, c) in [(300, 2), (500, 4), (800, 8)] for w in (False, True)]
    # Appended last, so the cases above keep their random draws.
    temperature.append(temperature_case(rng, "4 classes, separable held-out rows", 60, 4, False, 1.0, np.array([1.0, 2.0, 3.0, 6.0]), margin=8.0, noise=0.5))
    binary.append(binary_temperature_case(rng, "binary, separable held-out rows", 61, False, 0.6, separable=True))
    json.dump({"generator": "generate_calibration_fixtures.py", "metrics": metrics, "temperature": temperature, "binaryTemperature": binary,
               "decision": decision}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
