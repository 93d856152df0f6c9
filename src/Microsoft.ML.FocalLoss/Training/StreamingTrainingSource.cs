using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Rows read from the cursor every epoch, mixed through a bounded shuffle buffer: a row enters a random slot and
/// the row it displaces goes to the batch. Memory is the buffer plus one batch, however many rows there are.
/// </summary>
internal sealed class StreamingTrainingSource : TrainingSource
{
    private readonly RowReader _reader;
    private readonly int _bufferRows;
    private Device _device = CPU;
    private Tensor? _mean;
    private Tensor? _scale;

    private StreamingTrainingSource(RowReader reader, int bufferRows, long count, long[] classCounts, float[] mean, float[] scale)
    {
        _reader = reader;
        _bufferRows = bufferRows;
        Count = count;
        ClassCounts = classCounts;
        Mean = mean;
        Scale = scale;
        Skipped = reader.Skipped;
    }

    public override long Count { get; }

    public override int FeatureCount => _reader.FeatureCount;

    public override long[] ClassCounts { get; }

    public override float[] Mean { get; }

    public override float[] Scale { get; }

    public override SkippedRows Skipped { get; }

    /// <summary>A first pass counts rows and classes and learns the standardisation.</summary>
    public static StreamingTrainingSource Open(IHost host, RoleMappedData data, int classes, int bufferRows)
    {
        host.CheckUserArg(bufferRows > 0, nameof(FocalLossTrainerOptionsBase.ShuffleBufferSize), "must be positive");
        var reader = new RowReader(host, data, classes, "training");
        var statistics = new StandardisationAccumulator(reader.FeatureCount);
        var counts = new long[classes];
        long rows = 0;
        reader.ForEach((x, y, _) =>
        {
            statistics.Add(x);
            counts[y]++;
            rows++;
        });
        (float[] mean, float[] scale) = statistics.Result();
        return new StreamingTrainingSource(reader, bufferRows, rows, counts, mean, scale);
    }

    public override void Prepare(Device device)
    {
        _device = device;
        _mean = tensor(Mean).to(device).DetachFromDisposeScope();
        _scale = tensor(Scale).to(device).DetachFromDisposeScope();
    }

    public override void RunEpoch(Random random, int batchSize, BatchStep step)
    {
        int features = FeatureCount;
        var buffer = new RowBuffer(_bufferRows, features);
        var batch = new RowBuffer(batchSize, features);

        void Emit(ReadOnlySpan<float> x, int y, float w)
        {
            batch.Add(x, y, w);
            if (batch.Count == batchSize) Flush();
        }

        void Flush()
        {
            if (batch.Count == 0) return;
            using var scope = NewDisposeScope();
            Tensor x = tensor(batch.Features.AsSpan(0, batch.Count * features).ToArray(), new long[] { batch.Count, features }).to(_device);
            x.sub_(_mean!).mul_(_scale!);
            Tensor y = tensor(batch.Labels.AsSpan(0, batch.Count).ToArray()).to(_device);
            Tensor? w = _reader.HasWeights ? tensor(batch.Weights.AsSpan(0, batch.Count).ToArray()).to(_device) : null;
            batch.Clear();
            step(x, y, w);
        }

        _reader.ForEach((x, y, w) =>
        {
            if (buffer.Count < _bufferRows)
            {
                buffer.Add(x, y, w);
                return;
            }
            int slot = random.Next(_bufferRows);
            Emit(buffer.FeaturesOf(slot), (int)buffer.Labels[slot], buffer.Weights[slot]);
            buffer.Set(slot, x, y, w);
        });
        // Drain what is left in random order.
        int[] rest = new int[buffer.Count];
        for (int i = 0; i < rest.Length; i++) rest[i] = i;
        random.Shuffle(rest);
        foreach (int slot in rest) Emit(buffer.FeaturesOf(slot), (int)buffer.Labels[slot], buffer.Weights[slot]);
        Flush();
    }

    public override void Dispose()
    {
        _mean?.Dispose();
        _scale?.Dispose();
    }

    /// <summary>A fixed number of rows in flat arrays.</summary>
    private sealed class RowBuffer(int capacity, int features)
    {
        public float[] Features { get; } = new float[capacity * features];

        public long[] Labels { get; } = new long[capacity];

        public float[] Weights { get; } = new float[capacity];

        public int Count { get; private set; }

        public ReadOnlySpan<float> FeaturesOf(int row) => Features.AsSpan(row * features, features);

        public void Add(ReadOnlySpan<float> x, int y, float w) => Set(Count++, x, y, w);

        public void Set(int row, ReadOnlySpan<float> x, int y, float w)
        {
            x.CopyTo(Features.AsSpan(row * features, features));
            Labels[row] = y;
            Weights[row] = w;
        }

        public void Clear() => Count = 0;
    }
}
