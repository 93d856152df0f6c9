using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>`focalml train --stack`: focal's networks stacked with FastTree or LightGbm, saved as one model that scores.</summary>
[TestClass]
public sealed class StackOptionTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void StackedModelIsNamedSavedAndScoredByPredict()
    {
        using var temp = new TempFolder("focalml-stack");
        string glass = Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv");
        string model = Path.Combine(temp.Path, "model.zip"), predictions = Path.Combine(temp.Path, "p.csv");
        var (code, output, error) = Run("train", "--data", glass, "--label", "Type", "--stack", "LightGbm", "--epochs", "20", "--compare", "--out", model);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "; stacked with LightGbm on the held-out folds");
        StringAssert.Contains(output, "\nfocal+LightGbm ");
        StringAssert.Contains(output, "\nfocal+LightGbm, per class:");
        StringAssert.Contains(output, "\ncross-entropy ");

        // The zip holds the stacked model: its partner's weight is set, and predict scores every row with it.
        var ml = new MLContext(seed: 0);
        ITransformer loaded = ml.Model.Load(model, out _);
        FocalLossModelParameters parameters = Flatten(loaded).OfType<ISingleFeaturePredictionTransformer<FocalLossModelParameters>>().Single().Model;
        Assert.IsNotNull(parameters.StackingWeight);
        Succeeds("predict", "--model", model, "--data", glass, "--out", predictions);
        Assert.HasCount(215, File.ReadAllLines(predictions));

        // A value the option does not take is one line naming the choices, not the help text.
        Fails("--stack takes None, FastTree, LightGbm; got 'Forest'", "train", "--data", glass, "--label", "Type", "--stack", "Forest");
        Fails("--class-weighting takes None, Balanced", "train", "--data", glass, "--label", "Type", "--class-weighting", "Inverse");
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { transformer };
}
