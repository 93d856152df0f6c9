using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>LabeledData as ML.NET IDataViews: a known-size Features vector and a key (multiclass) or Boolean label.</summary>
internal static class DataViews
{
    private sealed class KeyRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
        public uint Label { get; set; }
    }

    private sealed class BooleanRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
        public bool Label { get; set; }
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// Multiclass: the label is a key whose values are the class names, so reports name the classes. LoadFromEnumerable
    /// takes a key as its 0-based index and stores it 1-based.
    /// </summary>
    public static IDataView Multiclass(MLContext ml, LabeledData data, int[] classIndex, string[] classes)
    {
        var schema = SchemaDefinition.Create(typeof(KeyRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureNames.Length);
        schema["Label"].ColumnType = new KeyDataViewType(typeof(uint), classes.Length);
        var names = new VBuffer<ReadOnlyMemory<char>>(classes.Length, classes.Select(c => c.AsMemory()).ToArray());
        schema["Label"].AddAnnotation("KeyValues", names, new VectorDataViewType(TextDataViewType.Instance, classes.Length));
        return ml.Data.LoadFromEnumerable(data.Features.Select((x, i) => new KeyRow { Features = x, Label = (uint)classIndex[i] }), schema);
    }

    /// <summary>Binary: the label is true for the positive class (index 1).</summary>
    public static IDataView Binary(MLContext ml, LabeledData data, int[] classIndex)
    {
        var schema = SchemaDefinition.Create(typeof(BooleanRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureNames.Length);
        return ml.Data.LoadFromEnumerable(data.Features.Select((x, i) => new BooleanRow { Features = x, Label = classIndex[i] == 1 }), schema);
    }

    /// <summary>Features only, for prediction.</summary>
    public static IDataView Features(MLContext ml, LabeledData data)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.FeatureNames.Length);
        return ml.Data.LoadFromEnumerable(data.Features.Select(x => new FeatureRow { Features = x }), schema);
    }

    /// <summary>Row-major class probabilities: the Score vector (multiclass) or [1 - p, p] from Probability (binary).</summary>
    public static float[] Probabilities(IDataView scored, bool binary)
    {
        if (!binary) return scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        return scored.GetColumn<float>("Probability").SelectMany(p => new[] { 1 - p, p }).ToArray();
    }
}
