namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The raw logits that held-out rows got from the network that did not train on them, at that network's best epoch:
/// what calibration and the decision rule are fitted on.
/// </summary>
/// <param name="Logits">Row-major logits, <c>Count × Outputs</c>.</param>
/// <param name="Labels">The class of each row.</param>
/// <param name="Weights">The example weight of each row (1 without a weight column).</param>
/// <param name="Outputs">Logits per row: the class count, or 1 for a binary model.</param>
internal sealed record HeldOutScores(float[] Logits, int[] Labels, float[] Weights, int Outputs)
{
    public int Count => Labels.Length;
}
