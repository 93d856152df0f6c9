using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>Per-epoch progress: a bar redrawn in place on a terminal, plain log lines when output is redirected.</summary>
internal sealed class EpochProgress(TextWriter output, string trainer, bool live)
{
    private const int Width = 30;
    private readonly List<EpochReport> _history = new();
    private Stopwatch? _clock;

    /// <summary>Every epoch reported so far, for the training curve.</summary>
    public IReadOnlyList<EpochReport> History => _history;

    public void Report(EpochReport r)
    {
        _history.Add(r);
        // Started with the first epoch's report, so it times training; the ETA is an upper bound, as early stopping
        // usually ends training before the last epoch.
        if (r.Epoch == 1 || _clock is null) _clock = Stopwatch.StartNew();
        TimeSpan elapsed = _clock.Elapsed;
        TimeSpan remaining = r.Epoch >= r.NumberOfEpochs ? TimeSpan.Zero : elapsed / Math.Max(1, r.Epoch - 1) * (r.NumberOfEpochs - r.Epoch);
        string metrics = FormattableString.Invariant($"loss {r.TrainingLoss:F4}")
            + (r.ValidationMacroAuroc is double auroc ? FormattableString.Invariant($", held-out AUROC {auroc:F3}") : "")
            + FormattableString.Invariant($", {r.RowsPerSecond:N0} rows/s, {Clock(elapsed)} elapsed")
            + (r.Epoch > 1 && remaining > TimeSpan.Zero ? $", at most {Clock(remaining)} left" : "");
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

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
}
