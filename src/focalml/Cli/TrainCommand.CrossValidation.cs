using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.FocalLoss.Cli.Data;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>`focalml train --cv K`: the folds, their table, and the model trained on every row afterwards.</summary>
internal static partial class TrainCommand
{
    /// <summary>
    /// `--cv k`: every contender trains k times, each time on all folds but one, and scores the fold it did not see.
    /// The features are fitted on each fold's training rows alone, as they would be for new data. With --out, focal
    /// then trains once more on every row, and that model is saved.
    /// </summary>
    private static void CrossValidate(TextWriter output, MLContext ml, TrainRequest request, TrainSettings settings, bool live, TableProfile profile, CsvHeader header,
        IDataView labelled, IDataView raw, ClassLabels classes, int[] classIndex, int[] allCounts, int folds,
        string? modelPath, string? reportFolder)
    {
        // A class of n rows is tested by every fold when n ≥ k, and each fold trains on n − ⌈n/k⌉ of its rows.
        int minimum = folds;
        while (minimum - (minimum + folds - 1) / folds < 2) minimum++;
        CheckClassSizes(classes, allCounts, minimum, $"for --cv {folds}: each fold must test every class and train on at least two of its rows");
        int[] fold = StratifiedSplit.Folds(classIndex, classes.Names.Length, folds, settings.Seed);
        int rows = allCounts.Sum();
        long unseenRows = 0;
        UnseenCategories? firstUnseen = null;
        var perFold = new List<IReadOnlyList<TrainerResult>>();
        string[] summary = Summary(request, settings, profile, header, classes,
            $"{folds}-fold cross-validation of {rows} rows (stratified, seed {settings.Seed}): each fold trains on about {rows - rows / folds} rows and scores the {rows / folds} or so it did not see",
            "",
            "class counts: " + string.Join(", ", classes.Names.Select((c, k) => $"{c}:{allCounts[k]}")));
        foreach (string line in summary) output.WriteLine(line);
        output.WriteLine();

        for (int f = 0; f < folds; f++)
        {
            (BitArray trainRows, BitArray testRows) = Stratification.Fold(fold, f);
            IDataView train = new RowSubset(labelled, trainRows), test = new RowSubset(labelled, testRows);
            int[] testIndex = LabelMapping.Select(classIndex, testRows);
            int trainRowCount = rows - testIndex.Length;
            ITransformer featurizer = FeaturePipeline.Build(ml, profile.Features, header.Names).Fit(train);
            UnseenCategories unseen = KnownCategories.FromModel(featurizer, train.Schema).Find(test);
            unseenRows += unseen.Count;
            if (unseen.Count > 0) firstUnseen ??= unseen;
            (List<TrainerResult> results, _, _) = FitAndScore(output, ml, request, settings, live, featurizer, train, test, trainRowCount, testIndex, classes, $" {f + 1}/{folds}");
            perFold.Add(results);
        }

        var cv = new CrossValidationSummary(perFold);
        IReadOnlyList<TrainerResult> pooled = cv.Pooled(classes.Names);
        string table = $"Cross-validation, {folds} folds of {rows} rows: mean ± standard deviation over the folds; seconds are the total over the folds"
            // Each fold's features are fitted on its training rows, so a category can be new to the fold that tests it.
            + (firstUnseen?.Summary(unseenRows) is string categories ? $"{Environment.NewLine}In the folds' test rows, {categories}." : "")
            + Environment.NewLine + cv.Table() + (pooled.Count > 1 ? Environment.NewLine + cv.PairedDifferences() : "");

        // The model before the report: the report is the cheaper thing to lose.
        if (modelPath is not null)
        {
            output.WriteLine();
            output.WriteLine($"Training {pooled[0].Name} on all {rows} rows for {Path.GetFileName(modelPath)}:");
            ITransformer featurizer = FeaturePipeline.Build(ml, profile.Features, header.Names).Fit(labelled);
            IDataView features = TrainingFeatures(ml, featurizer, labelled, rows);
            var progress = new EpochProgress(output, "focal", live);
            ITransformer focal = Contender.Focal(ml, settings, classes.IsBinary, Streams(features, rows), progress.Report).Create().Fit(features);
            SaveModel(ml, modelPath, request, featurizer, focal, features, raw.Schema, classes);
        }

        output.WriteLine();
        output.Write(table);
        output.WriteLine();
        output.WriteLine($"{pooled[0].Name}, per class, from the out-of-fold predictions (every row scored once, by the model that did not train on it):");
        output.Write(pooled[0].Report.ToText());
        if (modelPath is not null) output.WriteLine($"model: {modelPath} ({pooled[0].Name}, trained on all {rows} rows)");
        if (reportFolder is not null) WriteReport(output, reportFolder, pooled, classes, summary, $"Out-of-fold predictions of {rows} rows ({folds}-fold cross-validation)", table);
    }
}
