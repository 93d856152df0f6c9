using System;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// TorchSharp's CPU thread count for a fit. It is one process-wide setting, so fits share it: the first to start
/// records the previous value and the last to finish restores it.
/// </summary>
internal static class TorchThreads
{
    /// <summary>
    /// Multiply-adds per optimizer step below which one thread trains fastest: the per-step work of small networks
    /// is too short to split, and extra threads only wait for each other, all the more when other processes run.
    /// </summary>
    public const long SingleThreadWork = 64L << 20;

    private static readonly object Gate = new();
    private static int _active;
    private static int _previous;

    /// <summary>The requested count, or 1 for small per-step work, else up to 4 cores.</summary>
    public static int Choose(int? requested, int members, int batchSize, int inputs, int[] hidden, int outputs)
    {
        if (requested is int threads) return threads;
        int[] widths = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        long perRow = 0;
        for (int l = 0; l + 1 < widths.Length; l++) perRow += (long)widths[l] * widths[l + 1];
        long work = perRow * batchSize * members;
        return work < SingleThreadWork ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);
    }

    /// <summary>Sets the count until the returned scope is disposed.</summary>
    public static IDisposable Use(int threads)
    {
        lock (Gate)
        {
            if (_active++ == 0) _previous = get_num_threads();
            set_num_threads(threads);
        }
        return new Release();
    }

    private sealed class Release : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            lock (Gate)
            {
                if (_done) return;
                _done = true;
                if (--_active == 0) set_num_threads(_previous);
            }
        }
    }
}
