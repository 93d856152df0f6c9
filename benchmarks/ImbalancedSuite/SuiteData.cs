using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace ImbalancedSuite;

/// <summary>
/// Rows of a task as IDataViews, and the featurisation every contender shares: numeric columns with missing values
/// replaced by the training mean (plus missing-value indicators where the data has any), text columns one-hot
/// encoded, all concatenated into "Features". "Label" is a Boolean (binary) or a key (multiclass).
/// </summary>
internal static class SuiteData
{
    public static IDataView View(MLContext ml, TaskTable table, int[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(SuiteRow));
        int numeric = table.Numeric[0].Length, categorical = table.Categorical[0].Length;
        if (numeric > 0) schema[nameof(SuiteRow.Num)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, numeric);
        else schema.Remove(schema[nameof(SuiteRow.Num)]);
        if (categorical > 0) schema[nameof(SuiteRow.Cat)].ColumnType = new VectorDataViewType(TextDataViewType.Instance, categorical);
        else schema.Remove(schema[nameof(SuiteRow.Cat)]);
        var data = rows.Select(r => new SuiteRow
        {
            Num = table.Numeric[r],
            Cat = table.Categorical[r],
            Class = table.Classes[r],
            Label = table.ClassOf(r) == 1,
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    /// <summary>Features and label, fitted on the training rows only.</summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml, TaskTable table)
    {
        var parts = new List<string>();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (table.Numeric[0].Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues("NumFilled", "Num", MissingValueReplacingEstimator.ReplacementMode.Mean));
            parts.Add("NumFilled");
            if (table.HasMissing)
            {
                pipeline = pipeline.Append(ml.Transforms.IndicateMissingValues("NumMissing", "Num"))
                    .Append(ml.Transforms.Conversion.ConvertType("NumMissingF", "NumMissing", DataKind.Single));
                parts.Add("NumMissingF");
            }
        }
        if (table.Categorical[0].Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding("CatHot", "Cat", OneHotEncodingEstimator.OutputKind.Indicator));
            parts.Add("CatHot");
        }
        pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", parts.ToArray()));
        if (!table.Task.IsBinary)
            pipeline = pipeline.Append(ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        return pipeline;
    }

    private sealed class SuiteRow
    {
        public float[] Num { get; set; } = System.Array.Empty<float>();

        public string[] Cat { get; set; } = System.Array.Empty<string>();

        public string Class { get; set; } = "";

        public bool Label { get; set; }
    }
}
