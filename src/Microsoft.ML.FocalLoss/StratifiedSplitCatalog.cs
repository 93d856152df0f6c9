using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss;

/// <summary>
/// Stratified splits on ML.NET's data catalog. <c>TrainTestSplit</c> and <c>CrossValidationSplit</c> send each row
/// one way or the other at random, so a class of a few rows can be missing from a test set or a fold altogether
/// (a class of 9 rows misses one of five random folds about half the time). These split each class on its own.
/// </summary>
public static class StratifiedSplitCatalog
{
    /// <summary>
    /// Splits the rows so that every class sends the same share to the test set: round(n · <paramref name="testFraction"/>)
    /// of a class of n ≥ 2 rows, at least one and at most n − 1; a class of one row stays in training. Rows whose label
    /// is missing are a stratum of their own, so no row is dropped.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The rows to split; read once for the labels.</param>
    /// <param name="testFraction">The share of each class that goes to the test set, in (0, 1).</param>
    /// <param name="labelColumnName">The label: key, Boolean, text or a number.</param>
    /// <param name="seed">The random seed; unset, it is drawn from the <see cref="MLContext"/>.</param>
    public static DataOperationsCatalog.TrainTestData StratifiedTrainTestSplit(this DataOperationsCatalog catalog, IDataView data, double testFraction = 0.1,
        string labelColumnName = DefaultColumnNames.Label, int? seed = null)
    {
        IHost host = Host(catalog, nameof(StratifiedTrainTestSplit));
        host.CheckValue(data, nameof(data));
        host.CheckParam(testFraction > 0 && testFraction < 1, nameof(testFraction), "must lie in (0, 1)");
        (int[] stratum, int strata) = Strata(host, data, labelColumnName, nameof(labelColumnName));
        (BitArray train, BitArray test) = Stratification.TrainTest(stratum, strata, testFraction, new Random(seed ?? host.Rand.Next()));
        return new DataOperationsCatalog.TrainTestData(new RowSubset(data, train), new RowSubset(data, test));
    }

    /// <summary>
    /// Splits the rows into <paramref name="numberOfFolds"/> folds that each hold ⌊n/k⌋ or ⌈n/k⌉ of a class of n rows,
    /// and returns one train/test pair per fold: the fold as the test set, the other folds as the training set. Rows
    /// whose label is missing are a stratum of their own, so every row is tested exactly once.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The rows to split; read once for the labels.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2.</param>
    /// <param name="labelColumnName">The label: key, Boolean, text or a number.</param>
    /// <param name="seed">The random seed; unset, it is drawn from the <see cref="MLContext"/>.</param>
    public static IReadOnlyList<DataOperationsCatalog.TrainTestData> StratifiedCrossValidationSplit(this DataOperationsCatalog catalog, IDataView data,
        int numberOfFolds = 5, string labelColumnName = DefaultColumnNames.Label, int? seed = null) =>
        Folds(Host(catalog, nameof(StratifiedCrossValidationSplit)), data, numberOfFolds, labelColumnName, seed);

    /// <summary>
    /// The stratified folds of <see cref="StratifiedCrossValidationSplit"/>, for the cross-validation catalogs too;
    /// <paramref name="parameterName"/> is the caller's parameter that named the column, for its errors.
    /// </summary>
    internal static IReadOnlyList<DataOperationsCatalog.TrainTestData> Folds(IHost host, IDataView data, int numberOfFolds, string columnName, int? seed,
        string parameterName = "labelColumnName")
    {
        host.CheckValue(data, nameof(data));
        host.CheckParam(numberOfFolds >= 2, nameof(numberOfFolds), "must be at least 2");
        (int[] stratum, int strata) = Strata(host, data, columnName, parameterName);
        int[] fold = Stratification.Folds(stratum, strata, numberOfFolds, new Random(seed ?? host.Rand.Next()));
        return Enumerable.Range(0, numberOfFolds).Select(f =>
        {
            (BitArray train, BitArray test) = Stratification.Fold(fold, f);
            return new DataOperationsCatalog.TrainTestData(new RowSubset(data, train), new RowSubset(data, test));
        }).ToArray();
    }

    /// <summary>
    /// Each row's stratum: its label's rank among the distinct labels (keys and numbers in order, Booleans false
    /// first, text in ordinal order), and one more stratum, last, for the rows whose label is missing (key 0, NaN,
    /// empty text).
    /// </summary>
    private static (int[] Stratum, int Strata) Strata(IHost host, IDataView data, string columnName, string parameterName)
    {
        DataViewSchema.Column label = data.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(parameterName, $"The data has no column '{columnName}' to stratify by; its columns are {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        return label.Type switch
        {
            KeyDataViewType => Read<uint>(data, label, v => v == 0 ? null : (double)v),
            BooleanDataViewType => Read<bool>(data, label, v => v ? 1 : 0),
            TextDataViewType => ReadText(data, label),
            NumberDataViewType when label.Type.RawType == typeof(float) => Read<float>(data, label, v => float.IsNaN(v) ? null : v),
            NumberDataViewType when label.Type.RawType == typeof(double) => Read<double>(data, label, v => double.IsNaN(v) ? null : v),
            NumberDataViewType when label.Type.RawType == typeof(int) => Read<int>(data, label, v => v),
            NumberDataViewType when label.Type.RawType == typeof(long) => Read<long>(data, label, v => v),
            _ => throw host.ExceptSchemaMismatch(parameterName, "label", columnName, "key, Boolean, text, Single, Double, Int32 or Int64", label.Type.ToString()),
        };
    }

    private static (int[] Stratum, int Strata) Read<T>(IDataView data, DataViewSchema.Column label, Func<T, double?> value)
    {
        var values = new List<(bool, double)>();
        using (DataViewRowCursor cursor = data.GetRowCursor(new[] { label }))
        {
            ValueGetter<T> get = cursor.GetGetter<T>(label);
            T v = default!;
            while (cursor.MoveNext())
            {
                get(ref v);
                double? x = value(v);
                values.Add((x is not null, x ?? 0));
            }
        }
        return Rank(values, Comparer<double>.Default);
    }

    private static (int[] Stratum, int Strata) ReadText(IDataView data, DataViewSchema.Column label)
    {
        var values = new List<(bool, string)>();
        using (DataViewRowCursor cursor = data.GetRowCursor(new[] { label }))
        {
            ValueGetter<ReadOnlyMemory<char>> get = cursor.GetGetter<ReadOnlyMemory<char>>(label);
            ReadOnlyMemory<char> v = default;
            while (cursor.MoveNext())
            {
                get(ref v);
                values.Add((!v.IsEmpty, v.ToString()));
            }
        }
        return Rank(values, StringComparer.Ordinal);
    }

    /// <summary>Numbers the distinct present values in order; the missing ones get the stratum after them.</summary>
    private static (int[] Stratum, int Strata) Rank<T>(List<(bool Present, T Value)> values, IComparer<T> order) where T : notnull
    {
        T[] distinct = values.Where(v => v.Present).Select(v => v.Value).Distinct().OrderBy(v => v, order).ToArray();
        var rank = new Dictionary<T, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) rank[distinct[i]] = i;
        bool anyMissing = values.Any(v => !v.Present);
        int[] stratum = values.Select(v => v.Present ? rank[v.Value] : distinct.Length).ToArray();
        return (stratum, distinct.Length + (anyMissing ? 1 : 0));
    }

    internal static IHost Host(object catalog, string name) =>
        ((IInternalCatalog)Contracts.CheckRef(catalog, nameof(catalog))).Environment.Register("FocalLoss." + name);
}
