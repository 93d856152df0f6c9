using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Microsoft.ML.FocalLoss.Tests.Fixtures;

/// <summary>Reference values written by generate_evaluation_fixtures.py from scikit-learn.</summary>
internal sealed record EvaluationFixtures(List<BinaryEvaluationCase> Binary, List<MulticlassEvaluationCase> Multiclass, List<DoubleScoresCase> Doubles)
{
    private static readonly Lazy<EvaluationFixtures> Loaded = new(() =>
        JsonSerializer.Deserialize<EvaluationFixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "evaluation_fixtures.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static EvaluationFixtures Instance => Loaded.Value;
}

internal sealed record PartialAuroc(double MaxFpr, double Auroc);

internal sealed record RocReference(double[] Thresholds, double[] Fpr, double[] Tpr);

internal sealed record BinaryEvaluationCase(
    string Name, double[] Scores, int[] Labels, double[]? Weights, double Auroc, List<PartialAuroc> Partial,
    double AveragePrecision, RocReference? Roc);

internal sealed record ClassReference(double Auroc, double AveragePrecision, long Support, double WeightedSupport);

internal sealed record ReportReference(double[] Precision, double[] Recall, double[] F1, double[] Support, double[] Macro, double[] Weighted);

internal sealed record MulticlassEvaluationCase(
    string Name, int Classes, double[] Scores, int[] Labels, double[]? Weights, List<ClassReference> PerClass,
    double MacroAuroc, double WeightedAuroc, double MicroAuroc, double? OneVsOneMacroAuroc, ReportReference Report);

internal sealed record DoubleScoresCase(string Name, string Kind, int Classes, double[] Scores, int[] Labels, double? Auroc, double? AveragePrecision,
    double? FloatAuroc, double[]? PerClassAuroc, double? MacroAuroc, double? MicroAuroc, double? FloatMacroAuroc);
