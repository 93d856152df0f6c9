using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// A tensor's elements as a span of managed memory, for the per-step arithmetic that is cheaper in managed code than
/// in native calls: a CPU tensor's own storage, else a contiguous CPU copy owned by the caller's dispose scope. The
/// span is valid while that tensor lives; writes reach a CPU tensor (and only a copy of any other).
/// </summary>
internal static class HostView
{
    public static Span<float> Floats(Tensor tensor) => Of<float>(tensor, ScalarType.Float32);

    public static Span<long> Longs(Tensor tensor) => Of<long>(tensor, ScalarType.Int64);

    private static Span<T> Of<T>(Tensor tensor, ScalarType type) where T : unmanaged
    {
        if (tensor.dtype != type) throw new InvalidOperationException($"Expected a {type} tensor, got {tensor.dtype}.");
        Tensor host = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        if (!host.is_contiguous()) host = host.contiguous();
        return MemoryMarshal.Cast<byte, T>(host.bytes);
    }
}
