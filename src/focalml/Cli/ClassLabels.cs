using System;
using System.Globalization;
using System.Linq;
using Microsoft.ML.FocalLoss.Cli.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// The classes of a label column. Numeric labels sort by value and text by ordinal order. With two classes, the one
/// with fewer rows is the positive class, as imbalanced tasks usually mean, and it is listed second.
/// </summary>
internal sealed class ClassLabels
{
    private ClassLabels(string[] names) => Names = names;

    public string[] Names { get; }

    public bool IsBinary => Names.Length == 2;

    public static ClassLabels From(LabelStats label)
    {
        var counts = label.Counts;
        if (counts.Count == 0) throw new CliException($"The label column '{label.Column}' is empty in every row.");
        if (counts.Count == 1) throw new CliException($"The label column '{label.Column}' has a single class ('{counts.Keys.First()}'); a classifier needs at least two.");
        string[] names = label.IsNumeric
            ? counts.Keys.OrderBy(k => float.Parse(k, CultureInfo.InvariantCulture)).ToArray()
            : counts.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (names.Length == 2 && counts[names[0]] < counts[names[1]]) names = new[] { names[1], names[0] };
        return new ClassLabels(names);
    }

    public static ClassLabels FromModel(string[] names) => new(names);

    /// <summary>A file to score against this model may hold only classes the model knows.</summary>
    public void CheckKnows(LabelStats file, string path)
    {
        string[] unknown = file.Counts.Keys.Where(k => Array.IndexOf(Names, k) < 0).ToArray();
        if (unknown.Length > 0)
            throw new CliException($"{path}: the label column '{file.Column}' has class(es) {string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"))}, which the model does not know (it knows {string.Join(", ", Names)}).");
    }
}
