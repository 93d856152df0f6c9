using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// A tensor's elements as a span of managed memory, for the per-step arithmetic that is cheaper in managed code than
/// in native calls. Spans are valid while their tensor lives.
/// </summary>
internal static class HostView
{
    /// <summary>Reads: a CPU tensor's own storage, else a contiguous CPU copy that the caller's dispose scope owns.</summary>
    public static ReadOnlySpan<float> Floats(Tensor tensor) => Read<float>(tensor, ScalarType.Float32);

    /// <inheritdoc cref="Floats"/>
    public static ReadOnlySpan<long> Longs(Tensor tensor) => Read<long>(tensor, ScalarType.Int64);

    /// <summary>
    /// Writes into a contiguous float CPU tensor's own storage. Anything else throws: a write into a copy would be
    /// lost without a trace.
    /// </summary>
    public static Span<float> WritableFloats(Tensor tensor)
    {
        Check(tensor, ScalarType.Float32);
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new InvalidOperationException($"Only a contiguous CPU tensor can be written in place; this one is on {tensor.device} and {(tensor.is_contiguous() ? "" : "not ")}contiguous.");
        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    private static ReadOnlySpan<T> Read<T>(Tensor tensor, ScalarType type) where T : unmanaged
    {
        Check(tensor, type);
        // Detached, so that the copy of a tensor in a graph (the logits) is not recorded by autograd.
        Tensor host = tensor.device_type == DeviceType.CPU && tensor.is_contiguous() ? tensor : tensor.detach().cpu().contiguous();
        return MemoryMarshal.Cast<byte, T>(host.bytes);
    }

    private static void Check(Tensor tensor, ScalarType type)
    {
        if (tensor.dtype != type) throw new InvalidOperationException($"Expected a {type} tensor, got {tensor.dtype}.");
    }
}
