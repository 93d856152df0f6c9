using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Flushes subnormal floats to zero on the training thread while a fit runs, as PyTorch's
/// <c>torch.set_flush_denormal(True)</c> does. Late in training most rows are confidently right, so focal loss's
/// (1 - p)^γ factors, the gradients they scale and the optimizer's squared gradients fall below float's normal
/// range (about 1e-38); x86 CPUs handle such numbers in microcode, many times slower. Without the flush a letter-z
/// fit took 1.4 to 2 times as long. Zeroing values that small changes no result a float can show. TorchSharp does not expose the
/// switch, so this calls libtorch's own; where that cannot be found (Windows, another native build), the fit runs
/// as before.
/// </summary>
/// <remarks>
/// The switch is the CPU's per-thread floating-point mode, so it touches no other thread, and the scope turns it off
/// again (the .NET default) so the caller's thread gets back IEEE arithmetic. Worker threads of libtorch's own pool
/// keep the mode they started with, so with more than one training thread (large networks) only the calling
/// thread's share is sure to be flushed.
/// </remarks>
internal static class DenormalFlush
{
    /// <summary>Off only to measure what the flush buys (benchmarks/DenormalSpeed).</summary>
    internal static bool Enabled { get; set; } = true;

    [ThreadStatic] private static int _depth;
    private static bool _unavailable;

    /// <summary>Flushes on this thread until the returned scope is disposed; a no-op when unavailable.</summary>
    public static IDisposable On()
    {
        if (!Enabled || _unavailable || OperatingSystem.IsWindows() || (_depth == 0 && !TrySet(true))) return NoScope.Instance;
        _depth++;
        return new Scope();
    }

    /// <summary>Whether flushing is in effect on this thread (for tests).</summary>
    internal static bool IsOn => _depth > 0;

    private static bool TrySet(bool on)
    {
        try
        {
            // Returns false where the CPU has no such mode (then nothing changed).
            if (SetFlushDenormal(on)) return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        _unavailable = true;
        return false;
    }

    // The static at::Context::setFlushDenormal(bool) that torch.set_flush_denormal calls, by its Itanium C++ ABI name
    // (Linux, macOS).
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool SetFlushDenormal([MarshalAs(UnmanagedType.U1)] bool on);

    private sealed class Scope : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            if (--_depth == 0) TrySet(false);
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose() { }
    }
}
