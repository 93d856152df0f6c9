using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Microsoft.ML.FocalLoss.Tests.Fixtures;

/// <summary>Reference values written by generate_calibration_fixtures.py from scikit-learn and SciPy.</summary>
internal sealed record CalibrationFixtures(List<CalibrationMetricsCase> Metrics, List<TemperatureCase> Temperature,
    List<BinaryTemperatureCase> BinaryTemperature, List<DecisionCase> Decision)
{
    private static readonly Lazy<CalibrationFixtures> Loaded = new(() =>
        JsonSerializer.Deserialize<CalibrationFixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "calibration_fixtures.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static CalibrationFixtures Instance => Loaded.Value;
}

internal sealed record CalibrationMetricsCase(string Name, int Classes, double[] Probabilities, int[] Labels, double[]? Weights,
    double LogLoss, double Ece15, double Ece10);

internal sealed record TemperatureCase(string Name, int Classes, double[] Logits, int[] Labels, double[]? Weights, double[] Alpha,
    double Temperature, double[] Bias, double Objective);

internal sealed record BinaryTemperatureCase(string Name, double[] Logits, int[] Labels, double[]? Weights, double Alpha, double Temperature, double Bias);

internal sealed record DecisionGridPoint(double Tau, double MacroF1, double BalancedAccuracy);

internal sealed record DecisionCase(string Name, int Classes, double[] Probabilities, int[] Labels, double[]? Weights, double[] Prior,
    List<DecisionGridPoint> Grid);
