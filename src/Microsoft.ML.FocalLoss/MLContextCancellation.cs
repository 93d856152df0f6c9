namespace Microsoft.ML.FocalLoss;

/// <summary>Cancellation of running ML.NET work, which ML.NET (5.0.1 and 6.0.0) keeps internal.</summary>
public static class MLContextCancellation
{
    /// <summary>
    /// Cancels the work of every component of <paramref name="mlContext"/>: a running focal loss trainer stops at its
    /// next batch with an <see cref="System.OperationCanceledException"/>. ML.NET's own <c>MLContext.CancelExecution</c>
    /// is internal; this makes the same call available.
    /// </summary>
    /// <remarks>
    /// Cancellation is final for the context, as in ML.NET: every later <c>Fit</c> on it throws at once. Train again
    /// with a new <see cref="MLContext"/>.
    /// </remarks>
    /// <param name="mlContext">The context whose work to cancel.</param>
    public static void CancelExecution(this MLContext mlContext) =>
        Runtime.Contracts.CheckRef(mlContext, nameof(mlContext)).CancelExecution();
}
