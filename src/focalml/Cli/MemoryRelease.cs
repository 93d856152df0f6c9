using System;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// Hands memory back between the command's phases (profile, split, each fit, each evaluation), so the next phase's
/// peak does not stack on the last one's garbage: a compacting full collection, and on Linux glibc's malloc_trim for
/// what libtorch and ML.NET freed natively.
/// </summary>
internal static class MemoryRelease
{
    public static void BetweenPhases()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to trim.
            }
        }
    }

    // DllImport, not LibraryImport: an int and a pointer-sized int marshal as they are, without unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
