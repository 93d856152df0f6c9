using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// Early stopping's macro AUROC must equal the evaluator's (itself checked against scikit-learn) bit for bit: a
/// difference in the last place could move a 1e-4 improvement test and with it a fit's stopping epoch.
/// </summary>
[TestClass]
public sealed class HeldOutAurocTests
{
    [TestMethod]
    [DataRow(2, 7, 1)]
    [DataRow(6, 45, 2)]
    [DataRow(11, 120, 3)]
    [DataRow(26, 990, 4)]
    [DataRow(3, 400, 5)]
    public void EqualsTheEvaluatorsMacroAurocExactly(int classes, int rows, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            // Scores on a coarse grid (many ties), some rows with a NaN, and the last class often absent.
            var scores = new float[rows * classes];
            for (int i = 0; i < scores.Length; i++) scores[i] = random.Next(12) / 11f;
            var labels = new int[rows];
            for (int i = 0; i < rows; i++) labels[i] = random.Next(trial % 2 == 0 ? classes - 1 : classes);
            if (trial % 3 == 0) scores[random.Next(scores.Length)] = float.NaN;
            // −0 and +0 are one score to both; on other trials, continuous scores with no ties at all.
            if (trial % 4 == 1) for (int i = 0; i < scores.Length; i++) scores[i] = scores[i] == 0 && random.Next(2) == 0 ? -0f : scores[i];
            if (trial % 4 == 3) for (int i = 0; i < scores.Length; i++) scores[i] = (float)random.NextDouble();

            string[] names = Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
            double expected = MulticlassAurocMetrics.Compute(scores, labels, default, names).MacroAuroc;
            double actual = HeldOutAuroc.Macro(scores, labels, classes);
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual),
                $"trial {trial}: evaluator {expected:R}, early stopping {actual:R}");
        }
    }

    [TestMethod]
    public void KnownValuesWithTiesAndAnUndefinedClass()
    {
        // Class 0: positives score 0.9 and 0.5, negatives 0.5 and 0.1: pairs (0.9,0.5) 1, (0.9,0.1) 1, (0.5,0.5) ½,
        // (0.5,0.1) 1 → 3.5 / 4. Class 1: positives 0.5 and 0.9 against 0.5 and 0.1 the same way → 0.875.
        // Class 2 has no rows and is left out.
        float[] scores =
        {
            0.9f, 0.1f, 0f,
            0.5f, 0.5f, 0f,
            0.5f, 0.5f, 0f,
            0.1f, 0.9f, 0f,
        };
        int[] labels = { 0, 0, 1, 1 };
        Assert.AreEqual(0.875, HeldOutAuroc.Macro(scores, labels, 3), 1e-15);
        Assert.IsTrue(double.IsNaN(HeldOutAuroc.Macro(new[] { 0.3f, 0.7f }, new[] { 0 }, 2)), "one row: no class has both");
    }
}
