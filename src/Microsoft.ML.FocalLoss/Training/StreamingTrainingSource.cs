using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Rows read from the cursor every epoch, mixed through a bounded shuffle buffer: a row enters a random slot and
/// the row it displaces goes to the batch. Memory is the buffer plus one batch, however many rows there are. One
/// network trains; every <c>stride</c>-th row (up to <see cref="MaxHeldOutRows"/> of them) is held out in memory
/// for validation, calibration and the decision rule.
/// </summary>
internal sealed class StreamingTrainingSource : TrainingSource
{
    /// <summary>Held-out rows kept in memory at most, so a large data set holds out a sample, not a share.</summary>
    public const int MaxHeldOutRows = 100_000;

    private readonly RowReader _reader;
    private readonly int _bufferRows;
    private readonly long _stride;
    private readonly long _lastHeldOut;
    private TrainingRows? _heldOut;
    private DeviceScaling? _scaling;
    private Device _device = CPU;

    private StreamingTrainingSource(RowReader reader, int bufferRows, long count, long[] classCounts, long[] zeroWeightCounts, FeatureScaling scaling,
        long stride, long lastHeldOut, TrainingRows? heldOut)
    {
        _reader = reader;
        _bufferRows = bufferRows;
        Count = count;
        ClassCounts = classCounts;
        ZeroWeightCounts = zeroWeightCounts;
        Scaling = scaling;
        Skipped = reader.Skipped;
        _stride = stride;
        _lastHeldOut = lastHeldOut;
        _heldOut = heldOut;
        RowsPerMember = count - (heldOut?.Count ?? 0);
    }

    public override long Count { get; }

    public override int FeatureCount => _reader.FeatureCount;

    public override long[] ClassCounts { get; }

    public override long[] ZeroWeightCounts { get; }

    public override FeatureScaling Scaling { get; }

    public override SkippedRows Skipped { get; }

    public override int Members => 1;

    public override long RowsPerMember { get; }

    /// <summary>
    /// A first pass counts rows and classes, learns the feature scaling, and keeps the held-out rows: every
    /// round(1 / <paramref name="holdOut"/>)-th row by position, the first <see cref="MaxHeldOutRows"/> of them.
    /// </summary>
    public static StreamingTrainingSource FromCursor(IHost host, RoleMappedData data, int classes, FocalLossTrainerOptionsBase options, double holdOut, int seed)
    {
        int bufferRows = options.ShuffleBufferSize;
        host.CheckUserArg(bufferRows > 0, nameof(FocalLossTrainerOptionsBase.ShuffleBufferSize), "must be positive");
        var reader = new RowReader(host, data, classes, "training");
        var scaling = new FeatureScalingFit(reader.FeatureCount, options.FeatureScaling, seed);
        var counts = new long[classes];
        var zeroWeight = new long[classes];
        long rows = 0, stride = holdOut > 0 ? Math.Max(2, (long)Math.Round(1 / holdOut)) : 0, lastHeldOut = -1;
        var features = new List<float>();
        var labels = new List<int>();
        var weights = new List<float>();
        reader.ForEach((x, y, w, position) =>
        {
            scaling.Add(x);
            counts[y]++;
            if (w == 0) zeroWeight[y]++;
            rows++;
            if (stride > 0 && position % stride == 0 && labels.Count < MaxHeldOutRows)
            {
                foreach (float v in x) features.Add(v);
                labels.Add(y);
                weights.Add(w);
                lastHeldOut = position;
            }
        });
        TrainingRows? heldOut = labels.Count == 0 ? null
            : new TrainingRows(features.ToArray(), labels.ToArray(), reader.HasWeights ? weights.ToArray() : null, reader.FeatureCount, reader.Skipped);
        if (heldOut is not null && heldOut.Count == rows)
            throw host.Except($"The training data has {rows} usable rows: too few to hold some out. Give a validation set, or set ValidationFraction to 0.");
        return new StreamingTrainingSource(reader, bufferRows, rows, counts, zeroWeight, scaling.Scaling(), stride, lastHeldOut, heldOut);
    }

    public override ValidationBlock? Prepare(DeviceScaling scaling, Device device)
    {
        _device = device;
        _scaling = scaling;
        if (_heldOut is null) return null;
        ValidationBlock heldOut = ValidationBlock.OfAllRows(_heldOut, scaling, device);
        _heldOut = null;
        return heldOut;
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
            Tensor x = _scaling!.Apply(tensor(batch.Features.AsSpan(0, batch.Count * features).ToArray(), new long[] { 1, batch.Count, features }).to(_device));
            Tensor y = tensor(batch.Labels.AsSpan(0, batch.Count).ToArray(), new long[] { 1, batch.Count }).to(_device);
            Tensor? w = _reader.HasWeights ? tensor(batch.Weights.AsSpan(0, batch.Count).ToArray(), new long[] { 1, batch.Count }).to(_device) : null;
            batch.Clear();
            step(x, y, w);
        }

        _reader.ForEach((x, y, w, position) =>
        {
            if (_stride > 0 && position % _stride == 0 && position <= _lastHeldOut) return;
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

    public override void Dispose() => _scaling = null;

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
