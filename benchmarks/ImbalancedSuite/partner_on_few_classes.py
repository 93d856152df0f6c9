"""The "FastTree partner on tables of a few classes" reading of a results file, for the owner's decision on a default
partner (EXPERIMENTS.md): adds a contender focal-mid whose rows are focal-ft's on tasks of at most 11 classes and the
focal defaults' on the others (letter-lt, 26 classes). Not run by CI.

    /usr/bin/python3 benchmarks/ImbalancedSuite/partner_on_few_classes.py results-seeds-1319-1328.csv /tmp/mid.csv
    dotnet run -c Release --project benchmarks/ImbalancedSuite -- --results /tmp/mid.csv --seeds 1319,...,1328 \
        --contenders focal,cross-entropy,FastTree,FastTree-unbal,LightGbm,LightGbm-unbal,Lbfgs,focal-ft --focal focal-mid --report-only
"""
import csv
import sys

# The suite's multiclass tasks and their class counts; every other task is binary.
CLASSES = {"glass": 6, "vowel-lt": 11, "digits-lt": 10, "letter-lt": 26}
MOST_CLASSES = 11

source, target = sys.argv[1], sys.argv[2]
with open(source, newline="") as f:
    rows = list(csv.DictReader(f))
out = []
for row in rows:
    out.append(row)
    few = CLASSES.get(row["task"], 2) <= MOST_CLASSES
    if row["contender"] == ("focal-ft" if few else "focal"):
        out.append({**row, "contender": "focal-mid"})
with open(target, "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(out)
