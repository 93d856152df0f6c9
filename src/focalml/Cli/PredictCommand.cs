using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>`focalml predict`: the predicted class and each class's probability, one CSV line per input row.</summary>
internal static class PredictCommand
{
    public static int Run(TextWriter output, string modelPath, string data, string outPath)
    {
        var ml = new MLContext(seed: 0);
        (ITransformer model, ModelInfo info) = ModelBundle.Load(ml, modelPath);
        LabeledData rows = LabeledData.ForModel(CsvTable.Read(data), info.Features, labelColumn: null);
        IDataView scored = model.Transform(DataViews.Features(ml, rows));
        float[] probabilities = DataViews.Probabilities(scored, info.Task == "binary");
        int classes = info.Classes.Length;
        var csv = new StringBuilder("PredictedLabel," + string.Join(",", info.Classes.Select(c => "P(" + c + ")")) + "\n");
        for (int r = 0; r < rows.Count; r++)
        {
            var p = probabilities.AsSpan(r * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[c] > p[best]) best = c;
            csv.Append(info.Classes[best]);
            foreach (float v in p) csv.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        File.WriteAllText(outPath, csv.ToString());
        output.WriteLine($"{rows.Count} predictions written to {outPath}");
        return 0;
    }
}
