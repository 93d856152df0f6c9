using System;
using System.CommandLine;
using CliCommand = System.CommandLine.Command;
using System.IO;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The `focalml` command line: train, predict, evaluate. Exit code 0 on success; 1 for bad input or usage, with one line on standard error.</summary>
internal static class FocalMlCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error, bool live = false)
    {
        // Numbers are read and written with a decimal point whatever the machine's locale: under de-DE, option
        // parsing would read --gamma 0.5 as γ 5 (the point groups thousands there), and the output would mix commas
        // into comma-separated figures.
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return Invoke(args, output, error, live);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static int Invoke(string[] args, TextWriter output, TextWriter error, bool live)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Print the full exception on errors.", Recursive = true };
        var root = new RootCommand("focalml: focal loss models for imbalanced CSV data, compared with plain training, FastTree and LightGbm.");
        root.Options.Add(verbose);
        root.Subcommands.Add(Train(output, error, verbose, live));
        root.Subcommands.Add(Predict(output, error, verbose));
        root.Subcommands.Add(Evaluate(output, error, verbose));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(configuration);
    }

    private static CliCommand Train(TextWriter output, TextWriter error, Option<bool> verbose, bool live)
    {
        // The mlnet CLI's names are aliases: --dataset, --label-col, --test-dataset, --ignore-cols, -o.
        var data = new Option<string?>("--data", "--dataset") { Description = "The training CSV (comma, tab, semicolon or pipe separated): a header line, then rows; numeric and text columns. Default: the shipped Glass data." };
        var label = new Option<string?>("--label", "--label-col") { Description = "The label column. Default: Type for the shipped data." };
        var ignore = new Option<string?>("--ignore-cols") { Description = "Columns to leave out, comma-separated (IDs, leaks); a name with a comma in double quotes." };
        var textColumns = new Option<string?>("--text-cols") { Description = "Free-text columns to featurize as word and character n-grams, comma-separated; a name with a comma in double quotes." };
        var test = new Option<string?>("--test", "--test-dataset") { Description = "A test CSV with the same columns; otherwise --test-fraction of --data is held out." };
        var testFraction = new Option<double>("--test-fraction") { Description = "Stratified test share.", DefaultValueFactory = _ => 0.3 };
        var gamma = new Option<double>("--gamma") { Description = "Focusing parameter γ ≥ 0.", DefaultValueFactory = _ => new FocalLossTrainer.Options().Gamma };
        var weighting = new Option<string>("--class-weighting") { Description = "None, Balanced, EffectiveNumber, InverseSqrt or LogitAdjusted (no row weights; log class counts added to the logits while training).", DefaultValueFactory = _ => nameof(ClassWeighting.Balanced) };
        var alpha = new Option<double?>("--alpha") { Description = "Explicit α instead of class weighting: the positive-class α (binary) or the background α of the first class (multiclass)." };
        var epochs = new Option<int?>("--epochs") { Description = "The most epochs. Default: from the row count; early stopping on held-out folds ends training." };
        var batch = new Option<int?>("--batch-size") { Description = "Rows per step. Default: from the row count." };
        var learningRate = new Option<double>("--learning-rate") { DefaultValueFactory = _ => new FocalLossTrainer.Options().LearningRate };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths, comma-separated.", DefaultValueFactory = _ => "64,64" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "TorchSharp CPU threads." };
        var decision = new Option<string>("--decision") { Description = $"What PredictedLabel is tuned for on the held-out folds: {TrainSettings.DecisionForms}.", DefaultValueFactory = _ => "MacroF1" };
        var stack = new Option<string>("--stack") { Description = "Stack focal's networks with a tree model: FastTree or LightGbm (their defaults), fitted on the same folds and pooled on the held-out rows. The app that loads the model then needs that ML.NET package.", DefaultValueFactory = _ => nameof(StackWith.None) };
        var folds = new Option<int?>("--cv") { Description = $"Cross-validate instead of one split: every contender trains on all folds but one and scores the fold it did not see, K times (2 to {TrainCommand.MaxFolds}); mean ± sd over the folds, and focal's paired differences. With --out, focal then trains on every row." };
        var compare = new Option<bool>("--compare") { Description = "Also train plain cross-entropy (γ = 0, no weights, argmax) and FastTree and LightGbm (UnbalancedSets) on the same split." };
        var output_ = new Option<string?>("--out", "-o") { Description = "Save the whole pipeline (raw columns to the predicted class) as an ML.NET model zip." };
        var report = new Option<string?>("--report") { Description = "Write report.html, metrics.txt, metrics.csv and the figures (ROC, precision-recall, confusion, reliability, training) to this folder." };
        var command = new CliCommand("train", "Train a focal loss model on a CSV and report per-class metrics on a held-out split.")
        {
            data, label, ignore, textColumns, test, testFraction, folds, gamma, weighting, alpha, epochs, batch, learningRate, hidden, seed, threads, decision, stack, compare, output_, report,
        };
        command.SetAction(r => Guard(error, r.GetValue(verbose), () =>
        {
            string? path = r.GetValue(data);
            string labelColumn = r.GetValue(label) ?? (path is null ? "Type" : throw new CliException("--label is required with --data."));
            // Every knob is checked before any data is read.
            var settings = new TrainSettings(r.GetValue(gamma), Choice<ClassWeighting>("--class-weighting", r.GetValue(weighting)!), r.GetValue(alpha), r.GetValue(epochs), r.GetValue(batch),
                r.GetValue(learningRate), ParseHidden(r.GetValue(hidden)!), r.GetValue(seed), r.GetValue(threads), TrainSettings.ParseDecision(r.GetValue(decision)!), Choice<StackWith>("--stack", r.GetValue(stack)!));
            settings.Check();
            string[] ignored = ColumnList.Parse(r.GetValue(ignore), "--ignore-cols"), text = ColumnList.Parse(r.GetValue(textColumns), "--text-cols");
            if (r.GetValue(folds) is not null && r.GetResult(testFraction) is { Implicit: false })
                throw new CliException("--cv and --test-fraction exclude each other: cross-validation tests every row once, a fold at a time.");
            var request = new TrainRequest(path ?? TrainCommand.DefaultData, labelColumn, ignored, text, r.GetValue(test), r.GetValue(testFraction),
                r.GetValue(compare), r.GetValue(output_), r.GetValue(report), r.GetValue(folds));
            return TrainCommand.Run(output, request, settings, live);
        }));
        return command;
    }

    private static CliCommand Predict(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Required = true, Description = "A model zip saved by `focalml train --out`." };
        var data = new Option<string>("--data", "--dataset") { Required = true, Description = "A CSV with the model's input columns (any order; others are ignored)." };
        var out_ = new Option<string>("--out", "-o") { Required = true, Description = "The predictions CSV to write." };
        var command = new CliCommand("predict", "Write the predicted label and per-class probabilities for each row.") { model, data, out_ };
        command.SetAction(r => Guard(error, r.GetValue(verbose), () => PredictCommand.Run(output, r.GetValue(model)!, r.GetValue(data)!, r.GetValue(out_)!)));
        return command;
    }

    private static CliCommand Evaluate(TextWriter output, TextWriter error, Option<bool> verbose)
    {
        var model = new Option<string>("--model") { Required = true, Description = "A model zip saved by `focalml train --out`." };
        var data = new Option<string>("--data", "--dataset") { Required = true, Description = "A labelled CSV with the model's input and label columns." };
        var command = new CliCommand("evaluate", "Print the per-class report, with AUROC, of a saved model on labelled data.") { model, data };
        command.SetAction(r => Guard(error, r.GetValue(verbose), () => EvaluateCommand.Run(output, r.GetValue(model)!, r.GetValue(data)!)));
        return command;
    }

    /// <summary>Turns bad input into one line and exit code 1; the stack trace only with --verbose.</summary>
    private static int Guard(TextWriter error, bool verbose, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is CliException or ArgumentException or InvalidOperationException or FormatException or IOException
            or UnauthorizedAccessException or OverflowException or OutOfMemoryException or TargetInvocationException or ExternalException
            or System.Text.Json.JsonException or NotSupportedException)
        {
            // Reflection wraps what ML.NET's loaders throw; the innermost message is the one that says what is wrong.
            Exception shown = e;
            while (shown is TargetInvocationException { InnerException: not null }) shown = shown.InnerException;
            string message = shown switch
            {
                OutOfMemoryException or ExternalException => $"out of memory ({shown.Message.Split('\n')[0].Trim()}); use smaller --hidden layers or --batch-size.",
                _ => shown.Message.Split('\n')[0].Trim(),
            };
            error.WriteLine($"focalml: error: {message}");
            if (verbose) error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>An option that names one value of <typeparamref name="T"/>, any case; anything else is one line naming the choices.</summary>
    private static T Choice<T>(string option, string text) where T : struct, Enum =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out T value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new CliException($"{option} takes {string.Join(", ", Enum.GetNames<T>())}; got '{text}'.");

    /// <summary>Wider than this, one layer's weights alone would take gigabytes.</summary>
    private const int MaxWidth = 16_384;

    private static int[] ParseHidden(string text)
    {
        if (text.Trim().Length == 0) return Array.Empty<int>();
        var widths = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int width) || width < 1 || width > MaxWidth)
                throw new CliException($"--hidden takes comma-separated layer widths from 1 to {MaxWidth}, such as 64,64; got '{text}'.");
            widths.Add(width);
        }
        return widths.ToArray();
    }
}
