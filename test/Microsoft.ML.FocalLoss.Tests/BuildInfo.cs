using System.Linq;
using System.Reflection;

namespace Microsoft.ML.FocalLoss.Tests;

/// <summary>Build-time facts the test project records as assembly metadata.</summary>
internal static class BuildInfo
{
    public static string RepoRoot => Get("RepoRoot");

    public static string Configuration => Get("Configuration");

    public static string ModelLoadCheck => Get("ModelLoadCheck");

    /// <summary>The built examples/ConsumeModel program.</summary>
    public static string ConsumeModelExample => Get("ConsumeModelExample");

    public static string NuGetPackageRoot => Get("NuGetPackageRoot");

    public static string TorchSharpPackageFolder => Get("TorchSharpPackageFolder");

    private static string Get(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
