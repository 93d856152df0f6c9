using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>
/// Random CSV files (random bytes, quoting, widths, names, encodings and line endings) through `focalml train` and
/// `focalml predict`: never an unhandled exception, exit code 0 or 1 with one line, and nothing written but the
/// output paths the command was given.
/// </summary>
[TestClass]
public sealed class CsvFuzzTests
{
    private const int Cases = 60;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void RandomFilesNeverCrashAndNeverWriteOutsideTheOutputPaths()
    {
        using var temp = new TempFolder("focalml-fuzz");
        string model = Path.Combine(temp.Path, "model.zip");
        Assert.AreEqual(0, Run("train", "--epochs", "2", "--hidden", "4", "--out", model).Code, "a model to predict with");
        var random = new Random(20261129);
        int trained = 0, predicted = 0;
        for (int i = 0; i < Cases; i++)
        {
            string data = Path.Combine(temp.Path, $"case{i}.csv");
            File.WriteAllBytes(data, RandomCsv(random, out string label));
            string description = $"case {i} (seed 20261129):\n{Encoding.UTF8.GetString(File.ReadAllBytes(data)).Replace("\r", "\\r", StringComparison.Ordinal)}";

            string trainedModel = Path.Combine(temp.Path, $"m{i}.zip");
            string[] before = Directory.GetFiles(temp.Path);
            var (code, _, error) = Run("train", "--data", data, "--label", label, "--epochs", "1", "--hidden", "4", "--out", trainedModel);
            Check(code, error, before, code == 0 ? new[] { trainedModel } : Array.Empty<string>(), temp.Path, "train " + description);
            if (code == 0) trained++;

            string predictions = Path.Combine(temp.Path, $"p{i}.csv");
            before = Directory.GetFiles(temp.Path);
            (code, _, error) = Run("predict", "--model", model, "--data", data, "--out", predictions);
            Check(code, error, before, code == 0 ? new[] { predictions } : Array.Empty<string>(), temp.Path, "predict " + description);
            if (code == 0) predicted++;
        }
        Console.WriteLine($"{Cases} random files: {trained} trained, {predicted} predicted, the rest refused in one line");
        Assert.IsGreaterThan(0, trained, "some random files are valid tables, so the fuzzing reaches training");
    }

    private static void Check(int code, string error, string[] before, string[] outputs, string folder, string description)
    {
        Assert.IsTrue(code is 0 or 1, $"exit code {code}: {description}");
        if (code == 1)
        {
            StringAssert.StartsWith(error, "focalml: error: ", description);
            Assert.AreEqual(1, error.Trim().Split('\n').Length, $"one line, got:\n{error}\n{description}");
        }
        string[] added = Directory.GetFiles(folder).Except(before).ToArray();
        CollectionAssert.AreEquivalent(outputs, added, $"files written: {string.Join(", ", added)}; {description}");
    }

    private static readonly string[] GlassColumns = { "RI", "Na", "Mg", "Al", "Si", "K", "Ca", "Ba", "Fe", "Type" };

    /// <summary>
    /// A random table: half plausible (so some train), a quarter with the shipped model's columns (so some predict),
    /// a quarter chaos; each with random damage of every kind a file can have.
    /// </summary>
    private static byte[] RandomCsv(Random random, out string label)
    {
        int mode = random.Next(4);
        string[] names = mode switch
        {
            0 or 1 => Enumerable.Range(0, random.Next(1, 5)).Select(c => $"c{c}").Append("label").ToArray(),
            2 => GlassColumns,
            _ => Enumerable.Range(0, random.Next(1, 6)).Select(c => random.Next(8) switch
            {
                0 => "",
                1 => "a",                           // duplicates, sometimes
                2 => "\"quoted, name\"",
                3 => "naïve ✓",
                _ => $"c{c}",
            }).ToArray(),
        };
        int width = names.Length;
        string chosen = mode switch { 0 or 1 => "label", 2 => "Type", _ => random.Next(8) == 0 ? "absent" : names[random.Next(width)].Trim('"') };
        label = chosen;
        double damage = mode == 3 ? 0.3 : 0.03;
        var text = new StringBuilder();
        string newline = random.Next(3) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
        text.Append(string.Join(",", names)).Append(newline);
        int rows = mode == 3 ? random.Next(0, 40) : random.Next(20, 90);
        for (int r = 0; r < rows; r++)
        {
            int cells = random.NextDouble() < damage / 3 ? random.Next(0, width + 2) : width;
            text.Append(string.Join(",", Enumerable.Range(0, cells).Select(c => Cell(random, names[Math.Min(c, width - 1)] == chosen, damage))));
            text.Append(random.NextDouble() < damage / 3 ? newline + "   " + newline : newline);
        }
        byte[] bytes = random.Next(6) switch
        {
            0 => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(),
            1 when mode == 3 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text.ToString())).ToArray(),
            2 => Encoding.Latin1.GetBytes(text.ToString()),
            _ => Encoding.UTF8.GetBytes(text.ToString()),
        };
        if (random.NextDouble() < damage)
        {
            // Random bytes over a random stretch: broken UTF-8, NULs, stray quotes.
            int start = random.Next(bytes.Length + 1), length = random.Next(0, 40);
            bytes = bytes.Take(start).Concat(Enumerable.Range(0, length).Select(_ => (byte)random.Next(256))).Concat(bytes.Skip(start + length)).ToArray();
        }
        return bytes;
    }

    private static string Cell(Random random, bool isLabel, double damage)
    {
        if (isLabel)
            return random.NextDouble() < damage ? (random.Next(3) switch { 0 => "NA", 1 => "", _ => "\"x,y\"" }) : random.Next(3) == 0 ? "rare" : "common";
        if (random.NextDouble() >= damage) return (random.NextDouble() * 100 - 50).ToString("G6", CultureInfo.InvariantCulture);
        return random.Next(10) switch
        {
            0 => "",
            1 => "NA",
            2 => "\"unterminated",
            3 => "\"a \"\"quoted\"\" cell\"",
            4 => "text" + random.Next(3),
            5 => new string('9', random.Next(1, 60)),
            6 => "1e39",
            7 => "-Infinity",
            8 => "\"line\nbreak\"",
            _ => "\u0000",
        };
    }
}
