using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// The partner's score of one row: the mean of its models' probabilities, as log-probabilities (multiclass) or a
/// logit (binary). Probabilities are kept inside [ε, 1 − ε], so that a tree model's 0 or 1 stays a finite score.
/// </summary>
internal sealed class PartnerScorer
{
    /// <summary>ε: a tree model's leaf may hold no row of a class; its probability then reads as ε.</summary>
    public const double Floor = 1e-6;

    private readonly ValueMapper<VBuffer<float>, VBuffer<float>>[]? _multiclass;
    private readonly ValueMapper<VBuffer<float>, float, float>[]? _binary;
    private readonly double[] _sum;
    private VBuffer<float> _probabilities;

    private PartnerScorer(object[] models, int outputs)
    {
        if (outputs == 1) _binary = Array.ConvertAll(models, m => ((IValueMapperDist)m).GetMapper<VBuffer<float>, float, float>());
        else _multiclass = Array.ConvertAll(models, m => ((IValueMapper)m).GetMapper<VBuffer<float>, VBuffer<float>>());
        _sum = new double[outputs];
    }

    /// <summary>A scorer of the mean of <paramref name="models"/> (ML.NET model parameters, checked by <see cref="Check"/>).</summary>
    public static PartnerScorer Of(System.Collections.Generic.IEnumerable<object> models, int outputs) => new(System.Linq.Enumerable.ToArray(models), outputs);

    /// <summary>
    /// Checks that <paramref name="model"/> maps a feature vector to what stacking needs: a probability (binary) or
    /// one probability per class; <paramref name="what"/> starts the message.
    /// </summary>
    public static void Check(IPredictor model, int outputs, string what)
    {
        if (outputs == 1)
        {
            if (model is not IValueMapperDist { DistType: NumberDataViewType dist } || dist != NumberDataViewType.Single)
                throw new InvalidOperationException($"{what} ({model.GetType().Name}) gives no probability: a binary partner must be a calibrated binary trainer, such as LightGbm or FastTree with their default calibration.");
        }
        else if (model is not IValueMapper { OutputType: VectorDataViewType vector } || vector.ItemType != NumberDataViewType.Single || vector.Size != outputs)
            throw new InvalidOperationException($"{what} ({model.GetType().Name}) does not give one probability per class of the label's {outputs}: a multiclass partner must be a multiclass trainer, such as LightGbm.");
    }

    /// <summary>Writes the partner's score of <paramref name="features"/> into <paramref name="scores"/> (one value, or one per class).</summary>
    public void Scores(in VBuffer<float> features, Span<float> scores)
    {
        if (_binary is not null)
        {
            double p = 0;
            float score = 0, probability = 0;
            foreach (var map in _binary)
            {
                map(in features, ref score, ref probability);
                p += probability;
            }
            p = Math.Clamp(p / _binary.Length, Floor, 1 - Floor);
            scores[0] = (float)(Math.Log(p) - Math.Log(1 - p));
            return;
        }
        Array.Clear(_sum);
        foreach (var map in _multiclass!)
        {
            map(in features, ref _probabilities);
            int c = 0;
            foreach (float p in _probabilities.DenseValues()) _sum[c++] += p;
        }
        // Renormalised: one-versus-all partners need not sum to 1.
        double total = 0;
        for (int c = 0; c < _sum.Length; c++) total += _sum[c] = Math.Max(_sum[c], 0);
        for (int c = 0; c < _sum.Length; c++) scores[c] = (float)Math.Log(Math.Max(total > 0 ? _sum[c] / total : 1.0 / _sum.Length, Floor));
    }
}
