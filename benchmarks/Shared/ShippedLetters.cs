using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// LetterRecognition (shipped in examples/data; a benchmark copies it beside itself into data/) as the quality suite's
/// letter tasks read it: the letter, and its 16 numeric features as one vector.
/// </summary>
internal static class ShippedLetters
{
    /// <summary>Letter Z against the other 25 letters: a Boolean Label, over the first <paramref name="rows"/> rows (all when null).</summary>
    public static IDataView LetterZ(MLContext ml, long? rows = null)
    {
        IDataView raw = Load(ml, rows);
        return ml.Transforms.CustomMapping((LetterRow input, LabelRow output) => output.Label = input.Letter == "Z", contractName: null).Fit(raw).Transform(raw);
    }

    /// <summary>The 26 letters as a key Label, over the first <paramref name="rows"/> rows (all when null).</summary>
    public static IDataView Letters(MLContext ml, long? rows = null)
    {
        IDataView raw = Load(ml, rows);
        return ml.Transforms.Conversion.MapValueToKey("Label", "Letter").Fit(raw).Transform(raw);
    }

    private static IDataView Load(MLContext ml, long? rows)
    {
        var loader = ml.Data.CreateTextLoader(new[]
        {
            new TextLoader.Column("Letter", DataKind.String, 0),
            new TextLoader.Column("Features", DataKind.Single, 1, 16),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);
        IDataView all = loader.Load(Path.Combine(AppContext.BaseDirectory, "data", "LetterRecognition.csv"));
        return rows is long count ? ml.Data.TakeRows(all, count) : all;
    }

    private sealed class LetterRow
    {
        public string Letter { get; set; } = "";
    }

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}
