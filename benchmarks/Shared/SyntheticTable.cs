using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The speed benchmarks' table: 32 features, 10 classes, class c with weight 2^-c and its mean shifted along a random
/// direction. Imbalanced like the data the trainers are for; its values do not matter to the timings.
/// </summary>
internal sealed class SyntheticTable
{
    public const int Features = 32, Classes = 10;

    public SyntheticTable(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, Classes).Select(_ => Enumerable.Range(0, Features).Select(_ => (float)BenchmarkArgs.Gaussian(random)).ToArray()).ToArray();
        double[] prior = Enumerable.Range(0, Classes).Select(c => Math.Pow(2, -c)).ToArray();
        Labels = new long[rows];
        Values = new float[rows * Features];
        for (int i = 0; i < rows; i++)
        {
            double u = random.NextDouble() * prior.Sum();
            int c = 0;
            while (c < Classes - 1 && (u -= prior[c]) > 0) c++;
            Labels[i] = c;
            for (int f = 0; f < Features; f++) Values[i * Features + f] = centres[c][f] * 0.5f + (float)BenchmarkArgs.Gaussian(random);
        }
    }

    /// <summary>Row-major features, rows × <see cref="Features"/>.</summary>
    public float[] Values { get; }

    /// <summary>The class of each row, 0-based.</summary>
    public long[] Labels { get; }

    /// <summary>The rows as a cached IDataView (a key label and a Features vector), read once so later reads are warm.</summary>
    public IDataView ToDataView(MLContext ml)
    {
        IDataView data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, Labels.Length).Select(i => new Row
        {
            Label = (uint)Labels[i], // LoadFromEnumerable takes keys 0-based
            Features = Values.AsSpan(i * Features, Features).ToArray(),
        })));
        using (DataViewRowCursor cursor = data.GetRowCursor(data.Schema)) while (cursor.MoveNext()) { }
        return data;
    }

    private sealed class Row
    {
        [KeyType(SyntheticTable.Classes)]
        public uint Label { get; set; }

        [VectorType(SyntheticTable.Features)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
