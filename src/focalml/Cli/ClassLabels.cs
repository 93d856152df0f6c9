using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

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

    public static ClassLabels From(IReadOnlyList<string> labels, string labelColumn)
    {
        var counts = labels.Where(l => l.Length > 0).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0) throw new CliException($"The label column '{labelColumn}' is empty in every row.");
        if (counts.Count == 1) throw new CliException($"The label column '{labelColumn}' has a single class ('{counts.Keys.First()}'); a classifier needs at least two.");
        bool numeric = counts.Keys.All(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        string[] names = numeric
            ? counts.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToArray()
            : counts.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (names.Length == 2 && counts[names[0]] < counts[names[1]]) names = new[] { names[1], names[0] };
        return new ClassLabels(names);
    }

    public static ClassLabels FromModel(string[] names) => new(names);

    /// <summary>The class index of each label; -1 for an empty label, an error for a class the model does not know.</summary>
    public int[] IndexOf(IReadOnlyList<string> labels, string labelColumn) => labels.Select(l =>
    {
        if (l.Length == 0) return -1;
        int index = Array.IndexOf(Names, l);
        return index >= 0 ? index : throw new CliException($"The label column '{labelColumn}' has class '{l}', which the model does not know (it knows {string.Join(", ", Names)}).");
    }).ToArray();
}
