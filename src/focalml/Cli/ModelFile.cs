using System;
using System.IO;
using System.Linq;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>What focalml needs beside the ML.NET pipeline to evaluate: the task, the label column and the classes.</summary>
/// <param name="Task">"binary" or "multiclass".</param>
/// <param name="Label">The label column of the training CSV.</param>
/// <param name="Classes">Class names in score order; for binary, [negative, positive].</param>
internal sealed record ModelInfo(string Task, string Label, string[] Classes);

/// <summary>
/// An ordinary ML.NET model zip of the whole pipeline, from the CSV's own columns to PredictedLabel (the class as
/// the file names it) and Score, which <c>mlContext.Model.Load</c> reads; plus one entry, focalml.json, which ML.NET
/// ignores. Written under a temporary name and renamed, so a reader never sees half a file.
/// </summary>
internal static class ModelFile
{
    private const string InfoEntry = "focalml.json";

    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, ModelInfo info, string path) =>
        OutputPaths.WriteAtomically(path, temporary =>
        {
            ml.Model.Save(model, inputSchema, temporary);
            using ZipArchive zip = ZipFile.Open(temporary, ZipArchiveMode.Update);
            using var writer = new StreamWriter(zip.CreateEntry(InfoEntry).Open());
            writer.Write(JsonSerializer.Serialize(info));
        });

    public static (ITransformer Model, DataViewSchema InputSchema, ModelInfo Info) Load(MLContext ml, string path)
    {
        if (Directory.Exists(path)) throw new CliException($"{path}: a folder, not a model file.");
        if (!File.Exists(path)) throw new CliException($"{path}: file not found.");
        ModelInfo? info;
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            ZipArchiveEntry entry = zip.GetEntry(InfoEntry) ?? throw new CliException($"{path}: an ML.NET model, but not one focalml wrote (no {InfoEntry}).");
            using var reader = new StreamReader(entry.Open());
            info = JsonSerializer.Deserialize<ModelInfo>(reader.ReadToEnd());
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw new CliException($"{path}: not a focalml model ({e.Message.Split('\n')[0]}).", e);
        }
        if (info?.Task is not ("binary" or "multiclass") || string.IsNullOrEmpty(info.Label) || info.Classes is not { Length: >= 2 })
            throw new CliException($"{path}: not a focalml model ({InfoEntry} lacks the task, label or classes).");
        try
        {
            ITransformer model = ml.Model.Load(path, out DataViewSchema schema);
            // focalml before 0.2 saved the network alone, reading one Features vector; its class names were in the JSON.
            if (schema.All(c => c.Type is VectorDataViewType || c.Name == info.Label))
                throw new CliException($"{path}: a model from an earlier focalml, which reads a Features vector rather than the CSV's columns; train it again with this version.");
            return (model, schema, info);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException or ArgumentException or TargetInvocationException or IOException)
        {
            // ML.NET wraps a loader's error in reflection's; the innermost message says what is wrong, unless this
            // library's loader said it in its own words around it (a stacking partner whose package is missing).
            Exception inner = e;
            Exception? ours = null;
            for (Exception? x = e; x is not null; x = x.InnerException)
            {
                if (x.TargetSite?.DeclaringType?.Assembly == typeof(Training.FocalLossTrainer).Assembly) ours = x;
                inner = x;
            }
            inner = ours ?? inner;
            throw new CliException($"{path}: the ML.NET model in it cannot be loaded ({inner.Message.Split('\n')[0]}).", e);
        }
    }
}
