using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The pieces of cross-fitting: members that train side by side without touching each other, an optimizer that
/// matches PyTorch's AdamW and SGD (through TorchSharp's own implementations), and stratified folds.
/// </summary>
[TestClass]
public sealed class EnsembleTrainingTests
{
    [TestMethod]
    public void AMembersGradientIgnoresTheOtherMembersBatches()
    {
        using var scope = NewDisposeScope();
        using var init = new Generator(1);
        using var dropout = new Generator(2);
        using var network = new EnsembleMlp(3, 4, new[] { 5 }, 2, HiddenActivation.ReLU, 0, init, dropout);
        using Scalar two = 2.0.ToScalar();
        Tensor Gradient(Tensor input)
        {
            network.Gradient.zero_();
            network.call(input).pow(two).sum().backward();
            return network.Gradient.clone();
        }
        Tensor x = randn(3, 8, 4);
        Tensor changed = x.clone();
        changed[1] = randn(8, 4); // member 1 sees another batch
        float[][][] a = ByMember(network, Gradient(x)), b = ByMember(network, Gradient(changed));
        foreach (int member in new[] { 0, 2 })
            for (int block = 0; block < a[member].Length; block++)
                CollectionAssert.AreEqual(a[member][block], b[member][block], $"member {member}, block {block}");
        Assert.IsFalse(a[1][0].SequenceEqual(b[1][0]), "member 1's own gradient moved");
    }

    [TestMethod]
    public void HeldOutRowsScoredInBlocksGetTheLogitsOfOneCall()
    {
        using var scope = NewDisposeScope();
        using var init = new Generator(11);
        using var dropout = new Generator(12);
        using var network = new EnsembleMlp(3, 5, new[] { 16, 8 }, 4, HiddenActivation.ReLU, 0.1, init, dropout);
        network.eval();
        using var noGrad = no_grad();
        Tensor x = randn(new long[] { 3, 1025, 5 }, generator: new Generator(13));
        float[] whole = network.call(x).data<float>().ToArray();
        // Blocks of 5 rows, blocks that split 1,025 rows unevenly (3 × 342 or so, 2 × 513), one block for all. The
        // matrix kernels of small blocks round differently in the last bit (on the 2-core AMD EPYC VM, blocks of 5
        // rows differ by up to 6e-8 and the others not at all), so the check allows float rounding, not more.
        foreach (long block in new long[] { 5, 300, 512, 1024, 1025, 4096 })
        {
            Tensor blocks = network.ForwardInBlocks(x, block);
            CollectionAssert.AreEqual(new long[] { 3, 1025, 4 }, blocks.shape, $"block {block}");
            float[] got = blocks.data<float>().ToArray();
            for (int i = 0; i < whole.Length; i++)
                Assert.AreEqual(whole[i], got[i], 1e-6f * (1 + Math.Abs(whole[i])), $"block {block}, value {i}");
        }
    }

    [TestMethod]
    public void TheFlatGradientIsWhatAutogradGivesEachMembersLinearLayers()
    {
        // The reference: each member rebuilt from its exported weights as ordinary tensors, run through
        // nn.functional.linear, differentiated by autograd. Two backward passes check that the flat gradient
        // accumulates in place, as the optimizer reads it, rather than being replaced by a fresh tensor.
        using var scope = NewDisposeScope();
        using var init = new Generator(5);
        using var dropout = new Generator(6);
        using var network = new EnsembleMlp(3, 4, new[] { 6, 5 }, 2, HiddenActivation.Tanh, 0.5, init, dropout);
        network.eval();
        using Scalar two = 2.0.ToScalar();
        Tensor x = randn(3, 7, 4);
        network.Gradient.zero_();
        network.call(x).pow(two).sum().backward();
        network.call(x).pow(two).sum().backward();
        float[][][] actual = ByMember(network, network.Gradient);
        for (int m = 0; m < 3; m++)
        {
            MlpWeights exported = network.Export(m);
            Tensor[] w = exported.Weights.Select((v, l) => tensor(v).view(exported.Biases[l].Length, -1).requires_grad_(true)).ToArray();
            Tensor[] b = exported.Biases.Select(v => tensor(v).requires_grad_(true)).ToArray();
            Tensor h = x[m];
            for (int l = 0; l < w.Length; l++)
            {
                h = nn.functional.linear(h, w[l], b[l]);
                if (l < w.Length - 1) h = h.tanh();
            }
            h.pow(two).sum().mul(two).backward();
            float[][] expected = w.Concat(b).Select(t => t.grad!.data<float>().ToArray()).ToArray();
            for (int block = 0; block < expected.Length; block++)
                for (int i = 0; i < expected[block].Length; i++)
                    Assert.AreEqual(expected[block][i], actual[m][block][i], 1e-4f * (1 + Math.Abs(expected[block][i])), $"member {m}, block {block}, element {i}");
        }
    }

