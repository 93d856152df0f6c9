using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>What focalml needs beside the ML.NET model to read new CSVs: the task, label, features and classes.</summary>
/// <param name="Task">"binary" or "multiclass".</param>
/// <param name="Label">The label column of the training CSV.</param>
/// <param name="Features">The feature columns, in the model's order.</param>
/// <param name="Classes">Class names in score order; for binary, [negative, positive].</param>
internal sealed record ModelInfo(string Task, string Label, string[] Features, string[] Classes);

/// <summary>
/// An ordinary ML.NET model zip that <c>mlContext.Model.Load</c> reads, with one extra entry, focalml.json,
/// which ML.NET ignores.
/// </summary>
internal static class ModelBundle
{
    private const string InfoEntry = "focalml.json";

    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, ModelInfo info, string path)
    {
        ml.Model.Save(model, inputSchema, path);
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update);
        using var writer = new StreamWriter(zip.CreateEntry(InfoEntry).Open());
        writer.Write(JsonSerializer.Serialize(info));
    }

    public static (ITransformer Model, ModelInfo Info) Load(MLContext ml, string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: file not found.");
        ModelInfo info;
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            ZipArchiveEntry entry = zip.GetEntry(InfoEntry) ?? throw new CliException($"{path}: an ML.NET model, but not one focalml wrote (no {InfoEntry}).");
            using var reader = new StreamReader(entry.Open());
            info = JsonSerializer.Deserialize<ModelInfo>(reader.ReadToEnd()) ?? throw new InvalidDataException("empty model information");
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            throw new CliException($"{path}: not a focalml model ({e.Message}).", e);
        }
        try
        {
            return (ml.Model.Load(path, out _), info);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            throw new CliException($"{path}: the ML.NET model in it cannot be loaded ({e.Message}).", e);
        }
    }
}
