using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.FocalLoss.Build;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Build;

/// <summary>The build step that makes TorchSharp's native library load on a pre-GCC-13 libstdc++.</summary>
[TestClass]
public sealed class GlibcxxCompatTests
{
    private const string Version = WeakenGlibcxxRequirement.VersionName;

    private static string OriginalInNuGetCache =>
        Path.Combine(BuildInfo.TorchSharpPackageFolder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string CopyInOutput => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static bool SystemHasVersion
    {
        get
        {
            string? libstdcxx = WeakenGlibcxxRequirement.LocateSystemLibStdCxx(null);
            return libstdcxx is not null && ElfVersionNeeds.DefinesVersion(libstdcxx, Version);
        }
    }

    [TestMethod]
    public void TorchSharpLoadsAndRunsForwardAndBackward()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new[] { 1.0f, -2.0f }).requires_grad_(true);
        var y = w.mul(w).sum(); // d/dw Σw² = 2w
        y.backward();
        CollectionAssert.AreEqual(new[] { 2.0f, -4.0f }, w.grad!.data<float>().ToArray());
    }

    [TestMethod]
    public void OutputCopyIsWeakAndTheNuGetCacheOriginalIsUntouched()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The step applies to Linux builds only.");
        Assert.IsTrue(File.Exists(OriginalInNuGetCache), OriginalInNuGetCache);
        Assert.IsFalse(ElfVersionNeeds.IsVersionNeedWeak(OriginalInNuGetCache, Version), "the NuGet cache keeps the shipped bytes");
        // Where the system libstdc++ already has the version, the step leaves the file as shipped.
        Assert.AreEqual(!SystemHasVersion, ElfVersionNeeds.IsVersionNeedWeak(CopyInOutput, Version), "the copy in the output is patched exactly when needed");
        Assert.AreEqual(new FileInfo(OriginalInNuGetCache).Length, new FileInfo(CopyInOutput).Length);
    }

    [TestMethod]
    public void TheUnpatchedLibraryFailsToLoadHereAndThePatchedOneLoads()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The step applies to Linux builds only.");
        using (var scope = NewDisposeScope()) ones(1); // TorchSharp is loaded, so libtorch resolves by soname below
        bool loaded = NativeLibrary.TryLoad(OriginalInNuGetCache, out IntPtr handle);
        if (loaded) NativeLibrary.Free(handle);
        Assert.AreEqual(SystemHasVersion, loaded, $"the shipped library loads only where libstdc++ has {Version}");
        Assert.IsTrue(NativeLibrary.TryLoad(CopyInOutput, out IntPtr patched), "the output copy loads");
        NativeLibrary.Free(patched);
    }

    [TestMethod]
    public void WeakenChangesExactlyTwoBytesAndIsIdempotent()
    {
        using var temp = new TempFolder("focalml-elf");
        string dir = temp.Path;
        string copy = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(OriginalInNuGetCache, copy);
        Assert.AreEqual(WeakenOutcome.Patched, ElfVersionNeeds.Weaken(copy, Version, WeakenGlibcxxRequirement.AnchorSymbols, out string detail), detail);
        Assert.IsTrue(ElfVersionNeeds.IsVersionNeedWeak(copy, Version));

        byte[] before = File.ReadAllBytes(OriginalInNuGetCache), after = File.ReadAllBytes(copy);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.AreEqual(2, changed.Length, "the vna_flags byte and the symbol's st_info byte");
        Assert.IsTrue(changed.Any(i => after[i] == (before[i] | 0x2)), "VER_FLG_WEAK set on the version need");
        Assert.IsTrue(changed.Any(i => after[i] >> 4 == 2 && before[i] >> 4 == 1), "STB_GLOBAL became STB_WEAK");

        Assert.AreEqual(WeakenOutcome.AlreadyWeak, ElfVersionNeeds.Weaken(copy, Version, WeakenGlibcxxRequirement.AnchorSymbols, out _));
        CollectionAssert.AreEqual(after, File.ReadAllBytes(copy), "a second run changes nothing");
    }

    [TestMethod]
    public void AHardLinkedCopyIsReplacedNotEditedInPlace()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("Hard links are tested on Linux.");
        using var temp = new TempFolder("focalml-elf");
        string dir = temp.Path;
        string cache = Path.Combine(dir, "cache.so"), output = Path.Combine(dir, "output.so");
        File.Copy(OriginalInNuGetCache, cache);
        Assert.AreEqual(0, link(cache, output), "hard link created");
        ElfVersionNeeds.Weaken(output, Version, WeakenGlibcxxRequirement.AnchorSymbols, out _);
        Assert.IsTrue(ElfVersionNeeds.IsVersionNeedWeak(output, Version));
        CollectionAssert.AreEqual(File.ReadAllBytes(OriginalInNuGetCache), File.ReadAllBytes(cache), "the linked original keeps its bytes");
    }

    [TestMethod]
    public void ASymbolicLinkIsReplacedByAPatchedFileAndItsTargetKeepsItsBytes()
    {
        // Directory.Build.props falls back to symbolic links when the NuGet cache is on another file system.
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("Symbolic links are tested on Linux.");
        using var temp = new TempFolder("focalml-elf");
        string cache = Path.Combine(temp.Path, "cache.so"), output = Path.Combine(temp.Path, "output.so");
        File.Copy(OriginalInNuGetCache, cache);
        File.CreateSymbolicLink(output, cache);
        ElfVersionNeeds.Weaken(output, Version, WeakenGlibcxxRequirement.AnchorSymbols, out _);
        Assert.IsNull(new FileInfo(output).LinkTarget, "the output is a file of its own now");
        Assert.IsTrue(ElfVersionNeeds.IsVersionNeedWeak(output, Version));
        CollectionAssert.AreEqual(File.ReadAllBytes(OriginalInNuGetCache), File.ReadAllBytes(cache), "the link's target keeps its bytes");
    }

    [TestMethod]
    public void RefusesWhenOtherSymbolsNeedTheVersionAndIgnoresNonElfFiles()
    {
        using var temp = new TempFolder("focalml-elf");
        string dir = temp.Path;
        string copy = Path.Combine(dir, "lib.so");
        File.Copy(OriginalInNuGetCache, copy);
        Assert.AreEqual(WeakenOutcome.Refused, ElfVersionNeeds.Weaken(copy, Version, Array.Empty<string>(), out string detail));
        StringAssert.Contains(detail, "_ZSt21ios_base_library_initv");
        CollectionAssert.AreEqual(File.ReadAllBytes(OriginalInNuGetCache), File.ReadAllBytes(copy), "a refused file is not touched");

        Assert.AreEqual(WeakenOutcome.VersionNotNeeded, ElfVersionNeeds.Weaken(copy, "GLIBCXX_99.0", WeakenGlibcxxRequirement.AnchorSymbols, out _));
        string text = Path.Combine(dir, "notes.txt");
        File.WriteAllText(text, "not a library");
        Assert.AreEqual(WeakenOutcome.NotElf64, ElfVersionNeeds.Weaken(text, Version, WeakenGlibcxxRequirement.AnchorSymbols, out _));
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void ThePackageCarriesTheStepToAConsumingAppOnTheCurrentMlNet()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The step applies to Linux builds only.");
        using var temp = new TempFolder("focalml-consumer");
        string dir = temp.Path;
        string feed = Path.Combine(dir, "feed"), app = Path.Combine(dir, "app"), packages = Path.Combine(dir, "packages");
        Directory.CreateDirectory(app);
        string version = "0.0.0-test" + Guid.NewGuid().ToString("N")[..8];
        ConsumerApp.Run("dotnet", $"pack \"{Path.Combine(BuildInfo.RepoRoot, "src", "Microsoft.ML.FocalLoss")}\" --no-build -c {BuildInfo.Configuration} -o \"{feed}\" -p:Version={version}", BuildInfo.RepoRoot);

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <configuration><packageSources><clear />
              <add key="local" value="{feed}" />
              <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
            </packageSources></configuration>
            """);
        // A private packages folder keeps the test package out of the user's cache; the user's cache serves the rest.
        // The app is on the current ML.NET with FastTree and LightGbm beside the library, as an ML.NET user's would be.
        ConsumerApp.Write(app, $"""
                <RestorePackagesPath>{packages}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{BuildInfo.NuGetPackageRoot}</RestoreAdditionalProjectFallbackFolders>
            """, $"""
                <PackageReference Include="FocalMl.FocalLoss" Version="{version}" />
                <PackageReference Include="Microsoft.ML" Version="6.0.0" />
                <PackageReference Include="Microsoft.ML.FastTree" Version="6.0.0" />
                <PackageReference Include="Microsoft.ML.LightGbm" Version="6.0.0" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
            """);
        string build = ConsumerApp.Run("dotnet", "build -c Release", app);
        Assert.IsFalse(ConsumerApp.HasWarning(build), $"restore and build give no warning (NU1107, NU1608 …):\n{build}");

        string output = Path.Combine(app, "bin", "Release", "net10.0");
        string patched = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.AreEqual(!SystemHasVersion, ElfVersionNeeds.IsVersionNeedWeak(patched, Version), "the consuming app's copy is patched");
        Assert.IsEmpty(Directory.GetFiles(output, "MlNetInternals*"), "nothing of the build-time tools lands in the app");
        StringAssert.Contains(ConsumerApp.Run("dotnet", Path.Combine("bin", "Release", "net10.0", "app.dll"), app), "trained");
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void AProjectReferenceConsumerGetsTheStepFromTheReadmesImportLine()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The step applies to Linux builds only.");
        // Outside the repository, so the repository's Directory.Build.* do not apply: only what the README says to add.
        using var temp = new TempFolder("focalml-projref");
        string app = Path.Combine(temp.Path, "app");
        Directory.CreateDirectory(app);
        string library = Path.Combine(BuildInfo.RepoRoot, "src", "Microsoft.ML.FocalLoss", "Microsoft.ML.FocalLoss.csproj");
        string targets = Path.Combine(BuildInfo.RepoRoot, "build", "Microsoft.ML.FocalLoss.targets");
        ConsumerApp.Write(app, "", $"""
                <ProjectReference Include="{library}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
              <Import Project="{targets}" />
              <ItemGroup>
            """);
        ConsumerApp.Run("dotnet", $"build -c {BuildInfo.Configuration}", app);
        string output = Path.Combine(app, "bin", BuildInfo.Configuration, "net10.0");
        string patched = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.AreEqual(!SystemHasVersion, ElfVersionNeeds.IsVersionNeedWeak(patched, Version), "the project-reference app's copy is patched");
        Assert.IsEmpty(Directory.GetFiles(output, "MlNetInternals*"), "nothing of the build-time tools lands in the app");
        StringAssert.Contains(ConsumerApp.Run("dotnet", Path.Combine(output, "app.dll"), app), "trained");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldPath, string newPath);
}
