"""Is glass's gap to the trees the focal defaults' or networks' in general? scikit-learn's own MLP and tree ensembles
on the same stratified 70/30 splits of two tables where ML.NET's trees beat the focal defaults (glass, ionosphere).

    /usr/bin/python3 benchmarks/ImbalancedSuite/sklearn_peers.py [splits]

Prints each model's macro-F1 (mean and standard error over the splits) and its paired difference from the best model.
The splits are scikit-learn's StratifiedShuffleSplit, not the suite's: compare the rows of this table with each other,
not with the suite's figures. About six minutes on 2 cores.
"""
import csv
import sys
import warnings

import numpy as np
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

DATA = "examples/data/"
TABLES = {"glass": ("Glass.csv", "Type"), "ionosphere": ("Ionosphere.csv", "Class")}


def load(file, label):
    rows = list(csv.DictReader(open(DATA + file)))
    columns = [c for c in rows[0] if c != label]
    return np.array([[float(r[c]) for c in columns] for r in rows]), np.array([r[label] for r in rows])


def mlp(seed):
    return make_pipeline(StandardScaler(), MLPClassifier((64, 64), max_iter=2000, random_state=seed))


class Bagged:
    """Five MLPs from different seeds, probabilities averaged: the size of the focal defaults' ensemble."""

    def __init__(self, seed):
        self.members = [mlp(seed * 10 + k) for k in range(5)]

    def fit(self, x, y):
        for m in self.members:
            m.fit(x, y)
        return self

    def predict(self, x):
        p = sum(m.predict_proba(x) for m in self.members)
        return self.members[0].classes_[p.argmax(1)]


MODELS = {
    "MLP 64x64": mlp,
    "5 MLPs 64x64": Bagged,
    "HistGradientBoosting, balanced": lambda s: HistGradientBoostingClassifier(class_weight="balanced", random_state=s),
    "RandomForest 500, balanced": lambda s: RandomForestClassifier(500, class_weight="balanced", random_state=s),
    "ExtraTrees 500": lambda s: ExtraTreesClassifier(500, random_state=s),
    "1-nearest neighbour": lambda s: make_pipeline(StandardScaler(), KNeighborsClassifier(1)),
}


def sem(values):
    return np.std(values, ddof=1) / len(values) ** 0.5


def main():
    splits = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    warnings.filterwarnings("ignore")
    for table, (file, label) in TABLES.items():
        x, y = load(file, label)
        scores = {name: [] for name in MODELS}
        for seed in range(1, splits + 1):
            train, test = next(StratifiedShuffleSplit(1, test_size=0.3, random_state=seed).split(x, y))
            for name, make in MODELS.items():
                predicted = make(seed).fit(x[train], y[train]).predict(x[test])
                scores[name].append(f1_score(y[test], predicted, average="macro"))
        best = max(scores, key=lambda n: np.mean(scores[n]))
        print(f"{table} ({len(y)} rows), macro-F1 over {splits} splits, and each model minus {best} (paired):")
        for name, v in scores.items():
            d = np.array(v) - np.array(scores[best])
            print(f"  {name:32s} {np.mean(v):.3f} ± {sem(v):.3f}   {np.mean(d):+.3f} ± {sem(d):.3f}")


if __name__ == "__main__":
    main()
