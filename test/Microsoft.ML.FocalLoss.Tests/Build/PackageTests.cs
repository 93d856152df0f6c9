using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Build;

/// <summary>
/// `dotnet pack` of the library and of the focalml tool gives publishable packages: IDs outside nuget.org's reserved
/// Microsoft.* prefix, the metadata a gallery page shows, a readme and icon inside, symbols, no pack warning, and
/// tool packages under nuget.org's 250 MB limit.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    private const long NuGetOrgLimit = 250L * 1024 * 1024;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void TheLibraryPackageIsPublishable()
    {
        using var temp = new TempFolder("focalml-pack");
        string output = ConsumerApp.Run("dotnet",
            $"pack \"{Path.Combine(BuildInfo.RepoRoot, "src", "Microsoft.ML.FocalLoss")}\" --no-build -c {BuildInfo.Configuration} -o \"{temp.Path}\"", BuildInfo.RepoRoot);
        Assert.IsFalse(ConsumerApp.HasWarning(output), output);

        string package = Single(temp.Path, "FocalMl.FocalLoss.*.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(package);
        XElement metadata = Metadata(zip);
        CheckGalleryMetadata(zip, metadata, "FocalMl.FocalLoss");
        Assert.AreEqual("[6.0.0]", Dependency(metadata, "Microsoft.ML"), "the exact ML.NET the internals were proven on");
        Assert.IsNotNull(zip.GetEntry("lib/net10.0/Microsoft.ML.FocalLoss.dll"), "the assembly keeps its name: saved models name it");
        Assert.IsNotNull(zip.GetEntry("lib/net10.0/Microsoft.ML.FocalLoss.xml"), "XML docs for IntelliSense");
        Assert.IsNotNull(zip.GetEntry("buildTransitive/FocalMl.FocalLoss.targets"), "NuGet imports buildTransitive/<id>.targets");
        Assert.IsFalse(zip.Entries.Any(e => e.FullName.Contains("MlNetInternals", StringComparison.Ordinal)), "the build-time tool stays out");

        using ZipArchive symbols = ZipFile.OpenRead(Single(temp.Path, "FocalMl.FocalLoss.*.snupkg"));
        Assert.IsNotNull(symbols.GetEntry("lib/net10.0/Microsoft.ML.FocalLoss.pdb"), "the symbols package holds the PDB");
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public void TheToolIsOnePackagePerPlatformEachUnderNuGetOrgsLimit()
    {
        using var temp = new TempFolder("focalml-toolpack");
        // Built here for each platform (bin/<config>/net10.0/<rid>): the test run's own build has no RID.
        string output = ConsumerApp.Run("dotnet",
            $"pack \"{Path.Combine(BuildInfo.RepoRoot, "src", "focalml")}\" -c {BuildInfo.Configuration} -o \"{temp.Path}\"", BuildInfo.RepoRoot);
        Assert.IsFalse(ConsumerApp.HasWarning(output), output);

        string pointer = Single(temp.Path, "FocalMl.Tool.0*.nupkg");
        using (ZipArchive zip = ZipFile.OpenRead(pointer))
            CheckGalleryMetadata(zip, Metadata(zip), "FocalMl.Tool");
        foreach ((string rid, string libtorch) in new[] { ("linux-x64", "libtorch_cpu.so"), ("win-x64", "torch_cpu.dll") })
        {
            string package = Single(temp.Path, $"FocalMl.Tool.{rid}.*.nupkg");
            long size = new FileInfo(package).Length;
            Console.WriteLine($"{Path.GetFileName(package)}: {size / 1024 / 1024} MB");
            Assert.IsLessThan(NuGetOrgLimit, size, $"{Path.GetFileName(package)} is {size / 1024 / 1024} MB");
            using ZipArchive zip = ZipFile.OpenRead(package);
            CheckGalleryMetadata(zip, Metadata(zip), $"FocalMl.Tool.{rid}");
            Assert.IsTrue(zip.Entries.Any(e => e.Name == libtorch), $"the {rid} package carries its own libtorch");
            string[] foreign = zip.Entries.Select(e => e.FullName).Where(n => n.Contains("/runtimes/", StringComparison.Ordinal)).ToArray();
            Assert.IsEmpty(foreign, $"no other platform's natives:\n{string.Join("\n", foreign.Take(10))}");
        }
    }

    private static void CheckGalleryMetadata(ZipArchive zip, XElement metadata, string id)
    {
        Assert.AreEqual(id, Element(metadata, "id"));
        Assert.IsFalse(id.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase), "Microsoft.* is reserved on nuget.org");
        Assert.AreEqual("MIT", Element(metadata, "license"));
        StringAssert.StartsWith(Element(metadata, "projectUrl"), "https://");
        Assert.IsFalse(string.IsNullOrWhiteSpace(Element(metadata, "description")));
        StringAssert.Contains(Element(metadata, "tags"), "ml.net");
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        StringAssert.StartsWith((string?)repository.Attribute("url"), "https://");
        Assert.AreEqual(40, ((string?)repository.Attribute("commit"))?.Length, "the repository element names the commit");

        ZipArchiveEntry readme = zip.GetEntry(Element(metadata, "readme")) ?? throw new AssertFailedException("the readme the nuspec names is in the package");
        using (var reader = new StreamReader(readme.Open()))
            StringAssert.Contains(reader.ReadToEnd(), "focal");
        ZipArchiveEntry icon = zip.GetEntry(Element(metadata, "icon")) ?? throw new AssertFailedException("the icon the nuspec names is in the package");
        using Stream png = icon.Open();
        var signature = new byte[8];
        png.ReadExactly(signature);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, signature, "the icon is a PNG");
    }

    private static XElement Metadata(ZipArchive zip)
    {
        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using Stream stream = nuspec.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? throw new AssertFailedException($"the nuspec has no <{name}>");

    private static string? Dependency(XElement metadata, string id) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency").SingleOrDefault(d => (string?)d.Attribute("id") == id)?.Attribute("version")?.Value;

    private static string Single(string folder, string pattern)
    {
        string[] found = Directory.GetFiles(folder, pattern);
        Assert.HasCount(1, found, $"{pattern} in {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName))}");
        return found[0];
    }
}
