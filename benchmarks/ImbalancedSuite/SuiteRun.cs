using System.Diagnostics;
using Microsoft.ML;

namespace ImbalancedSuite;

/// <summary>One contender on one split: featurise, fit on the training rows, score the test rows.</summary>
internal static class SuiteRun
{
    public static SplitMetrics FitAndScore(MLContext ml, TaskTable table, Contender contender, int[] trainRows, int[] testRows)
    {
        IDataView train = SuiteData.View(ml, table, trainRows), test = SuiteData.View(ml, table, testRows);
        var clock = Stopwatch.StartNew();
        ITransformer model = SuiteData.Featurizer(ml, table).Append(contender.Create(ml, table.Task.IsBinary)).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        return SplitMetrics.Of(model.Transform(test), table.Task.IsBinary, seconds);
    }
}
