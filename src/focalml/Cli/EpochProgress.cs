using System;
using System.Globalization;
using System.IO;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>Per-epoch progress: a bar redrawn in place on a terminal, plain log lines when output is redirected.</summary>
internal sealed class EpochProgress(TextWriter output, string trainer, bool live)
{
    private const int Width = 30;

    public void Report(EpochReport r)
    {
        string metrics = FormattableString.Invariant($"loss {r.TrainingLoss:F4}")
            + (r.ValidationMacroAuroc is double auroc ? FormattableString.Invariant($", held-out AUROC {auroc:F3}") : "")
            + FormattableString.Invariant($", {r.RowsPerSecond:N0} rows/s");
        if (live)
        {
            int done = Width * r.Epoch / r.NumberOfEpochs;
            output.Write($"\r  {trainer,-14} [{new string('#', done)}{new string('.', Width - done)}] epoch {r.Epoch}/{r.NumberOfEpochs}  {metrics}   ");
            if (r.Epoch == r.NumberOfEpochs) output.WriteLine();
        }
        else if (r.Epoch == 1 || r.Epoch == r.NumberOfEpochs || r.Epoch % Math.Max(1, r.NumberOfEpochs / 10) == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {trainer}: epoch {r.Epoch}/{r.NumberOfEpochs}, {metrics}"));
        }
    }
}
