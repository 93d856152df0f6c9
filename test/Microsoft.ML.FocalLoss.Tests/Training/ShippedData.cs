using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>The real imbalanced data sets shipped in examples/data, loaded the ML.NET way.</summary>
internal static class ShippedData
{
    /// <summary>The folder that holds every CSV of examples/data.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data");

    private static string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>Glass: 214 rows, 9 features, 6 classes (8.4 : 1). "Type" is the class as text, "Features" a vector.</summary>
    public static IDataView Glass(MLContext ml) =>
        ml.Data.LoadFromTextFile(PathOf("Glass.csv"), new[]
        {
            new TextLoader.Column("Features", DataKind.Single, 0, 8),
            new TextLoader.Column("Type", DataKind.String, 9),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);

    /// <summary>Glass with the class as a key column "Label".</summary>
    public static IDataView GlassWithKeyLabel(MLContext ml)
    {
        IDataView raw = Glass(ml);
        return ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(raw).Transform(raw);
    }

    /// <summary>Pima Indians Diabetes: 768 rows, 8 features, Boolean label (pos = true, 1.9 : 1).</summary>
    public static IDataView Pima(MLContext ml)
    {
        IDataView raw = ml.Data.LoadFromTextFile(PathOf("PimaIndiansDiabetes.csv"), new[]
        {
            new TextLoader.Column("Features", DataKind.Single, 0, 7),
            new TextLoader.Column("Diabetes", DataKind.String, 8),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);
        return ml.Transforms.CustomMapping((DiabetesText input, BooleanLabel output) => output.Label = input.Diabetes == "pos", contractName: null)
            .Fit(raw).Transform(raw);
    }

    private sealed class DiabetesText
    {
        public string Diabetes { get; set; } = "";
    }

    private sealed class BooleanLabel
    {
        public bool Label { get; set; }
    }
}
