using System;
using System.IO;

namespace Microsoft.ML.FocalLoss.Tests;

/// <summary>A fresh temporary folder, deleted with everything in it when disposed.</summary>
internal sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
