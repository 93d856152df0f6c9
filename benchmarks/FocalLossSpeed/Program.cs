// Focal loss forward+backward against TorchSharp's cross_entropy forward+backward on the same CPU logits,
// in one process. Prints the median time of each and their ratio per shape. Goal: ratio ≤ 1.5. Then the trainer's
// binary loss, its closed-form gradient computed in managed memory, against the same loss composed from tensor ops,
// at its batch sizes; its optimizer step in managed memory against the same step as tensor ops; and the network's
// forward and backward in a training step, by hand against autograd; a dropout mask drawn in managed code against
// libtorch's rand; and early stopping's macro AUROC against sorting every class's scores.
// Run: dotnet run -c Release --project benchmarks/FocalLossSpeed [-- --repeats 200]
using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
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

    double crossEntropy = MedianMs(repeats, () => nn.functional.cross_entropy(logits, targets).backward(), () => logits.grad!.zero_());
    double focal = MedianMs(repeats, () => FocalLossFunctional.Softmax(logits, targets, gamma: 2).backward(), () => logits.grad!.zero_());
    double focalAlpha = MedianMs(repeats, () => FocalLossFunctional.Softmax(logits, targets, alpha, 2).backward(), () => logits.grad!.zero_());
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
        double composed = 1000 * MedianMs(repeats * 10, () =>
            FocalLossFunctional.Sigmoid(logits.view(-1), labels.view(-1), alpha: -1, gamma: 2, FocalLossReduction.None).sum().backward(),
            () => logits.grad!.zero_());
        double closedForm = 1000 * MedianMs(repeats * 10, () =>
            logits.backward(new[] { MemberLoss.Compute(binary, logits, labels, null, FocalLossReduction.Sum).Gradient! }),
            () => logits.grad!.zero_());
        if (pass == 1) Console.WriteLine($"{rows,-12} {composed,12:F1} {closedForm,12:F1} {closedForm / composed,7:F2}");
    }
}

// The trainer's AdamW step on the flat parameter: one vectorised managed loop over its memory (FlatOptimizer on the
// CPU) against the same update as tensor ops (what it does on other devices), at the parameter counts of the
// default network (5 members, 64x64) on 9 features and 6 classes, on 64 features, and of a 512x512 network.
Console.WriteLine();
Console.WriteLine($"{"parameters",-12} {"tensor ops",12} {"managed",12} {"ratio",7}  (median µs of one AdamW step)");
foreach (long size in new[] { 25_950L, 41_925L, 1_400_000L })
{
    using var noGrad = no_grad();
    var managed = randn(new[] { size }, generator: new Generator().manual_seed(5));
    var ops = managed.clone();
    var gradient = randn(new[] { size }, generator: new Generator().manual_seed(6));
    using var managedStep = new FlatOptimizer(managed, gradient, FocalOptimizer.AdamW, 1e-4, 0.9);
    using var opsStep = new FlatOptimizer(ops, gradient, FocalOptimizer.AdamW, 1e-4, 0.9, tensorOps: true);
    for (int pass = 0; pass < 2; pass++)
    {
        double tensorOps = 1000 * MedianMs(repeats * 10, () => opsStep.Step(1e-3), () => { });
        double managedLoop = 1000 * MedianMs(repeats * 10, () => managedStep.Step(1e-3), () => { });
        if (pass == 1) Console.WriteLine($"{size,-12} {tensorOps,12:F1} {managedLoop,12:F1} {managedLoop / tensorOps,7:F2}");
    }
    // Thousands of steps of lr 1e-3 move each element by several units; float rounding in another order may differ.
    double difference = managed.sub(ops).abs().max().item<float>();
    if (!(difference < 1e-3)) throw new InvalidOperationException($"The two updates disagree by up to {difference}.");
}

// The default network's forward and backward in a training step (5 members, two hidden layers of 64, dropout 0.1),
// through autograd (EnsembleMlp.forward, then backward into the flat gradient) against the training step's own pass
// (ForwardForTraining, then Backward by hand), at the batch sizes the budget picks for letter-z (256 rows of 16
// features), digits-8 (128 of 64) and glass (16 of 9, 6 classes). Both draw the same dropout masks and must agree.
Console.WriteLine();
Console.WriteLine($"{"batch",-12} {"autograd",12} {"by hand",12} {"ratio",7}  (median µs of a step's network forward and backward)");
foreach ((int batch, int inputs, int outputs) in new[] { (256, 16, 1), (128, 64, 1), (16, 9, 6) })
{
    using var init1 = new Generator(7);
    using var init2 = new Generator(7);
    using var dropout1 = new Generator(8);
    using var dropout2 = new Generator(8);
    using var autograd = new EnsembleMlp(5, inputs, new[] { 64, 64 }, outputs, HiddenActivation.ReLU, 0.1, init1, dropout1);
    using var byHand = new EnsembleMlp(5, inputs, new[] { 64, 64 }, outputs, HiddenActivation.ReLU, 0.1, init2, dropout2);
    autograd.train();
    var x = randn(new long[] { 5, batch, inputs }, generator: new Generator().manual_seed(9));
    var upstream = randn(new long[] { 5, batch, outputs }, generator: new Generator().manual_seed(10));
    // Alternated call by call, so that a busy spell of the machine slows both alike.
    (double graph, double manual) = PairedMedianMs(repeats * 10,
        () => { autograd.Gradient.zero_(); autograd.call(x).backward(new[] { upstream }); },
        () => byHand.Backward(Tape(byHand, x), upstream));
    Console.WriteLine($"{$"{batch}x{inputs}",-12} {1000 * graph,12:F1} {1000 * manual,12:F1} {manual / graph,7:F2}");
    // Same weights, and the same masks after the same number of steps: one more step's gradients must match.
    autograd.Gradient.zero_();
    autograd.call(x).backward(new[] { upstream });
    byHand.Backward(Tape(byHand, x), upstream);
    double gap = autograd.Gradient.sub(byHand.Gradient).abs().max().item<float>();
    if (!(gap < 1e-4)) throw new InvalidOperationException($"The two backward passes disagree by up to {gap}.");
}

