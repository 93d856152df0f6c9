using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualBasic.FileIO;

namespace ImbalancedSuite;

/// <summary>
/// A task's rows after derivation: numeric features (NaN where missing), text features, and the class of each row.
/// Read with ML.NET's TextLoader; only the header line is split by hand, to learn the column names.
/// </summary>
internal sealed class TaskTable
{
    private TaskTable(SuiteTask task, string[] numericNames, float[][] numeric, string[][] categorical, string[] classes)
    {
        Task = task;
        NumericNames = numericNames;
        Numeric = numeric;
        Categorical = categorical;
        Classes = classes;
        ClassNames = task.IsBinary ? new[] { "rest", task.Positive! } : classes.Distinct().Order(StringComparer.Ordinal).ToArray();
        HasMissing = numeric.Any(r => r.Any(float.IsNaN));
    }

    public SuiteTask Task { get; }

    public string[] NumericNames { get; }

    public float[][] Numeric { get; }

    public string[][] Categorical { get; }

    /// <summary>The label value of each row as text.</summary>
    public string[] Classes { get; }

    /// <summary>Class names in index order; binary tasks are [rest, positive].</summary>
    public string[] ClassNames { get; }

    public bool HasMissing { get; }

    public int Count => Classes.Length;

    /// <summary>The class index of a row: 0/1 for a binary task, else the position in <see cref="ClassNames"/>.</summary>
    public int ClassOf(int row) => Task.IsBinary
        ? (Classes[row] == Task.Positive ? 1 : 0)
        : Array.BinarySearch(ClassNames, Classes[row], StringComparer.Ordinal);

    public static TaskTable Load(MLContext ml, SuiteTask task, string folder)
    {
        string path = Path.Combine(folder, task.File);
        string[] header = Header(path);
        int label = Array.IndexOf(header, task.Label);
        if (label < 0) throw new InvalidDataException($"{task.File} has no column '{task.Label}'.");
        int[] categorical = task.Categorical.Select(c => Array.IndexOf(header, c)).ToArray();
        if (categorical.Contains(-1)) throw new InvalidDataException($"{task.File} lacks a categorical column of task {task.Name}.");
        int[] numeric = Enumerable.Range(0, header.Length).Where(c => c != label && !categorical.Contains(c)).ToArray();

        var columns = new List<TextLoader.Column> { new("Class", DataKind.String, label) };
        if (numeric.Length > 0) columns.Add(new TextLoader.Column("Num", DataKind.Single, numeric.Select(c => new TextLoader.Range(c)).ToArray()));
        if (categorical.Length > 0) columns.Add(new TextLoader.Column("Cat", DataKind.String, categorical.Select(c => new TextLoader.Range(c)).ToArray()));
        IDataView view = ml.Data.LoadFromTextFile(path, columns.ToArray(), separatorChar: ',', hasHeader: true, allowQuoting: true);

        string[] classes = view.GetColumn<string>("Class").ToArray();
        float[][] num = numeric.Length > 0 ? view.GetColumn<float[]>("Num").ToArray() : classes.Select(_ => Array.Empty<float>()).ToArray();
        string[][] cat = categorical.Length > 0 ? view.GetColumn<string[]>("Cat").ToArray() : classes.Select(_ => Array.Empty<string>()).ToArray();
        int[] keep = Derive(task, classes);
        return new TaskTable(task, numeric.Select(c => header[c]).ToArray(), keep.Select(i => num[i]).ToArray(),
            keep.Select(i => cat[i]).ToArray(), keep.Select(i => classes[i]).ToArray());
    }

    /// <summary>The rows the task keeps, in file order.</summary>
    private static int[] Derive(SuiteTask task, string[] classes)
    {
        if (task.Imbalance is not double ratio) return Enumerable.Range(0, classes.Length).ToArray();
        var random = new Random(SuiteTask.DerivationSeed);
        var groups = Enumerable.Range(0, classes.Length).GroupBy(i => task.IsBinary ? (classes[i] == task.Positive ? "+" : "-") : classes[i])
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var keep = new List<int>();
        if (task.IsBinary)
        {
            int negatives = groups.Single(g => g.Key == "-").Count();
            keep.AddRange(groups.Single(g => g.Key == "-"));
            keep.AddRange(Sample(groups.Single(g => g.Key == "+").ToArray(), (int)Math.Round(negatives / ratio), random));
        }
        else
        {
            int largest = groups.Max(g => g.Count());
            for (int rank = 0; rank < groups.Length; rank++)
            {
                int target = (int)Math.Round(largest * Math.Pow(ratio, -(double)rank / (groups.Length - 1)));
                keep.AddRange(Sample(groups[rank].ToArray(), target, random));
            }
        }
        keep.Sort();
        return keep.ToArray();
    }

    private static IEnumerable<int> Sample(int[] rows, int count, Random random)
    {
        random.Shuffle(rows);
        return rows.Take(Math.Min(count, rows.Length));
    }

    private static string[] Header(string path)
    {
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        return parser.ReadFields() ?? throw new InvalidDataException($"{path} is empty.");
    }
}
