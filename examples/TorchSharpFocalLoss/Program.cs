// A hand-written TorchSharp training loop with the focal loss module, for users who do not use ML.NET.
// It trains the same small network on the Glass data (6 classes, 8.4 : 1) twice, with plain cross-entropy and with
// focal loss plus balanced class weights, and prints the recall of each class on a held-out stratified split.
// Run: dotnet run --project examples/TorchSharpFocalLoss
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

const int Seed = 1;
const int Epochs = 400;

// 1. Read the CSV: nine numeric features, then the class label in the last column.
string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv"));
var rows = lines.Skip(1).Select(l => l.Split(',').Select(f => f.Trim('"')).ToArray()).ToArray();
string[] classNames = rows.Select(r => r[^1]).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
float[][] features = rows.Select(r => r[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
long[] labels = rows.Select(r => (long)Array.IndexOf(classNames, r[^1])).ToArray();

// 2. A stratified 70/30 split keeps every rare class on both sides.
var random = new Random(Seed);
var train = new List<int>();
var test = new List<int>();
foreach (var group in Enumerable.Range(0, rows.Length).GroupBy(i => labels[i]))
{
    int[] shuffled = group.OrderBy(_ => random.Next()).ToArray();
    int testCount = Math.Max(1, (int)Math.Round(shuffled.Length * 0.3));
    test.AddRange(shuffled[..testCount]);
    train.AddRange(shuffled[testCount..]);
}

// 3. Standardise with statistics from the training rows only.
Tensor ToTensor(List<int> index) => tensor(index.SelectMany(i => features[i]).ToArray(), new long[] { index.Count, features[0].Length });
Tensor xTrain = ToTensor(train), xTest = ToTensor(test);
Tensor mean = xTrain.mean(new long[] { 0 }), std = xTrain.std(0).clamp_min(1e-6);
xTrain = (xTrain - mean) / std;
xTest = (xTest - mean) / std;
Tensor yTrain = tensor(train.Select(i => labels[i]).ToArray());
long[] yTest = test.Select(i => labels[i]).ToArray();

// 4. Balanced class weights from the training histogram become the focal loss's α.
long[] counts = Enumerable.Range(0, classNames.Length).Select(c => (long)train.Count(i => labels[i] == c)).ToArray();
double[] balanced = ClassWeights.Balanced(counts);

Console.WriteLine($"Glass: {train.Count} training rows, {test.Count} test rows, classes {string.Join(" ", classNames.Select((c, i) => $"{c}:{counts[i]}"))}");
Console.WriteLine($"balanced α: {string.Join(" ", balanced.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}");
Console.WriteLine();
Console.WriteLine($"{"loss",-28} {"accuracy",8} {"macro recall",12}  recall per class ({string.Join(" ", classNames)})");
Report("cross-entropy (γ=0, no α)", new SoftmaxFocalLoss(gamma: 0));
Report("focal (γ=2, balanced α)", new SoftmaxFocalLoss(ClassAlpha.PerClass(balanced), gamma: 2));

void Report(string name, SoftmaxFocalLoss criterion)
{
    manual_seed(Seed);
    var network = nn.Sequential(
        nn.Linear(features[0].Length, 32), nn.ReLU(),
        nn.Linear(32, 32), nn.ReLU(),
        nn.Linear(32, classNames.Length));
    var optimizer = optim.AdamW(network.parameters(), lr: 0.01, weight_decay: 1e-3);

    network.train();
    for (int epoch = 0; epoch < Epochs; epoch++)
    {
        // One dispose scope per step frees every tensor the step made.
        using var step = NewDisposeScope();
        optimizer.zero_grad();
        criterion.call(network.call(xTrain), yTrain).backward();
        optimizer.step();
    }

    network.eval();
    long[] predicted;
    using (no_grad())
    using (NewDisposeScope())
        predicted = network.call(xTest).argmax(1).data<long>().ToArray();
    double[] recall = Enumerable.Range(0, classNames.Length).Select(c =>
    {
        int[] ofClass = Enumerable.Range(0, yTest.Length).Where(i => yTest[i] == c).ToArray();
        return ofClass.Count(i => predicted[i] == c) / (double)ofClass.Length;
    }).ToArray();
    double accuracy = Enumerable.Range(0, yTest.Length).Count(i => predicted[i] == yTest[i]) / (double)yTest.Length;
    Console.WriteLine($"{name,-28} {accuracy,8:P1} {recall.Average(),12:P1}  {string.Join(" ", recall.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}");
}
