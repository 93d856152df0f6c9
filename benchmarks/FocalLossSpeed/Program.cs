// Focal loss forward+backward against TorchSharp's cross_entropy forward+backward on the same CPU logits,
// in one process. Prints the median time of each and their ratio per shape. Goal: ratio ≤ 1.5. Then the trainer's
// binary loss, its closed-form gradient computed in managed memory, against the same loss composed from tensor ops,
// at its batch sizes.
// Run: dotnet run -c Release --project benchmarks/FocalLossSpeed [-- --repeats 200]
using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
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

    double crossEntropy = MedianMs(logits, repeats, () => nn.functional.cross_entropy(logits, targets).backward());
    double focal = MedianMs(logits, repeats, () => FocalLossFunctional.Softmax(logits, targets, gamma: 2).backward());
    double focalAlpha = MedianMs(logits, repeats, () => FocalLossFunctional.Softmax(logits, targets, alpha, 2).backward());
    Console.WriteLine($"{rows}x{classes,-7} {crossEntropy,14:F3} {focal,12:F3} {focalAlpha,12:F3} {focal / crossEntropy,7:F2} {focalAlpha / crossEntropy,8:F2}");
}

// The trainer's binary loss: hard labels, the row losses and their gradients in closed form in managed memory
// (Training.MemberLoss, through FocalRowGradients.Binary), handed to backward, against the same loss composed from
// tensor ops (FocalLossFunctional.Sigmoid) and differentiated by autograd, at the trainer's batch sizes.
Console.WriteLine();
Console.WriteLine($"{"binary rows",-12} {"composed",12} {"closed form",12} {"ratio",7}  (median µs of loss, gradient and backward)");
var binary = new SigmoidTask(2.0, alpha: -1);
foreach (long rows in new[] { 80L, 320L, 1280L })
{
    using Scalar three = 3.0.ToScalar();
    var logits = randn(new[] { 1, rows, 1 }, generator: new Generator().manual_seed(3)).mul(three).requires_grad_(true);
    var labels = randint(0, 2, new[] { 1, rows }, generator: new Generator().manual_seed(4));
    for (int pass = 0; pass < 2; pass++)
    {
        double composed = 1000 * MedianMs(logits, repeats * 10, () =>
            FocalLossFunctional.Sigmoid(logits.view(-1), labels.view(-1), alpha: -1, gamma: 2, FocalLossReduction.None).sum().backward());
        double closedForm = 1000 * MedianMs(logits, repeats * 10, () =>
            logits.backward(new[] { MemberLoss.Compute(binary, logits, labels, null, FocalLossReduction.Sum).Gradient! }));
        if (pass == 1) Console.WriteLine($"{rows,-12} {composed,12:F1} {closedForm,12:F1} {closedForm / composed,7:F2}");
    }
}

// The median over `count` timed runs (after warm-up) of a loss's forward and backward, in milliseconds.
double MedianMs(Tensor logits, int count, Action forwardAndBackward)
{
    var times = new double[count];
    for (int i = -warmup; i < count; i++)
    {
        using var scope = NewDisposeScope();
        long start = Stopwatch.GetTimestamp();
        forwardAndBackward();
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        logits.grad!.zero_();
        if (i >= 0) times[i] = ms;
    }
    Array.Sort(times);
    return times[count / 2];
}
