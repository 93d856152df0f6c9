using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The decision rule: logit adjustment d_c = −τ·log π_c with τ chosen on held-out rows. The objectives match
/// scikit-learn's f1_score(average="macro") and balanced_accuracy_score on every point of the τ grid, the fit takes
/// the best τ, and the rules for a binary model and for a precision floor behave as documented.
/// </summary>
[TestClass]
public sealed class DecisionRuleFitTests
{
    public static IEnumerable<object[]> Cases => Enumerable.Range(0, CalibrationFixtures.Instance.Decision.Count).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ObjectivesMatchScikitLearnAcrossTheGridAndTheFitTakesTheBest(int index)
    {
        DecisionCase c = CalibrationFixtures.Instance.Decision[index];
        double[] logP = c.Probabilities.Select(p => Math.Log(Math.Max((float)p, float.Epsilon))).ToArray();
        float[] weights = c.Weights?.Select(w => (float)w).ToArray() ?? Enumerable.Repeat(1f, c.Labels.Length).ToArray();
        double[] logPrior = c.Prior.Select(p => Math.Log(p)).ToArray();
        foreach (DecisionGridPoint point in c.Grid)
        {
            double[] offsets = DecisionRuleFit.Offsets(logPrior, point.Tau);
            Assert.AreEqual(point.MacroF1, DecisionRuleFit.Evaluate(DecisionObjective.MacroF1, logP, c.Labels, weights, offsets), 1e-6, $"{c.Name}: macro F1 at τ {point.Tau}");
            Assert.AreEqual(point.BalancedAccuracy, DecisionRuleFit.Evaluate(DecisionObjective.BalancedAccuracy, logP, c.Labels, weights, offsets), 1e-6, $"{c.Name}: balanced accuracy at τ {point.Tau}");
        }
        double bestF1 = c.Grid.Max(p => p.MacroF1), bestBalanced = c.Grid.Max(p => p.BalancedAccuracy);
        double tauF1 = DecisionRuleFit.BestTau(DecisionObjective.MacroF1, logP, c.Labels, weights, logPrior);
        double tauBalanced = DecisionRuleFit.BestTau(DecisionObjective.BalancedAccuracy, logP, c.Labels, weights, logPrior);
        Assert.AreEqual(bestF1, c.Grid.Single(p => Math.Abs(p.Tau - tauF1) < 1e-9).MacroF1, 1e-6, $"{c.Name}: τ for macro F1");
        Assert.AreEqual(bestBalanced, c.Grid.Single(p => Math.Abs(p.Tau - tauBalanced) < 1e-9).BalancedAccuracy, 1e-6, $"{c.Name}: τ for balanced accuracy");
    }

    [TestMethod]
    public void ABinaryRuleIsAThresholdOnTheCalibratedLogit()
    {
        // Positives are rare (1 in 10) and score higher: tuning for balanced accuracy moves the threshold below 0
        // (probability one half), towards the positives.
        var random = new Random(3);
        const int n = 2000;
        int[] labels = Enumerable.Range(0, n).Select(i => i % 10 == 0 ? 1 : 0).ToArray();
        float[] logits = labels.Select(y => (float)(2.2 * y - 2.2 + 1.5 * Draws.Gaussian(random))).ToArray();
        var scores = new HeldOutScores(logits, labels, Enumerable.Repeat(1f, n).ToArray(), 1);
        DecisionRule balanced = DecisionRuleFit.Fit(DecisionObjective.BalancedAccuracy, scores, ProbabilityCalibration.Identity(1));
        DecisionRule argmax = DecisionRuleFit.Fit(DecisionObjective.Argmax, scores, ProbabilityCalibration.Identity(1));
        Assert.AreEqual(0, argmax.Offsets[0]);
        Assert.IsTrue(balanced.Offsets[0] < -0.5, $"threshold {balanced.Offsets[0]}");
        Assert.IsTrue(balanced.Offsets[0] >= Math.Log(0.1 / 0.9) - 1e-6, "the balanced end of the grid is −log(π₁/π₀)");
        // The recall of each class at that threshold, by hand, beats the argmax rule's balanced accuracy.
        double Balanced(float threshold) => (labels.Zip(logits).Count(p => p.First == 1 && p.Second > threshold) / 200.0
            + labels.Zip(logits).Count(p => p.First == 0 && p.Second <= threshold) / 1800.0) / 2;
        Assert.IsTrue(Balanced(balanced.Offsets[0]) > Balanced(0) + 0.05, $"{Balanced(balanced.Offsets[0]):F3} vs {Balanced(0):F3}");
    }

    [TestMethod]
    public void APrecisionFloorRaisesTheThresholdUntilPrecisionIsMet()
    {
        var random = new Random(8);
        const int n = 4000;
        int[] labels = Enumerable.Range(0, n).Select(i => i % 4 == 0 ? 1 : 0).ToArray();
        float[] logits = labels.Select(y => (float)(2.0 * y - 1.0 + Draws.Gaussian(random))).ToArray();
        var scores = new HeldOutScores(logits, labels, Enumerable.Repeat(1f, n).ToArray(), 1);
        DecisionRule rule = DecisionRuleFit.Fit(DecisionObjective.RecallAtPrecision(0.9), scores, ProbabilityCalibration.Identity(1));
        int predicted = logits.Count(z => z > rule.Offsets[0]), correct = labels.Zip(logits).Count(p => p.First == 1 && p.Second > rule.Offsets[0]);
        Assert.IsTrue(predicted > 0);
        Assert.IsTrue(correct / (double)predicted >= 0.9, $"precision {correct / (double)predicted:F3}");
        // A looser floor admits a lower threshold and more recall.
        DecisionRule looser = DecisionRuleFit.Fit(DecisionObjective.RecallAtPrecision(0.6), scores, ProbabilityCalibration.Identity(1));
        Assert.IsTrue(looser.Offsets[0] < rule.Offsets[0]);
    }

    [TestMethod]
    public void MulticlassPredictionAddsTheOffsetsToTheLogProbabilities()
    {
        var rule = new DecisionRule(DecisionObjective.MacroF1, new[] { 0f, 0.5f, -10f });
        Assert.AreEqual(1, rule.Predict(new[] { 0.5f, 0.4f, 0.1f }), "log 0.4 + 0.5 > log 0.5");
        Assert.AreEqual(0, rule.Predict(new[] { 0.7f, 0.2f, 0.1f }));
        Assert.AreEqual(0, rule.Predict(new[] { 0.45f, 0.0f, 0.55f }), "an offset of −10 keeps class 2 out; a zero probability still ranks");
        Assert.AreEqual(-1, rule.Predict(new[] { float.NaN, 0.5f, 0.5f }), "no class for NaN scores");
        Assert.AreEqual(0, DecisionRule.Argmax(3).Predict(new[] { 0.4f, 0.4f, 0.2f }), "a tie goes to the lowest index, as ML.NET's argmax");
    }
}