    [TestMethod]
    [DataRow(HiddenActivation.ReLU, 0.0, 2)]
    [DataRow(HiddenActivation.ReLU, 0.3, 2)]
    [DataRow(HiddenActivation.ReLU, 0.3, 1)]
    [DataRow(HiddenActivation.ReLU, 0.3, 3)]
    [DataRow(HiddenActivation.SiLU, 0.3, 2)]
    [DataRow(HiddenActivation.Tanh, 0.3, 2)]
    [DataRow(HiddenActivation.Tanh, 0.0, 0)]
    public void TheTrainingStepsBackwardMatchesAutograd(HiddenActivation activation, double dropout, int hiddenLayers)
    {
        // Two networks with the same weights and dropout generators: one runs forward() and autograd, the other the
        // training step's ForwardForTraining and Backward. The same masks are drawn, so logits and gradients must agree.
        using var scope = NewDisposeScope();
        int[] hidden = Enumerable.Range(0, hiddenLayers).Select(l => 6 + l).ToArray();
        using var init1 = new Generator(7);
        using var init2 = new Generator(7);
        using var dropout1 = new Generator(8);
        using var dropout2 = new Generator(8);
        using var reference = new EnsembleMlp(3, 4, hidden, 2, activation, dropout, init1, dropout1);
        using var network = new EnsembleMlp(3, 4, hidden, 2, activation, dropout, init2, dropout2);
        reference.train();
        Tensor x = randn(3, 9, 4), weight = randn(3, 9, 2);
        using Scalar stale = 123.0.ToScalar();
        for (int step = 0; step < 2; step++)
        {
            reference.Gradient.zero_();
            Tensor expectedLogits = reference.call(x);
            expectedLogits.backward(new[] { weight });
            network.Gradient.fill_(stale); // values that Backward must overwrite
            Tensor logits = network.ForwardForTraining(x, out ActivationTape tape);
            network.Backward(tape, weight);

            Assert.IsFalse(logits.requires_grad, "the training forward pass records no graph");
            float[] a = logits.data<float>().ToArray(), b = expectedLogits.detach().data<float>().ToArray();
            for (int i = 0; i < a.Length; i++) Assert.AreEqual(b[i], a[i], 1e-6f * (1 + Math.Abs(b[i])), $"step {step}, logit {i}");
            float[] actual = network.Gradient.data<float>().ToArray(), expected = reference.Gradient.data<float>().ToArray();
            for (int i = 0; i < actual.Length; i++)
                Assert.AreEqual(expected[i], actual[i], 1e-5f * (1 + Math.Abs(expected[i])), $"step {step}, gradient element {i}");
            Assert.IsTrue(expected.Count(v => v != 0) > expected.Length / 2, "most of the gradient is non-zero");
        }
    }

    /// <summary>A gradient laid out like the weights, split per member the way Export splits the weights.</summary>
    private static float[][][] ByMember(EnsembleMlp network, Tensor gradient)
    {
        using var noGrad = no_grad();
        Tensor saved = network.Weights.detach().clone();
        network.Weights.copy_(gradient);
        float[][][] perMember = Enumerable.Range(0, network.Members).Select(m =>
        {
            var weights = network.Export(m);
            return weights.Weights.Concat(weights.Biases).ToArray();
        }).ToArray();
        network.Weights.copy_(saved);
        return perMember;
    }

