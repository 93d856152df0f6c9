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
    public static IDataView Pima(MLContext ml) => Binary(ml, "PimaIndiansDiabetes.csv", 8, "pos");

    /// <summary>Ionosphere: 351 rows, 34 radar features, Boolean label ("bad" returns = true; 1.8 : 1): a table where trees are strong.</summary>
    public static IDataView Ionosphere(MLContext ml) => Binary(ml, "Ionosphere.csv", 34, "bad");

    /// <summary>A CSV of <paramref name="features"/> numbers then a text class: "Features", and "Label" true for <paramref name="positive"/>.</summary>
    private static IDataView Binary(MLContext ml, string file, int features, string positive)
    {
        IDataView raw = ml.Data.LoadFromTextFile(PathOf(file), new[]
        {
            new TextLoader.Column("Features", DataKind.Single, 0, features - 1),
            new TextLoader.Column(nameof(ClassText.Class), DataKind.String, features),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);
        return ml.Transforms.CustomMapping((ClassText input, BooleanLabel output) => output.Label = input.Class == positive, contractName: null)
            .Fit(raw).Transform(raw);
    }

    private sealed class ClassText
    {
        public string Class { get; set; } = "";
    }

    private sealed class BooleanLabel
    {
        public bool Label { get; set; }
    }
}
