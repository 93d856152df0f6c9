using System;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// A second model stacked with the networks (<see cref="Training.FocalLossTrainerOptionsBase.StackingPartner"/>): one
/// partner model per cross-fitting fold. The mean of their probabilities enters every network's logits before
/// calibration, as w·z + (1 − w)·s, where s is the partner's log-probabilities (multiclass) or its logit (binary).
/// </summary>
internal sealed class StackingPartner
{
    private const string ModelName = "StackingPartner{0:D2}";

    public StackingPartner(float weight, IPredictor[] models, int outputs)
    {
        if (!(weight is >= 0 and <= 1)) throw new InvalidDataException($"The stacking weight ({weight}) is not in [0, 1].");
        if (models.Length == 0) throw new InvalidDataException("A stacking partner needs at least one model.");
        Weight = weight;
        Models = models;
        Outputs = outputs;
    }

    /// <summary>w: the networks' share of the pooled logits; the partner's is 1 − w.</summary>
    public float Weight { get; }

    /// <summary>The partner's fold models.</summary>
    public IPredictor[] Models { get; }

    /// <summary>1 for a binary model, else the class count.</summary>
    public int Outputs { get; }

    /// <summary>A scorer with its own mappers and buffers, for one mapper delegate.</summary>
    public PartnerScorer CreateScorer() => PartnerScorer.Of(Models, Outputs);

    /// <summary>The weight and model count; the models themselves as ML.NET sub-models of the zip.</summary>
    public void Save(ModelSaveContext ctx)
    {
        ctx.Writer.Write(Weight);
        ctx.Writer.Write(Models.Length);
        for (int i = 0; i < Models.Length; i++) ctx.SaveModel(Models[i], string.Format(System.Globalization.CultureInfo.InvariantCulture, ModelName, i));
    }

    public static StackingPartner Load(IHostEnvironment env, ModelLoadContext ctx, int outputs)
    {
        float weight = ctx.Reader.ReadSingle();
        int count = ModelIo.Positive(ctx.Reader.ReadInt32(), "stacking partner model count");
        var models = new IPredictor[count];
        for (int i = 0; i < count; i++)
        {
            string name = string.Format(System.Globalization.CultureInfo.InvariantCulture, ModelName, i);
            // ML.NET finds the partner's loader by the signature and assembly it saved; the app must reference its package.
            try
            {
                ctx.LoadModel<IPredictor, SignatureLoadModel>(env, out models[i], name);
            }
            catch (Exception e) when (Missing(e) is FileNotFoundException missing)
            {
                string assembly = missing.FileName is string file ? new System.Reflection.AssemblyName(file).Name ?? file : "an assembly this app does not have";
                throw new InvalidOperationException(
                    $"The model is stacked with a partner (StackingPartner) from {assembly}, which this app cannot load: reference that ML.NET package (such as Microsoft.ML.LightGbm or Microsoft.ML.FastTree) in the app that loads the model.", e);
            }
            PartnerScorer.Check(models[i], outputs, "The stacking partner saved in the model");
        }
        return new StackingPartner(weight, models, outputs);
    }

    /// <summary>The missing assembly under ML.NET's layers of reflection, if that is what failed.</summary>
    private static FileNotFoundException? Missing(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is FileNotFoundException missing) return missing;
        return null;
    }
}

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
