#!/usr/bin/python3
"""The peer of TrainerThroughput: the same MLP, data, batch size, epochs and threads in PyTorch.
Reads features.f32 / labels.i64 / alpha.f64 from a folder; prints "rows_per_second <value>" per epoch."""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

folder, rows, features, classes, hidden, batch, epochs, threads, lr = sys.argv[1:10]
rows, features, classes, batch, epochs, threads = map(int, (rows, features, classes, batch, epochs, threads))
hidden = [int(h) for h in hidden.split(",")]
torch.set_num_threads(threads)
torch.manual_seed(1)
x = torch.from_numpy(np.fromfile(f"{folder}/features.f32", dtype=np.float32).reshape(rows, features))
y = torch.from_numpy(np.fromfile(f"{folder}/labels.i64", dtype=np.int64))
alpha = torch.from_numpy(np.fromfile(f"{folder}/alpha.f64", dtype=np.float64)).float()
x = (x - x.mean(0)) / x.std(0, unbiased=False).clamp_min(1e-6)

layers, width = [], features
for h in hidden:
    layers += [torch.nn.Linear(width, h), torch.nn.ReLU(), torch.nn.Dropout(0.1)]
    width = h
layers.append(torch.nn.Linear(width, classes))
network = torch.nn.Sequential(*layers)
optimizer = torch.optim.AdamW(network.parameters(), lr=float(lr), weight_decay=1e-4)
steps_total, step = epochs * ((rows + batch - 1) // batch), 0
network.train()
for epoch in range(epochs):
    order = torch.randperm(rows)
    start_time = time.perf_counter()
    for start in range(0, rows, batch):
        index = order[start:start + batch]
        for group in optimizer.param_groups:
            group["lr"] = float(lr) * 0.5 * (1 + np.cos(np.pi * step / max(steps_total - 1, 1)))
        logits = network(x[index])
        target = y[index]
        log_p = F.log_softmax(logits, 1).gather(1, target[:, None])[:, 0]
        a = alpha[target]
        loss = (a * -(1 - log_p.exp()) ** 2 * log_p).sum() / a.sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
    print(f"rows_per_second {rows / (time.perf_counter() - start_time):.1f}", flush=True)
