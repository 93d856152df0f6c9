using System;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Options shared by the multiclass and binary focal loss trainers.</summary>
public abstract class FocalLossTrainerOptionsBase
{
    /// <summary>Defaults the catalog's parameters repeat, kept in one place so that a changed default changes both.</summary>
    internal static class Defaults
    {
        public const double Gamma = 2.0;
        public const double LearningRate = 1e-2;
    }

    /// <summary>The label column.</summary>
    public string LabelColumnName = DefaultColumnNames.Label;

    /// <summary>The feature column: a known-size vector of Single.</summary>
    public string FeatureColumnName = DefaultColumnNames.Features;

    /// <summary>An optional Single column of example weights; rows with a NaN, infinite or negative weight are skipped.</summary>
    public string? ExampleWeightColumnName;

    /// <summary>The focusing parameter γ ≥ 0; 0 is (weighted) cross-entropy.</summary>
    public double Gamma = Defaults.Gamma;

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

    /// <summary>The (peak) learning rate; must be positive. 1e-2 matched 3e-3 in quality on the suite and stops early sooner.</summary>
    public double LearningRate = Defaults.LearningRate;

    /// <summary>Weight decay: decoupled for AdamW, L2 for SGD.</summary>
    public double WeightDecay = 1e-4;

    /// <summary>Momentum of <see cref="FocalOptimizer.Sgd"/>.</summary>
    public double Momentum = 0.9;

    /// <summary>The learning-rate schedule over all steps.</summary>
    public LearningRateSchedule LearningRateSchedule = LearningRateSchedule.Cosine;

    /// <summary>
    /// The most passes over the training data; early stopping on held-out rows usually ends training sooner. Null
    /// chooses from the row count so that small tables get enough optimizer steps (see <see cref="TrainingBudget"/>).
    /// </summary>
    public int? NumberOfEpochs;

    /// <summary>Rows per optimizer step; null chooses from the row count (see <see cref="TrainingBudget"/>).</summary>
    public int? BatchSize;

    /// <summary>
    /// Cross-fitting: the training rows are split into this many stratified folds and one network per fold trains
    /// on the others, stopping early on its own fold. The folds' out-of-fold scores fit the calibration and the
    /// decision rule, and the model averages the networks. 1 trains one network and holds out
    /// <see cref="ValidationFraction"/> of the rows instead. Null chooses from the row count. Ignored when a
    /// validation set is given: it then plays the held-out role for one network.
    /// </summary>
    public int? NumberOfFolds;

    /// <summary>
    /// With one fold, the share of the training rows held out (stratified) for early stopping, calibration and the
    /// decision rule. 0 holds nothing out: no early stopping, no calibration, the argmax decision.
    /// </summary>
    public double ValidationFraction = 0.2;

    /// <summary>What the decision rule (PredictedLabel) is tuned for on held-out rows; <see cref="Training.DecisionObjective.Argmax"/> turns tuning off.</summary>
    public DecisionObjective DecisionObjective = DecisionObjective.MacroF1;

    /// <summary>
    /// Fit temperature scaling with a per-class bias on held-out rows, so that Score (multiclass) and Probability
    /// (binary) are calibrated probabilities and the skew of class weighting is undone.
    /// </summary>
    public bool CalibrateProbabilities = true;

    /// <summary>How raw features become network inputs; the fitted scaling is stored in the model.</summary>
    public FeatureScalingMode FeatureScaling = FeatureScalingMode.Robust;

    /// <summary>The seed of weight initialisation, dropout and shuffling; null takes one from the MLContext's seed.</summary>
    public int? Seed;

    /// <summary>
    /// Threads for TorchSharp's CPU kernels during training. Null chooses from the work per step: one thread for
    /// small networks (faster, and unaffected by other busy processes), up to four for large ones. The setting is
    /// process-wide: fits that run at the same time share the last value set.
    /// </summary>
    public int? NumberOfThreads;

    /// <summary>
    /// Optional validation data with the same columns. It replaces the internal folds: one network trains on all
    /// training rows, stops early on these rows, and they fit the calibration and the decision rule.
    /// </summary>
    public IDataView? ValidationSet;

    /// <summary>
    /// Optional: a second ML.NET trainer stacked with the networks, such as
    /// <c>mlContext.MulticlassClassification.Trainers.LightGbm()</c> or <c>mlContext.BinaryClassification.Trainers.FastTree()</c>
    /// (binary partners must give a Probability). It trains on the same folds as the networks, on the same label, feature
    /// and weight columns, and scores the rows each fold holds out. The held-out rows then choose w, the networks' share of
    /// the pool w·logits + (1 − w)·log p_partner, by log-loss, before calibration and the decision rule are fitted on the
    /// pool. The model keeps the partner's fold models and averages their probabilities. Trees are strong where these
    /// networks are weakest (see the README's measurements); the cost is the partner's fits and an app that references the
    /// partner's package to load the model. <c>ConvertToOnnx</c> writes the partner's models into the graph too.
    /// </summary>
    public IEstimator<ITransformer>? StackingPartner;

    /// <summary>
    /// The held-out metric early stopping watches. The default, macro AUROC, keeps training while the ranking
    /// improves; the loss rises earlier, from over-confidence that the calibration afterwards removes anyway.
    /// </summary>
    public EarlyStoppingMetric EarlyStoppingMetric = EarlyStoppingMetric.ValidationMacroAuroc;

    /// <summary>Epochs without improvement before early stopping ends training; null chooses from the epoch budget.</summary>
    public int? EarlyStoppingPatience;

    /// <summary>
    /// Held-out rows per network scored in one block each epoch (<see cref="EnsembleMlp.ForwardInBlocks"/>); not an
    /// option for users, but a handle for benchmarks/FitTime to time the one-call pass beside it.
    /// </summary>
    internal long ValidationBlockRows = 512;

    /// <summary>Called after every epoch, e.g. to draw a progress bar or a loss plot.</summary>
    public Action<EpochReport>? EpochCallback;

    /// <summary>In memory or streamed from the cursor; see <see cref="Training.TrainingDataMode"/>.</summary>
    public TrainingDataMode TrainingDataMode = TrainingDataMode.Auto;

    /// <summary>Rows held by the shuffle buffer when streaming; larger shuffles better and uses more memory.</summary>
    public int ShuffleBufferSize = 65_536;

    /// <summary>
    /// The TorchSharp device: "cpu" or "cuda" (optionally "cuda:N"). Null (the default) follows
    /// <c>MLContext.GpuDeviceId</c>, as Microsoft.ML.TorchSharp does: "cuda:N" when it is N, the CPU when it is null.
    /// </summary>
    public string? Device;

    /// <summary>
    /// When CUDA is asked for but unavailable: true trains on the CPU with a warning, false throws. Null (the
    /// default) follows <c>MLContext.FallbackToCpu</c>, which is false unless set.
    /// </summary>
    public bool? FallBackToCpu;
}
