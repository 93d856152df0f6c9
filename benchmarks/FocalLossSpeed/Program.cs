// Focal loss forward+backward against TorchSharp's cross_entropy forward+backward on the same CPU logits,
// in one process. Prints the median time of each and their ratio per shape. Goal: ratio ≤ 1.5. Then the binary
// trainer's one-node loss against the same loss composed from tensor ops, at the trainer's batch sizes.
// Run: dotnet run -c Release --project benchmarks/FocalLossSpeed [-- --repeats 200]
using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

int repeats = args.Length == 2 && args[0] == "--repeats" ? int.Parse(args[1]) : 200;
int warmup = Math.Max(10, repeats / 10);
Console.WriteLine($"threads={get_num_threads()}  repeats={repeats}  warm-up={warmup}  (median ms of forward+backward)");
Console.WriteLine($"{"shape",-12} {"cross_entropy",14} {"focal γ=2",12} {"focal γ=2 α",12} {"ratio",7} {"ratio α",8}");

foreach ((long rows, long classes) in new[] { (4096L, 10L), (4096L, 1000L) })
{
    var logits = randn(new[] { rows, classes }, generator: new Generator().manual_seed(1)).requires_grad_(true);
    var targets = randint(0, classes, new[] { rows }, generator: new Generator().manual_seed(2));
    var alpha = ClassAlpha.BackgroundVersusRest(0.25);

    double crossEntropy = MedianMs(() => nn.functional.cross_entropy(logits, targets));
    double focal = MedianMs(() => FocalLossFunctional.Softmax(logits, targets, gamma: 2));
    double focalAlpha = MedianMs(() => FocalLossFunctional.Softmax(logits, targets, alpha, 2));
    Console.WriteLine($"{rows}x{classes,-7} {crossEntropy,14:F3} {focal,12:F3} {focalAlpha,12:F3} {focal / crossEntropy,7:F2} {focalAlpha / crossEntropy,8:F2}");

    double MedianMs(Func<Tensor> loss)
    {
        var times = new double[repeats];
        for (int i = -warmup; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            loss().backward();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            logits.grad!.zero_();
            if (i >= 0) times[i] = ms;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}

// The training path's binary loss: hard labels, per-row losses, one autograd node (BinaryFocalLossFunction),
// against the same loss composed from tensor ops (FocalLossFunctional.Sigmoid), at the batch sizes the trainer uses.
Console.WriteLine();
Console.WriteLine($"{"binary rows",-12} {"composed",12} {"one node",12} {"ratio",7}  (median µs of forward+backward+sum)");
foreach (long rows in new[] { 80L, 320L, 1280L })
{
    var logits = randn(new[] { rows }, generator: new Generator().manual_seed(3)).mul(3.0.ToScalar()).requires_grad_(true);
    var labels = randint(0, 2, new[] { rows }, generator: new Generator().manual_seed(4));
    for (int pass = 0; pass < 2; pass++)
    {
        double composed = MedianUs(() => FocalLossFunctional.Sigmoid(logits, labels, alpha: -1, gamma: 2, FocalLossReduction.None));
        double fused = MedianUs(() => BinaryFocalLossFunction.apply(logits, labels, 2.0));
        if (pass == 1) Console.WriteLine($"{rows,-12} {composed,12:F1} {fused,12:F1} {fused / composed,7:F2}");
    }

    double MedianUs(Func<Tensor> loss)
    {
        var times = new double[repeats * 10];
        for (int i = -warmup; i < times.Length; i++)
        {
            using var scope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            loss().sum().backward();
            double us = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            logits.grad!.zero_();
            if (i >= 0) times[i] = us;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
