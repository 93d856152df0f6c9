using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>`focalml train`: split, train focal loss (and the baselines with --compare), report, save.</summary>
internal static class TrainCommand
{
    public static string DefaultData => Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv");

    public static int Run(TextWriter output, string data, string label, string? testPath, double testFraction, TrainSettings settings,
        bool compare, string? modelPath, string? reportDirectory, bool live)
    {
        var ml = new MLContext(seed: settings.Seed);
        CsvTable table = CsvTable.Read(data);
        LabeledData all = LabeledData.ForTraining(table, label);
        ClassLabels classes = ClassLabels.From(all.Labels!, label);
        int[] index = classes.IndexOf(all.Labels!, label);

        // Rows without a label are dropped here, once, and counted.
        int unlabeled = index.Count(i => i < 0);
        (all, index) = Subset(all, index, Enumerable.Range(0, index.Length).Where(i => index[i] >= 0).ToArray());
        LabeledData train, test;
        int[] trainIndex, testIndex;
        if (testPath is not null)
        {
            (train, trainIndex) = (all, index);
            test = LabeledData.ForModel(CsvTable.Read(testPath), all.FeatureNames, label);
            testIndex = classes.IndexOf(test.Labels!, label);
            unlabeled += testIndex.Count(i => i < 0);
            (test, testIndex) = Subset(test, testIndex, Enumerable.Range(0, testIndex.Length).Where(i => testIndex[i] >= 0).ToArray());
        }
        else
        {
            (int[] trainRows, int[] testRows) = StratifiedSplit.Of(index, testFraction, settings.Seed);
            (train, trainIndex) = Subset(all, index, trainRows);
            (test, testIndex) = Subset(all, index, testRows);
        }
        output.WriteLine($"{Path.GetFileName(data)}: {all.Count} rows, {all.FeatureNames.Length} numeric features, label '{label}' with {classes.Names.Length} classes ({(classes.IsBinary ? $"binary, positive '{classes.Names[1]}'" : "multiclass")})");
        output.WriteLine($"train {trainIndex.Length} rows, test {testIndex.Length} rows (stratified, seed {settings.Seed}){(unlabeled > 0 ? $"; {unlabeled} rows without a label skipped" : "")}");
        output.WriteLine("class counts (train): " + string.Join(", ", classes.Names.Select((c, k) => $"{c}:{trainIndex.Count(i => i == k)}")));
        output.WriteLine($"network: hidden {string.Join("x", settings.Hidden)}, γ {settings.Gamma}, {(settings.Alpha is double a ? $"α {a}" : $"class weighting {settings.ClassWeighting}")}, "
            + $"{(settings.Epochs is int e ? $"{e} epochs" : "epochs from the row count")}, {(settings.BatchSize is int b ? $"batch {b}" : "batch from the row count")}, learning rate {settings.LearningRate}; "
            + "calibrated, decision tuned for macro-F1 on held-out folds");
        output.WriteLine();

        (IDataView trainView, IDataView testView) = (View(ml, train, trainIndex, classes), View(ml, test, testIndex, classes));
        var contenders = new List<Contender>
        {
            Contender.Focal(ml, settings, classes.IsBinary, new EpochProgress(output, "focal", live).Report),
        };
        if (compare)
        {
            contenders.Add(Contender.CrossEntropy(ml, settings, classes.IsBinary, new EpochProgress(output, "cross-entropy", live).Report));
            contenders.Add(Contender.FastTree(ml, classes.IsBinary));
            contenders.Add(Contender.LightGbm(ml, classes.IsBinary));
        }

        var results = new List<TrainerResult>();
        ITransformer? focalModel = null;
        foreach (Contender contender in contenders)
        {
            var clock = Stopwatch.StartNew();
            ITransformer model = contender.Create().Fit(trainView);
            double seconds = clock.Elapsed.TotalSeconds;
            focalModel ??= model;
            results.Add(Evaluate(ml, contender.Name, model, testView, testIndex, classes, seconds));
        }

        output.WriteLine();
        output.WriteLine($"Test set, {testIndex.Length} rows:");
        output.Write(ReportWriter.ComparisonTable(results));
        output.WriteLine();
        output.WriteLine("focal, per class:");
        output.Write(results[0].Report.ToText());

        if (reportDirectory is not null)
        {
            ReportWriter.Write(reportDirectory, results, classes.Names);
            output.WriteLine($"report: {Path.Combine(reportDirectory, "metrics.txt")}, metrics.csv, roc.png");
        }
        if (modelPath is not null)
        {
            var info = new ModelInfo(classes.IsBinary ? "binary" : "multiclass", label, all.FeatureNames, classes.Names);
            ModelBundle.Save(ml, focalModel!, DataViews.Features(ml, train).Schema, info, modelPath);
            output.WriteLine($"model: {modelPath}");
        }
        return 0;
    }

    internal static TrainerResult Evaluate(MLContext ml, string name, ITransformer model, IDataView data, int[] labels, ClassLabels classes, double seconds)
    {
        IDataView scored = model.Transform(data);
        float[] probabilities = DataViews.Probabilities(scored, classes.IsBinary);
        int[] predicted = classes.IsBinary
            ? scored.GetColumn<bool>("PredictedLabel").Select(p => p ? 1 : 0).ToArray()
            : scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray();
        var report = ClassificationReport.Create(probabilities, labels, predicted, default, classes.Names);
        return new TrainerResult(name, report, probabilities, labels, seconds);
    }

    internal static IDataView View(MLContext ml, LabeledData data, int[] index, ClassLabels classes) =>
        classes.IsBinary ? DataViews.Binary(ml, data, index) : DataViews.Multiclass(ml, data, index, classes.Names);

    private static (LabeledData Data, int[] Index) Subset(LabeledData data, int[] index, int[] rows) =>
        (data.Select(rows), rows.Select(r => index[r]).ToArray());
}