    [TestMethod]
    [DataRow(FocalOptimizer.AdamW, false)]
    [DataRow(FocalOptimizer.Sgd, false)]
    [DataRow(FocalOptimizer.AdamW, true)]
    [DataRow(FocalOptimizer.Sgd, true)]
    public void TheFlatOptimizerMatchesTorchSharpsImplementation(FocalOptimizer kind, bool tensorOps)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        // 50 elements: the managed loop's vectors and its scalar tail both run.
        var ours = new TorchSharp.Modules.Parameter(randn(50));
        var theirs = new TorchSharp.Modules.Parameter(ours.detach().clone());
        float[] start = ours.detach().data<float>().ToArray();
        // The gradient buffer is set before the first backward, as EnsembleMlp sets its leaves': backward must add
        // into it in place for the optimizer to see anything.
        Tensor gradient = zeros_like(ours);
        ours.grad = gradient;
        using var flat = new FlatOptimizer(ours, gradient, kind, weightDecay: 0.01, momentum: 0.9, tensorOps);
        using optim.Optimizer reference = kind == FocalOptimizer.AdamW
            ? optim.AdamW(new[] { theirs }, 0.01, weight_decay: 0.01)
            : optim.SGD(new[] { theirs }, 0.01, 0.9, weight_decay: 0.01);
        Tensor target = randn(50);
        for (int step = 0; step < 25; step++)
        {
            double rate = 0.01 * (1 - step / 50.0);
            foreach (var group in reference.ParamGroups) group.LearningRate = rate;
            flat.ZeroGrad();
            ours.sub(target).cosh().log().sum().backward(); // log cosh: a bounded, nonlinear gradient
            flat.Step(rate);
            reference.zero_grad();
            theirs.sub(target).cosh().log().sum().backward();
            reference.step();
        }
        float[] a = ours.detach().data<float>().ToArray(), b = theirs.detach().data<float>().ToArray();
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(b[i], a[i], 1e-5f, $"element {i}");
        double moved = a.Zip(start, (x, x0) => Math.Abs(x - x0)).Average();
        Assert.IsTrue(moved > 0.05, $"the elements moved by {moved} on average");
    }

    [TestMethod]
    public void FoldsAreStratifiedAndEveryRowIsHeldOutExactlyOnce()
    {
        int[] labels = Enumerable.Range(0, 103).Select(i => i < 80 ? 0 : i < 97 ? 1 : 2).ToArray();
        FoldPlan plan = FoldPlan.CrossFit(labels, 5, new Random(1));
        Assert.AreEqual(5, plan.Members);
        int[] heldOut = Enumerable.Range(0, 5).SelectMany(plan.HeldOutRows).Order().ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 103).ToArray(), heldOut, "each row is held out by one network");
        for (int m = 0; m < 5; m++)
        {
            int[] rows = plan.HeldOutRows(m);
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 103).Except(rows).ToArray(), plan.TrainingRows(m), "a network trains on the rest");
            Assert.AreEqual(16, rows.Count(r => labels[r] == 0), "80 rows of class 0 → 16 per fold");
            int rare = rows.Count(r => labels[r] == 2);
            Assert.IsTrue(rare is 1 or 2, $"6 rows of class 2 spread one or two per fold, not {rare}");
        }
        FoldPlan holdOut = FoldPlan.HoldOut(labels, 0.2, new Random(1));
        Assert.AreEqual(1, holdOut.Members);
        int[] held = holdOut.HeldOutRows(0);
        Assert.AreEqual(16, held.Count(r => labels[r] == 0));
        Assert.AreEqual(3, held.Count(r => labels[r] == 1));
        Assert.AreEqual(1, held.Count(r => labels[r] == 2), "a rare class keeps at least one held-out row");
    }

    [TestMethod]
    public void TheBudgetGivesSmallTablesEnoughStepsAndKeepsWhatTheUserSet()
    {
        var defaults = new FocalLossTrainer.Options();
        TrainingBudget small = TrainingBudget.For(120, defaults), large = TrainingBudget.For(200_000, defaults);
        Assert.AreEqual(16, small.BatchSize, "120 / 8 = 15 → 16");
        Assert.IsTrue(small.Epochs * Math.Ceiling(120 / 16.0) >= TrainingBudget.TargetSteps, $"{small.Epochs} epochs on 120 rows");
        Assert.AreEqual(256, large.BatchSize);
        Assert.AreEqual(TrainingBudget.MinEpochs, large.Epochs, "a large table reaches the step target within the minimum epochs");
        TrainingBudget chosen = TrainingBudget.For(120, new FocalLossTrainer.Options { NumberOfEpochs = 7, BatchSize = 32, EarlyStoppingPatience = 3 });
        Assert.AreEqual(new TrainingBudget(32, 7, 3), chosen, "options that are set win");
    }
}
