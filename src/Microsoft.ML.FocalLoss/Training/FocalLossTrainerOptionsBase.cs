using System;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Options shared by the multiclass and binary focal loss trainers.</summary>
public abstract class FocalLossTrainerOptionsBase
{
    /// <summary>The label column.</summary>
    public string LabelColumnName = DefaultColumnNames.Label;

    /// <summary>The feature column: a known-size vector of Single.</summary>
    public string FeatureColumnName = DefaultColumnNames.Features;

    /// <summary>An optional Single column of example weights; rows with a NaN, infinite or negative weight are skipped.</summary>
    public string? ExampleWeightColumnName;

    /// <summary>The focusing parameter γ ≥ 0; 0 is (weighted) cross-entropy.</summary>
    public double Gamma = 2.0;

    /// <summary>
    /// Class weights derived from the training label histogram. Null means <see cref="Loss.ClassWeighting.Balanced"/>
    /// unless an explicit α is given, in which case it means <see cref="Loss.ClassWeighting.None"/>.
    /// </summary>
    public ClassWeighting? ClassWeighting;

    /// <summary>β of <see cref="Loss.ClassWeighting.EffectiveNumber"/>, in [0, 1).</summary>
    public double EffectiveNumberBeta = 0.999;

    /// <summary>How per-row losses are reduced; <see cref="FocalLossReduction.None"/> is not allowed for training.</summary>
    public FocalLossReduction Reduction = FocalLossReduction.WeightedMean;

    /// <summary>The width of each hidden layer; empty for a linear model.</summary>
    public int[] HiddenLayerSizes = { 64, 64 };

    /// <summary>The activation after each hidden layer.</summary>
    public HiddenActivation Activation = HiddenActivation.ReLU;

    /// <summary>Dropout probability after each hidden layer during training, in [0, 1).</summary>
    public double Dropout = 0.1;

    /// <summary>The optimizer.</summary>
    public FocalOptimizer Optimizer = FocalOptimizer.AdamW;

    /// <summary>The (peak) learning rate; must be positive.</summary>
    public double LearningRate = 3e-3;

    /// <summary>Weight decay: decoupled for AdamW, L2 for SGD.</summary>
    public double WeightDecay = 1e-4;

    /// <summary>Momentum of <see cref="FocalOptimizer.Sgd"/>.</summary>
    public double Momentum = 0.9;

    /// <summary>The learning-rate schedule over all steps.</summary>
    public LearningRateSchedule LearningRateSchedule = LearningRateSchedule.Cosine;

    /// <summary>Passes over the training data; must be positive.</summary>
    public int NumberOfEpochs = 100;

    /// <summary>Rows per optimizer step; must be positive.</summary>
    public int BatchSize = 128;

    /// <summary>The seed of weight initialisation, dropout and shuffling; null takes one from the MLContext's seed.</summary>
    public int? Seed;

    /// <summary>Threads for TorchSharp's CPU kernels during training; null keeps TorchSharp's setting.</summary>
    public int? NumberOfThreads;

    /// <summary>Optional validation data with the same columns, for early stopping and the per-epoch report.</summary>
    public IDataView? ValidationSet;

    /// <summary>The validation metric early stopping watches; used only with a validation set.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric = EarlyStoppingMetric.ValidationLoss;

    /// <summary>Epochs without improvement before early stopping ends training.</summary>
    public int EarlyStoppingPatience = 10;

    /// <summary>Called after every epoch, e.g. to draw a progress bar or a loss plot.</summary>
    public Action<EpochReport>? EpochCallback;

    /// <summary>In memory or streamed from the cursor; see <see cref="Training.TrainingDataMode"/>.</summary>
    public TrainingDataMode TrainingDataMode = TrainingDataMode.Auto;

    /// <summary>Rows held by the shuffle buffer when streaming; larger shuffles better and uses more memory.</summary>
    public int ShuffleBufferSize = 65_536;

    /// <summary>The TorchSharp device: "cpu" or "cuda" (optionally "cuda:N").</summary>
    public string Device = "cpu";

    /// <summary>When <see cref="Device"/> is CUDA but CUDA is unavailable: true trains on the CPU with a warning, false throws.</summary>
    public bool FallBackToCpu;
}
