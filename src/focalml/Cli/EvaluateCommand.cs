using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Cli.Data;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// `focalml evaluate`: the per-class report, with AUROC, of a saved model on a labelled CSV. Every metric uses the
/// same rows: those with a label that can be scored; the others are counted and named in the output.
/// </summary>
internal static class EvaluateCommand
{
    public static int Run(TextWriter output, string modelPath, string data)
    {
        var ml = new MLContext(seed: 0);
        (ITransformer model, DataViewSchema inputSchema, ModelInfo info) = ModelFile.Load(ml, modelPath);
        CsvHeader header = CsvHeader.Read(data);
        var inputs = ModelInputs.FromSchema(inputSchema, info.Label);
        header.Require(inputs.Select(i => i.Name), "the model needs");
        FileCheck check = FileCheck.Read(header, inputs.Where(i => i.Kind == DataKind.Single).Select(i => i.Name).ToArray(), info.Label);
        ClassLabels classes = ClassLabels.FromModel(info.Classes);
        classes.CheckKnows(check.Label!, data);
        IDataView rows = new RowSubset(ModelInputs.Load(ml, header, inputs.Append((info.Label, DataKind.String))), check.Usable);
        IDataView labelled = LabelMapping.Apply(ml, rows, info.Label, check.Label!, classes);
        int[] index = LabelMapping.ClassIndex(labelled, classes.IsBinary, check.Rows);
        if (index.Length == 0) throw new CliException($"{data}: no row has both a label and values the model can score.");
        (float[] probabilities, int[] predicted) = ScoredRows.Read(model.Transform(labelled), classes, index.Length);
        var report = ClassificationReport.Create(probabilities, index, predicted, default, classes.Names);
        double accuracy = predicted.Zip(index).Count(p => p.First == p.Second) / (double)index.Length;
        string? skipped = TrainCommand.Skipped(check.Label!.Missing, check.Summary());
        output.WriteLine($"{Path.GetFileName(data)}: {index.Length} rows scored{(skipped is null ? "" : $" (skipped: {skipped})")}, accuracy {accuracy:F3}, macro AUROC {report.MacroAverage.Auroc:F3}");
        output.Write(report.ToText());
        return 0;
    }
}
