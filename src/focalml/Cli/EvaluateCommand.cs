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
        ClassLabels classes = ClassLabels.FromModel(info.Classes);
        LabelledFile file = LabelledFile.Read(ml, data, ModelInputs.FromSchema(inputSchema, info.Label), info.Label, classes);
        int[] index = file.ClassIndex;
        if (index.Length == 0) throw new CliException($"{data}: no row has both a label and values the model can score.");
        UnseenCategories unseen = KnownCategories.FromModel(model, inputSchema).Find(file.Rows);
        (float[] probabilities, int[] predicted) = ScoredRows.Read(model.Transform(file.Rows), classes, index.Length);
        var report = ClassificationReport.Create(probabilities, index, predicted, default, classes.Names);
        double accuracy = predicted.Zip(index).Count(p => p.First == p.Second) / (double)index.Length;
        CalibrationMetrics calibration = CalibrationMetrics.Compute(probabilities, index, classes.Names.Length, bins: TrainerResult.ReliabilityBins);
        output.WriteLine($"{Path.GetFileName(data)}: {index.Length} rows scored{(file.Skipped is null ? "" : $" (skipped: {file.Skipped})")}, accuracy {accuracy:F3}, macro AUROC {report.MacroAverage.Auroc:F3}, "
            + $"log-loss {calibration.LogLoss:F3}, ECE {calibration.ExpectedCalibrationError:F3}"
            + (unseen.Summary(unseen.Count) is string categories ? $"; {categories}" : ""));
        output.Write(report.ToText());
        return 0;
    }
}
