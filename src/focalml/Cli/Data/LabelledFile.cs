using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// A labelled CSV read against a model's input columns (the test file of `train`, the file of `evaluate`): the rows
/// that can be scored and have a label, with the Label column the trainers read, each row's class, and what was
/// skipped and why.
/// </summary>
internal sealed record LabelledFile(IDataView Rows, int[] ClassIndex, string? Skipped)
{
    public static LabelledFile Read(MLContext ml, string path, IReadOnlyList<(string Name, DataKind Kind)> inputs, string labelColumn, ClassLabels classes)
    {
        CsvHeader header = CsvHeader.Read(path);
        header.IndexOf(labelColumn, "label");
        // Loading checks that every column is there, naming the missing ones; rows are read only by the check below.
        IDataView typed = ModelInputs.Load(ml, header, inputs.Append((labelColumn, DataKind.String)));
        FileCheck check = FileCheck.Read(header, inputs.Where(i => i.Kind == DataKind.Single).Select(i => i.Name).ToArray(), labelColumn);
        classes.CheckKnows(check.Label!, path);
        IDataView labelled = LabelMapping.Apply(ml, new RowSubset(typed, check.Usable), labelColumn, check.Label!, classes);
        int[] classIndex = LabelMapping.ClassIndex(labelled, classes.IsBinary, path, check.Rows - check.Unusable - check.Label!.Missing);
        return new LabelledFile(labelled, classIndex, DescribeSkipped(check.Label.Missing, check.Summary()));
    }

    /// <summary>One line about rows left out, or null when none were.</summary>
    public static string? DescribeSkipped(long withoutLabel, string? other)
    {
        var parts = new[] { withoutLabel > 0 ? $"{withoutLabel} row(s) without a label" : null, other }.Where(p => p is not null).ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }
}
