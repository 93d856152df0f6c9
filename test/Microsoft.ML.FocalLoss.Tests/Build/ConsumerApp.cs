using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Build;

/// <summary>A console app that uses the library as a user's app would, built and run with the dotnet CLI.</summary>
internal static class ConsumerApp
{
    /// <summary>Writes app.csproj with the given properties and references, and a Program.cs that trains a step of focal loss.</summary>
    public static void Write(string folder, string properties, string references)
    {
        File.WriteAllText(Path.Combine(folder, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using static TorchSharp.torch;
            var x = randn(8, 3).requires_grad_(true);
            var loss = Microsoft.ML.FocalLoss.Loss.FocalLossFunctional.Softmax(x, randint(0, 3, new long[] { 8 }));
            loss.backward();
            System.Console.WriteLine(x.grad!.isfinite().all().item<bool>() ? "trained" : "not finite");
            """);
    }

    /// <summary>Whether MSBuild or NuGet reported a warning ("… warning NU1608: …"), not the "0 Warning(s)" summary.</summary>
    public static bool HasWarning(string output) => Regex.IsMatch(output, @"\bwarning [A-Z]*[0-9]*\s*:", RegexOptions.IgnoreCase);

    /// <summary>Runs a command to completion, failing the test with its output when it fails.</summary>
    public static string Run(string file, string arguments, string workingDirectory)
    {
        (int code, string output) = ProcessRunner.Run(file, arguments, workingDirectory, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, code, $"{file} {arguments}\n{output}");
        return output;
    }
}
