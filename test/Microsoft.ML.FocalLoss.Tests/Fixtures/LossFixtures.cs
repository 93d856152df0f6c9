using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Tests.Fixtures;

/// <summary>Reference values written by generate_loss_fixtures.py from PyTorch, torchvision and scikit-learn.</summary>
internal sealed record LossFixtures(List<SoftmaxCase> Softmax, List<SigmoidCase> Sigmoid, List<ClassWeightCase> ClassWeights)
{
    private static readonly Lazy<LossFixtures> Loaded = new(() =>
        JsonSerializer.Deserialize<LossFixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "loss_fixtures.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static LossFixtures Instance => Loaded.Value;
}

internal sealed record SoftmaxCase(
    string Dtype, long[] Shape, int Classes, double[] Logits, long[] Targets, string AlphaMode, JsonElement Alpha,
    double Gamma, string Reduction, long? IgnoreIndex, double[] Loss, double[] Grad)
{
    public ClassAlpha ToClassAlpha() => AlphaMode switch
    {
        "none" => ClassAlpha.None,
        "background" => ClassAlpha.BackgroundVersusRest(Alpha.GetDouble()),
        _ => ClassAlpha.PerClass(Alpha.EnumerateArray().Select(e => e.GetDouble())),
    };

    public override string ToString() =>
        $"{Dtype} [{string.Join(",", Shape)}]x{Classes} α={AlphaMode} γ={Gamma} {Reduction} ignore={IgnoreIndex?.ToString() ?? "-"}";
}

internal sealed record SigmoidCase(
    string Dtype, long[] Shape, double[] Logits, double[] Targets, double Alpha, double Gamma, string Reduction,
    double[] Loss, double[] Grad)
{
    public override string ToString() => $"{Dtype} [{string.Join(",", Shape)}] α={Alpha} γ={Gamma} {Reduction}";
}

internal sealed record ClassWeightCase(long[] Counts, double[] Balanced, Dictionary<string, double[]> EffectiveNumber, double[] InverseSqrt);
