using System;
using System.Collections;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The command line's splits of the labelled rows by class, seeded: the library's stratification.</summary>
internal static class StratifiedSplit
{
    public static (BitArray Train, BitArray Test) Of(int[] classIndex, int classes, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new CliException($"--test-fraction must lie in (0, 1); got {testFraction}.");
        return Stratification.TrainTest(classIndex, classes, testFraction, new Random(seed));
    }

    /// <summary>Stratified k-fold: each row's fold (−1 for a row without a class).</summary>
    public static int[] Folds(int[] classIndex, int classes, int folds, int seed) => Stratification.Folds(classIndex, classes, folds, new Random(seed));
}
