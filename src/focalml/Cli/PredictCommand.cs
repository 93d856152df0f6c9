using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Cli.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// `focalml predict`: one CSV line per input row, numbered, with the predicted class and each class's probability.
/// A row that cannot be scored (blank, ragged, text in a numeric column) keeps its line, with an empty class and
/// the reason in Note; so does a scored row with a category training never had.
/// </summary>
internal static class PredictCommand
{
    public static int Run(TextWriter output, string modelPath, string data, string outPath)
    {
        string target = OutputPaths.CheckFile(outPath, "--out");
        OutputPaths.CheckNotInput(target, "--out", ("--data", data), ("--model", modelPath));
        var ml = new MLContext(seed: 0);
        (ITransformer model, DataViewSchema inputSchema, ModelInfo info) = ModelFile.Load(ml, modelPath);
        CsvHeader header = CsvHeader.Read(data);
        var inputs = ModelInputs.FromSchema(inputSchema, info.Label);
        // Loading checks that every column is there, naming the missing ones; rows are read only by the check below.
        IDataView typed = ModelInputs.Load(ml, header, inputs);
        FileCheck check = FileCheck.Read(header, inputs.Where(i => i.Kind == DataKind.Single).Select(i => i.Name).ToArray(), labelColumn: null);
        UnseenCategories unseen = KnownCategories.FromModel(model, inputSchema).Find(typed);
        IDataView scored = model.Transform(typed);
        bool binary = info.Task == "binary";
        int classes = info.Classes.Length;
        long written = 0, notScored = 0, scoredUnseen = 0;
        OutputPaths.WriteAtomically(target, temporary =>
        {
            using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false));
            CsvWriter.WriteLine(writer, new[] { "Row", "PredictedLabel" }.Concat(info.Classes.Select(c => $"P({c})")).Append("Note"));
            using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "PredictedLabel" or "Score" or "Probability"));
            var label = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["PredictedLabel"]);
            ValueGetter<VBuffer<float>>? score = binary ? null : cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            ValueGetter<float>? probability = binary ? cursor.GetGetter<float>(scored.Schema["Probability"]) : null;
            ReadOnlyMemory<char> name = default;
            VBuffer<float> scores = default;
            float p = 0;
            var fields = new string[classes + 3];
            while (cursor.MoveNext())
            {
                long row = cursor.Position;
                fields[0] = (row + 1).ToString(CultureInfo.InvariantCulture);
                string? note = check.Notes.TryGetValue(row, out string? reason) ? reason : null;
                float[] values = Array.Empty<float>();
                if (note is null)
                {
                    label(ref name);
                    if (binary)
                    {
                        probability!(ref p);
                        values = new[] { 1 - p, p };
                    }
                    else
                    {
                        score!(ref scores);
                        values = scores.DenseValues().ToArray();
                    }
                    if (values.Any(float.IsNaN)) note = "not scored (the model gave NaN)";
                }
                if (note is not null) notScored++;
                fields[1] = note is null ? name.ToString() : "";
                for (int c = 0; c < classes; c++) fields[2 + c] = note is null ? values[c].ToString("R", CultureInfo.InvariantCulture) : "";
                // A scored row keeps its note too: the user can find the rows whose new category counted as empty.
                string? remark = unseen.NoteAt(row) is string category && note is null ? $"{category}; scored as an empty cell" : null;
                if (remark is not null) scoredUnseen++;
                fields[^1] = note ?? remark ?? "";
                CsvWriter.WriteLine(writer, fields);
                written++;
            }
        });
        output.WriteLine($"{written} rows written to {outPath}" + (notScored > 0 ? $"; {notScored} could not be scored (see Note): {check.Summary()}" : "")
            + (unseen.Summary(scoredUnseen) is string categories ? $"; {categories} (see Note)" : ""));
        return 0;
    }
}
