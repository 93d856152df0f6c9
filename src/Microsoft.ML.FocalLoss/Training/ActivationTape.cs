using TorchSharp;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// What <see cref="EnsembleMlp.ForwardForTraining"/> keeps of one step for <see cref="EnsembleMlp.Backward"/>: each
/// layer's input, and each hidden layer's pre-activation and dropout mask (null without dropout).
/// </summary>
internal sealed record ActivationTape(torch.Tensor[] Inputs, torch.Tensor[] PreActivations, torch.Tensor?[] Masks);
