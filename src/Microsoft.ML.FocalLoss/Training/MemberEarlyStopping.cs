using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Early stopping for each member network on its own held-out rows: the best epoch's weights and held-out logits
/// are kept, and a member is done once its metric has not improved for the patience. A member whose held-out rows
/// hold a single class has no AUROC; it follows its held-out loss instead.
/// </summary>
internal sealed class MemberEarlyStopping
{
    /// <summary>The smallest gain that counts as an improvement: in AUROC, or relative to the best loss.</summary>
    public const double MinimumGain = 1e-4;

    private readonly EarlyStoppingMetric _metric;
    private readonly int _patience;
    private readonly double[] _best;
    private readonly int[] _sinceBest;
    private readonly bool[] _byAuroc;

    /// <param name="members">The member networks.</param>
    /// <param name="metric">What early stopping follows; None keeps every member's last epoch.</param>
    /// <param name="patience">Epochs without improvement before a member is done.</param>
    /// <param name="aurocDefined">Per member, whether its held-out rows hold two classes or more; null for all.</param>
    public MemberEarlyStopping(int members, EarlyStoppingMetric metric, int patience, bool[]? aurocDefined = null)
    {
        _metric = metric;
        _byAuroc = Enumerable.Range(0, members).Select(m => metric == EarlyStoppingMetric.ValidationMacroAuroc && (aurocDefined?[m] ?? true)).ToArray();
        _patience = patience;
        _best = new double[members];
        Array.Fill(_best, double.NaN);
        _sinceBest = new int[members];
        BestWeights = new MlpWeights?[members];
        BestLogits = new float[members][];
    }

    /// <summary>Each member's weights at its best epoch so far; null until a finite metric arrives, and without early stopping.</summary>
    public MlpWeights?[] BestWeights { get; }

    /// <summary>Each member's held-out logits at its best epoch so far.</summary>
    public float[]?[] BestLogits { get; }

    public bool Enabled => _metric != EarlyStoppingMetric.None;

    /// <summary>True when every member has run out of patience.</summary>
    public bool AllStopped => Enabled && Array.TrueForAll(_sinceBest, s => s >= _patience);

    /// <summary>
    /// Records member <paramref name="member"/>'s epoch; on improvement, keeps its weights and logits from the callbacks.
    /// Returns whether it improved.
    /// </summary>
    public bool Update(int member, double loss, double auroc, Func<MlpWeights> weights, Func<float[]> logits)
    {
        bool byAuroc = _byAuroc[member];
        double value = byAuroc ? -auroc : loss;
        // Without early stopping the last epoch is the one kept. A gain below MinimumGain is noise, not progress:
        // on a task the networks already rank almost perfectly, AUROC moves in the fifth decimal for many epochs.
        // The first finite value is always an improvement (compared with the NaN start, the loss's relative bar is NaN).
        bool first = double.IsNaN(_best[member]);
        bool improved = !Enabled || (double.IsFinite(value) && (first || _best[member] - value > MinimumGain * (byAuroc ? 1 : Math.Abs(_best[member]))));
        if (improved)
        {
            _best[member] = value;
            _sinceBest[member] = 0;
            // Without early stopping the network's final weights are taken at the end, not copied every epoch.
            if (Enabled) BestWeights[member] = weights();
            BestLogits[member] = logits();
        }
        else
        {
            _sinceBest[member]++;
            // Until a finite metric arrives, the last epoch's weights will be kept, so its logits go with them.
            if (first) BestLogits[member] = logits();
        }
        return improved;
    }
}
