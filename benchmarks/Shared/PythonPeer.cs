using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

/// <summary>
/// Runs a peer script with Debian's /usr/bin/python3 (which has python3-torch and python3-sklearn) on arrays written
/// as raw little-endian files. Benchmarks skip the peer when that interpreter or its packages are missing.
/// </summary>
internal static class PythonPeer
{
    private const string Interpreter = "/usr/bin/python3";

    public static bool IsAvailable => File.Exists(Interpreter);

    public static void Write<T>(string folder, string file, T[] values) where T : unmanaged =>
        File.WriteAllBytes(Path.Combine(folder, file), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>The script's standard output lines, or null (with the reason printed) when it fails.</summary>
    public static string[]? Run(string script, params object[] arguments)
    {
        string quoted = string.Join(" ", new object[] { Path.Combine(AppContext.BaseDirectory, script) }.Concat(arguments)
            .Select(a => "\"" + Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) + "\""));
        var info = new ProcessStartInfo(Interpreter, quoted) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0) return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine($"{script} failed (are python3-torch and python3-sklearn installed?): {error.Split('\n').LastOrDefault(l => l.Length > 0)}");
        return null;
    }
}
