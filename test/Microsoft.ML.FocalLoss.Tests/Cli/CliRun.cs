using System.Globalization;
using System.IO;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>The real `focalml` command, run in-process, with its exit code and both output streams.</summary>
internal static class CliRun
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        // An exception escaping Run fails the calling test: the command must turn every error into one line.
        int code = FocalMlCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static void Succeeds(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.AreEqual(0, code, $"{string.Join(" ", args)}\n{error}\n{output}");
    }

    /// <summary>Exit code 1, one line on standard error that contains <paramref name="expected"/>; returns standard output.</summary>
    public static string Fails(string expected, params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.AreEqual(1, code, $"{string.Join(" ", args)}\n{output}");
        StringAssert.StartsWith(error, "focalml: error: ");
        StringAssert.Contains(error, expected);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, $"one line: {error}");
        Assert.IsFalse(error.Contains("   at ", System.StringComparison.Ordinal), "no stack trace");
        return output;
    }
}
