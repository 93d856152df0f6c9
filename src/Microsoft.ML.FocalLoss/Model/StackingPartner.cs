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
