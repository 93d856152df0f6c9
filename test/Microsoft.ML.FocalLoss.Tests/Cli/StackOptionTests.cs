using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
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

    [TestMethod]
    public void StackIsRefusedWhenTheNetworksStreamTheTable()
    {
        // A table above the CLI's in-memory limit streams from the file, and a partner needs the rows in memory: the
        // focal contender says so in one line instead of the trainer's exception after the data is read.
        var settings = new TrainSettings(2, ClassWeighting.Balanced, null, null, null, 0.01, new[] { 64, 64 }, 0, null, DecisionObjective.MacroF1, StackWith.FastTree);
        var ml = new MLContext(seed: 0);
        Microsoft.ML.FocalLoss.Cli.Contender streamed = Microsoft.ML.FocalLoss.Cli.Contender.Focal(ml, settings, binary: true, stream: true, _ => { });
        Assert.AreEqual("focal+FastTree", streamed.Name);
        StringAssert.StartsWith(Assert.Throws<CliException>(() => streamed.Create()).Message, "--stack needs the training rows in memory");
        Assert.IsNotNull(Microsoft.ML.FocalLoss.Cli.Contender.Focal(ml, settings, binary: true, stream: false, _ => { }).Create());
        Assert.IsNotNull(Microsoft.ML.FocalLoss.Cli.Contender.Focal(ml, settings with { Stack = StackWith.None }, binary: true, stream: true, _ => { }).Create());
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { transformer };
}