// The dropout mask of one layer, [1, batch, 64] at p = 0.1: libtorch's rand, ge_ and div_ on a CPU generator against
// the same numbers drawn and compared in managed code (TorchMersenneTwister) into a new tensor, as a step draws it.
Console.WriteLine();
Console.WriteLine($"{"mask rows",-12} {"libtorch",12} {"managed",12} {"ratio",7}  (median µs of one 64-unit dropout mask)");
foreach (long rows in new long[] { 256, 128, 16 })
{
    long[] shape = { 1, rows, 64 };
    using var generator = new Generator(8);
    var twister = new TorchMersenneTwister(8);
    using Scalar p = 0.1.ToScalar(), keep = 0.9.ToScalar();
    Tensor Libtorch() => rand(shape, ScalarType.Float32, generator: generator).ge_(p).div_(keep);
    Tensor Managed() => twister.DropoutMask(shape, 0.1);
    (double libtorch, double managed) = PairedMedianMs(repeats * 10, () => Libtorch(), () => Managed());
    Console.WriteLine($"{rows,-12} {1000 * libtorch,12:F1} {1000 * managed,12:F1} {managed / libtorch,7:F2}");
    // Both have drawn the same count of numbers: the next masks must be the same floats.
    using var scope = NewDisposeScope();
    if (!Libtorch().eq(Managed()).all().item<bool>()) throw new InvalidOperationException("The managed mask is not libtorch's.");
}

// Early stopping's macro AUROC for one network's held-out rows at letter-lt's shape (866 rows, 26 classes, the
// suite's long tail of 29 : 1): HeldOutAuroc, which counts a rare class's pairs directly, against sorting every
// row's score for every class (ScoreGroups, the evaluator's way and HeldOutAuroc's before). The two must be equal.
Console.WriteLine();
Console.WriteLine($"{"rows x classes",-14} {"sort",10} {"counted",10} {"ratio",7}  (median µs of one macro AUROC)");
foreach ((int heldOut, int classes) in new[] { (866, 26), (120, 6) })
{
    var random = new Random(11);
    var aurocLabels = new int[heldOut];
    var aurocScores = new float[heldOut * classes];
    for (int i = 0; i < heldOut; i++)
    {
        aurocLabels[i] = (int)(classes * Math.Pow(random.NextDouble(), 2)); // class c is rarer than class c − 1
        for (int c = 0; c < classes; c++) aurocScores[i * classes + c] = (float)random.NextDouble() + (c == aurocLabels[i] ? 0.5f : 0);
    }
    double bySort = 0, counted = 0;
    (double sortMs, double countedMs) = PairedMedianMs(repeats * 10,
        () => bySort = SortedMacroAuroc(aurocScores, aurocLabels, classes),
        () => counted = HeldOutAuroc.Macro(aurocScores, aurocLabels, classes));
    if (bySort != counted) throw new InvalidOperationException($"The two macro AUROCs differ: {bySort:R} against {counted:R}.");
    Console.WriteLine($"{$"{heldOut}x{classes}",-14} {1000 * sortMs,10:F1} {1000 * countedMs,10:F1} {countedMs / sortMs,7:F2}");
}

// Every class's scores sorted, as the evaluator ranks them (no NaN here).
static double SortedMacroAuroc(float[] scores, int[] labels, int classes)
{
    var column = new float[labels.Length];
    var positive = new bool[labels.Length];
    double sum = 0;
    int defined = 0;
    for (int c = 0; c < classes; c++)
    {
        for (int i = 0; i < labels.Length; i++) (column[i], positive[i]) = (scores[i * classes + c], labels[i] == c);
        double auroc = ScoreGroups.Build(column, positive, default).Auroc();
        if (double.IsNaN(auroc)) continue;
        sum += auroc;
        defined++;
    }
    return sum / defined;
}

static ActivationTape Tape(EnsembleMlp network, Tensor x)
{
    network.ForwardForTraining(x, out ActivationTape tape);
    return tape;
}

// The medians over `count` rounds (after warm-up) that each time `a` once and then `b` once, in milliseconds.
(double A, double B) PairedMedianMs(int count, Action a, Action b)
{
    var timesA = new double[count];
    var timesB = new double[count];
    for (int i = -warmup; i < count; i++)
    {
        using var scope = NewDisposeScope();
        long start = Stopwatch.GetTimestamp();
        a();
        double msA = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        b();
        double msB = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (i < 0) continue;
        timesA[i] = msA;
        timesB[i] = msB;
    }
    Array.Sort(timesA);
    Array.Sort(timesB);
    return (timesA[count / 2], timesB[count / 2]);
}

// The median over `count` timed runs (after warm-up) of `timed`, in milliseconds; `reset` runs untimed after each.
double MedianMs(int count, Action timed, Action reset)
{
    var times = new double[count];
    for (int i = -warmup; i < count; i++)
    {
        using var scope = NewDisposeScope();
        long start = Stopwatch.GetTimestamp();
        timed();
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        reset();
        if (i >= 0) times[i] = ms;
    }
    Array.Sort(times);
    return times[count / 2];
}
