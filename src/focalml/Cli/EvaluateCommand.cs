using System.IO;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>`focalml evaluate`: the per-class report, with AUROC, of a saved model on a labelled CSV.</summary>
internal static class EvaluateCommand
{
    public static int Run(TextWriter output, string modelPath, string data)
    {
        var ml = new MLContext(seed: 0);
        (ITransformer model, ModelInfo info) = ModelBundle.Load(ml, modelPath);
        LabeledData rows = LabeledData.ForModel(CsvTable.Read(data), info.Features, info.Label);
        ClassLabels classes = ClassLabels.FromModel(info.Classes);
        int[] index = classes.IndexOf(rows.Labels!, info.Label);
        int[] labelled = Enumerable.Range(0, index.Length).Where(i => index[i] >= 0).ToArray();
        rows = rows.Select(labelled);
        index = labelled.Select(i => index[i]).ToArray();
        TrainerResult result = TrainCommand.Evaluate(ml, "focal", model, TrainCommand.View(ml, rows, index, classes), index, classes, 0);
        output.WriteLine($"{Path.GetFileName(data)}: {rows.Count} labelled rows, accuracy {result.Accuracy:F3}, macro AUROC {result.Report.MacroAverage.Auroc:F3}");
        output.Write(result.Report.ToText());
        return 0;
    }
}
