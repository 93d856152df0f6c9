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
/// Trains the network: rows → one standardised tensor on the device → shuffled index batches → network → logits →
/// focal loss → optimizer step, with validation, early stopping, progress, cancellation and divergence checks.
/// </summary>
internal static class FocalTrainingLoop
{
    private const int ValidationChunk = 65_536;

    public static MlpWeights Run(IHost host, FocalLossTrainerOptionsBase options, TrainingTask task, TrainingSource train, TrainingRows? validation, int seed)
    {
        using IChannel ch = host.Start("Training");
        Device device = ResolveDevice(host, ch, options);
        int previousThreads = get_num_threads();
        if (options.NumberOfThreads is int threads) set_num_threads(threads);
        try
        {
            // Weight initialisation and dropout draw from TorchSharp's global generator; shuffling from our own.
            manual_seed(seed);
            var random = new Random(seed);
            (float[] mean, float[] scale) = (train.Mean, train.Scale);
            train.Prepare(device);
            using var validationSet = validation is null ? null : DeviceRows.Create(validation, mean, scale, device);
            using var network = new MlpNetwork(train.FeatureCount, options.HiddenLayerSizes, task.Outputs, options.Activation, options.Dropout);
            network.to(device);
            using optim.Optimizer optimizer = options.Optimizer == FocalOptimizer.Sgd
                ? optim.SGD(network.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay)
                : optim.AdamW(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);

            long rows = train.Count;
            int epochs = options.NumberOfEpochs, batch = (int)Math.Min(options.BatchSize, rows);
            long stepsPerEpoch = (rows + batch - 1) / batch, totalSteps = stepsPerEpoch * epochs, step = 0;
            bool stopEarly = validation is not null && options.EarlyStoppingMetric != EarlyStoppingMetric.None;
            MlpWeights? best = null;
            double bestMetric = double.NaN, learningRate = options.LearningRate;
            int sinceBest = 0;
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
                int currentEpoch = epoch;
                network.train();
                train.RunEpoch(random, batch, (features, labels, weights) =>
                {
                    host.CheckAlive();
                    learningRate = LearningRates.At(options.LearningRateSchedule, options.LearningRate, step, totalSteps);
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                    Tensor logits = network.call(features);
                    Tensor loss = LossReduction.Reduce(task.RowLosses(logits, labels), task.RowAlpha(labels, logits), weights, options.Reduction);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    double value = loss.item<float>();
                    step++;
                    if (!double.IsFinite(value))
                        throw host.Except(string.Create(CultureInfo.InvariantCulture,
                            $"Training diverged: the focal loss became {value} at epoch {currentEpoch}, step {step}. Lower the learning rate (LearningRate is {options.LearningRate}), and check the features for extreme values. No model was returned."));
                    lossSum += value * labels.shape[0];
                });
                double rowsPerSecond = rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

                double? validationLoss = null, validationAuroc = null;
                if (validationSet is not null)
                    (validationLoss, validationAuroc) = Validate(network, task, options, validationSet);
                bool isBest = false;
                if (stopEarly)
                {
                    double metric = options.EarlyStoppingMetric == EarlyStoppingMetric.ValidationLoss ? validationLoss!.Value : validationAuroc!.Value;
                    bool lowerIsBetter = options.EarlyStoppingMetric == EarlyStoppingMetric.ValidationLoss;
                    isBest = double.IsFinite(metric) && (double.IsNaN(bestMetric) || (lowerIsBetter ? metric < bestMetric : metric > bestMetric));
                    if (isBest)
                    {
                        bestMetric = metric;
                        best = network.Export(mean, scale);
                        sinceBest = 0;
                    }
                    else sinceBest++;
                }

                last = new EpochReport(epoch, epochs, lossSum / rows, validationLoss, validationAuroc, rowsPerSecond, learningRate, isBest);
                ch.Info(Describe(last));
                options.EpochCallback?.Invoke(last);
                if (stopEarly && sinceBest >= options.EarlyStoppingPatience)
                {
                    ch.Info("Early stopping after epoch {0}: {1} has not improved for {2} epochs; keeping the weights of its best epoch.", epoch, options.EarlyStoppingMetric, sinceBest);
                    break;
                }
            }
            if (stopEarly && best is null)
                ch.Warning("The validation metric was never finite (does the validation set have every class?); keeping the last epoch's weights.");
            return best ?? network.Export(mean, scale);
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }

    private static (double Loss, double Auroc) Validate(MlpNetwork network, TrainingTask task, FocalLossTrainerOptionsBase options, DeviceRows validation)
    {
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor logits = cat(Enumerable.Range(0, (validation.Count + ValidationChunk - 1) / ValidationChunk)
            .Select(c => network.call(validation.Features.narrow(0, (long)c * ValidationChunk, Math.Min(ValidationChunk, validation.Count - c * ValidationChunk))))
            .ToList(), 0);
        double loss = LossReduction.Reduce(task.RowLosses(logits, validation.Labels), task.RowAlpha(validation.Labels, logits), validation.Weights, options.Reduction).item<float>();
        float[] flat = logits.contiguous().cpu().data<float>().ToArray();
        return (loss, task.MacroAuroc(flat, validation.HostLabels));
    }

    private static Device ResolveDevice(IHost host, IChannel ch, FocalLossTrainerOptionsBase options)
    {
        string requested = (options.Device ?? "cpu").Trim().ToLowerInvariant();
        if (requested == "cpu") return CPU;
        if (!requested.StartsWith("cuda", StringComparison.Ordinal))
            throw host.ExceptUserArg(nameof(options.Device), $"'{options.Device}' is not a device: use \"cpu\" or \"cuda\" (or \"cuda:N\").");
        if (cuda.is_available()) return new Device(requested);
        if (!options.FallBackToCpu)
            throw host.ExceptUserArg(nameof(options.Device), "CUDA was requested but is not available. Reference TorchSharp-cuda-linux or TorchSharp-cuda-windows (instead of TorchSharp-cpu) on a machine with an NVIDIA GPU, or set FallBackToCpu = true.");
        ch.Warning("CUDA was requested but is not available; training on the CPU because FallBackToCpu is set.");
        return CPU;
    }

    private static string Describe(EpochReport r) =>
        FormattableString.Invariant($"Epoch {r.Epoch}/{r.NumberOfEpochs}: loss {r.TrainingLoss:F5}")
        + (r.ValidationLoss is double vl ? FormattableString.Invariant($", validation loss {vl:F5}") : "")
        + (r.ValidationMacroAuroc is double va ? FormattableString.Invariant($", validation AUROC {va:F4}") : "")
        + FormattableString.Invariant($", {r.RowsPerSecond:F0} rows/s, learning rate {r.LearningRate:G3}") + (r.IsBest ? " (best)" : "");
}
