using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Trains the member networks: scaled rows on the device → one [K, B] batch per step (a row block per member) →
/// network → logits → focal loss per member (<see cref="MemberLoss"/>) → backward through the network → optimizer
/// step; then each member is validated on its held-out rows, stops early on its own, and keeps its best epoch's
/// weights and held-out logits. Progress, cancellation and divergence checks run throughout.
/// </summary>
internal static class FocalTrainingLoop
{
    public static (MlpWeights[] Members, HeldOutScores? HeldOut) Run(IHost host, FocalLossTrainerOptionsBase options, TrainingTask task, TrainingSource train,
        TrainingRows? validationSet, int seed)
    {
        // Every tensor the fit creates and does not dispose itself is disposed here, on this thread, when the fit
        // ends: left to the garbage collector, it would be freed on the finalizer thread while training runs.
        using var lifetime = NewDisposeScope();
        using IChannel ch = host.Start("Training");
        Device device = TrainingDevice.Resolve(host, ch, options);
        // Initialisation and dropout draw from generators of this fit, shuffling from its own Random: nothing global.
        var random = new Random(seed);
        using var initGenerator = new Generator((ulong)seed);
        using var dropoutGenerator = new Generator((ulong)seed + 1, device);
        using var scaling = new DeviceScaling(train.Scaling, device);
        using ValidationBlock? validation = Validation(train.Prepare(scaling, device), validationSet, scaling, device);
        int members = train.Members;
        TrainingBudget budget = TrainingBudget.For(train.RowsPerMember, options);
        int threads = TorchThreads.Choose(options.NumberOfThreads, members, budget.BatchSize, train.FeatureCount, options.HiddenLayerSizes, task.Outputs);
        using IDisposable threadScope = TorchThreads.Use(threads);
        using IDisposable flush = DenormalFlush.On();
        using var network = new EnsembleMlp(members, train.FeatureCount, options.HiddenLayerSizes, task.Outputs, options.Activation, options.Dropout, initGenerator, dropoutGenerator);
        network.to(device);
        using var optimizer = new FlatOptimizer(network.Weights, network.Gradient, options.Optimizer, options.WeightDecay, options.Momentum);

        int epochs = budget.Epochs, batch = budget.BatchSize;
        long stepsPerEpoch = (train.RowsPerMember + batch - 1) / batch, totalSteps = stepsPerEpoch * epochs, step = 0;
        bool[]? aurocDefined = AurocDefined(validation);
        var stopping = new MemberEarlyStopping(members, validation is null ? EarlyStoppingMetric.None : options.EarlyStoppingMetric, budget.Patience, aurocDefined);
        ch.Info(FormattableString.Invariant($"{members} network(s), {train.RowsPerMember} training rows each, batch {batch}, at most {epochs} epochs ({totalSteps} steps), {threads} thread(s)")
            + (stopping.Enabled ? FormattableString.Invariant($", early stopping on {options.EarlyStoppingMetric} with patience {budget.Patience}.") : "."));
        if (stopping.Enabled && options.EarlyStoppingMetric == EarlyStoppingMetric.ValidationMacroAuroc && aurocDefined is not null && aurocDefined.Contains(false))
            ch.Warning(FormattableString.Invariant($"{aurocDefined.Count(d => !d)} of {members} network(s) hold out rows of a single class, where AUROC is undefined; they stop early on their held-out loss. A class with fewer training rows than folds does this."));
        double learningRate = options.LearningRate;
        EpochReport? last = null;

        using var progress = host.StartProgressChannel("Focal loss training");
        progress.SetHeader(new ProgressHeader(new[] { "loss", "validation loss", "validation AUROC" }, new[] { "epochs" }), e =>
        {
            e.SetProgress(0, last?.Epoch ?? 0, epochs);
            if (last is null) return;
            e.SetMetric(0, last.TrainingLoss);
            if (last.ValidationLoss is double vl) e.SetMetric(1, vl);
            if (last.ValidationMacroAuroc is double va) e.SetMetric(2, va);
        });

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long batches = 0;
            int currentEpoch = epoch;
            network.train();
            train.RunEpoch(random, batch, (features, labels, weights) =>
            {
                host.CheckAlive();
                learningRate = LearningRates.At(options.LearningRateSchedule, options.LearningRate, step, totalSteps);
                Tensor logits = network.ForwardForTraining(features, out ActivationTape tape);
                (double[] losses, Tensor? gradient) = MemberLoss.Compute(task, logits, labels, weights, options.Reduction, withGradient: true);
                network.Backward(tape, gradient!); // writes the whole gradient: nothing to zero first
                optimizer.Step(learningRate);
                double value = losses.Sum() / members;
                step++;
                if (!double.IsFinite(value))
                    throw host.Except(string.Create(CultureInfo.InvariantCulture,
                        $"Training diverged: the focal loss became {value} at epoch {currentEpoch}, step {step}. Lower the learning rate (LearningRate is {options.LearningRate}), and check the features for extreme values. No model was returned."));
                lossSum += value;
                batches++;
            });
            double rowsPerSecond = train.RowsPerMember * members / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

            double? validationLoss = null, validationAuroc = null;
            bool improved = false;
            if (validation is not null)
            {
                (double[] losses, float[][] logits) = Validate(network, task, options, validation);
                double[] aurocs = Enumerable.Range(0, members).Select(m => task.MacroAuroc(logits[m], validation.HostLabels[m])).ToArray();
                for (int m = 0; m < members; m++)
                {
                    int member = m;
                    improved |= stopping.Update(m, losses[m], aurocs[m], () => network.Export(member), () => logits[member]);
                }
                (validationLoss, validationAuroc) = (losses.Average(), aurocs.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average());
            }

            last = new EpochReport(epoch, epochs, lossSum / Math.Max(1, batches), validationLoss, validationAuroc, rowsPerSecond, learningRate, improved && stopping.Enabled);
            ch.Info(Describe(last));
            options.EpochCallback?.Invoke(last);
            if (stopping.AllStopped)
            {
                ch.Info("Early stopping after epoch {0}: {1} has not improved for {2} epochs on any network; keeping each network's best epoch.", epoch, options.EarlyStoppingMetric, budget.Patience);
                break;
            }
        }
        if (stopping.Enabled && stopping.BestWeights.Any(w => w is null))
            ch.Warning("The validation metric was never finite for some network (does every fold have every class?); keeping its last epoch's weights.");
        MlpWeights[] weights = Enumerable.Range(0, members).Select(m => stopping.BestWeights[m] ?? network.Export(m)).ToArray();
        return (weights, validation is null ? null : HeldOut(validation, stopping, task.Outputs));
    }

    /// <summary>The user's validation set when there is one (the plan then holds nothing out), else the source's held-out rows.</summary>
    private static ValidationBlock? Validation(ValidationBlock? heldOut, TrainingRows? validationSet, DeviceScaling scaling, Device device)
    {
        if (validationSet is null) return heldOut;
        heldOut?.Dispose();
        return ValidationBlock.OfAllRows(validationSet, scaling, device);
    }

    /// <summary>Per member, whether its held-out rows hold two classes or more, so that their AUROC is defined.</summary>
    private static bool[]? AurocDefined(ValidationBlock? validation) =>
        validation?.HostLabels.Select(labels => labels.Distinct().Skip(1).Any()).ToArray();

    /// <summary>Each member's loss on its held-out rows, and its logits for them (row-major).</summary>
    private static (double[] Losses, float[][] Logits) Validate(EnsembleMlp network, TrainingTask task, FocalLossTrainerOptionsBase options, ValidationBlock validation)
    {
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor logits = network.ForwardInBlocks(validation.Features, options.ValidationBlockRows);
        double[] losses = MemberLoss.Compute(task, logits, validation.Labels, validation.Weights, options.Reduction).Losses;
        // The logits' own memory, as the loss just read them: each member's real rows, without the padding.
        ReadOnlySpan<float> all = HostView.Floats(logits);
        int outputs = task.Outputs, width = (int)logits.shape[1];
        var byMember = new float[validation.Members][];
        for (int m = 0; m < byMember.Length; m++)
            byMember[m] = all.Slice(m * width * outputs, validation.Rows[m].Length * outputs).ToArray();
        return (losses, byMember);
    }

    /// <summary>Every held-out row's logits from the member that held it out, at that member's best epoch.</summary>
    private static HeldOutScores HeldOut(ValidationBlock validation, MemberEarlyStopping stopping, int outputs)
    {
        float[] logits = Enumerable.Range(0, validation.Members).SelectMany(m => stopping.BestLogits[m] ?? throw new InvalidOperationException("No validation logits.")).ToArray();
        int[] labels = validation.HostLabels.SelectMany(l => l).ToArray();
        float[] weights = validation.HostWeights.SelectMany(w => w).ToArray();
        return new HeldOutScores(logits, labels, weights, outputs);
    }

    private static string Describe(EpochReport r) =>
        FormattableString.Invariant($"Epoch {r.Epoch}/{r.NumberOfEpochs}: loss {r.TrainingLoss:F5}")
        + (r.ValidationLoss is double vl ? FormattableString.Invariant($", validation loss {vl:F5}") : "")
        + (r.ValidationMacroAuroc is double va ? FormattableString.Invariant($", validation AUROC {va:F4}") : "")
        + FormattableString.Invariant($", {r.RowsPerSecond:F0} rows/s, learning rate {r.LearningRate:G3}") + (r.IsBest ? " (best)" : "");
}
