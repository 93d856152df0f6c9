using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Cli.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The files and choices of one `focalml train`.</summary>
internal sealed record TrainRequest(string Data, string Label, IReadOnlyCollection<string> Ignored, IReadOnlyCollection<string> Text, string? Test, double TestFraction, bool Compare, string? ModelPath, string? ReportFolder,
    int? Folds = null);

/// <summary>
/// `focalml train`: profile the CSV, build the pipeline over its own columns, split (or cross-validate with --cv),
/// train focal loss (and the baselines with --compare), report, and save the whole pipeline.
/// </summary>
internal static partial class TrainCommand
{
    /// <summary>Below this many rows the featurised training data is cached in memory: every contender reads it.</summary>
    private const long CacheRows = 200_000;

    /// <summary>
    /// Above this many feature values (8 MB as Single; 250,000 rows of 8 features) the networks stream their training rows
    /// from the file: the in-memory path holds several copies (rows, tensors, scaling), 750 MB at 1.3M rows of 8.
    /// </summary>
    private const long StreamAboveValues = 2_000_000;

    /// <summary>More folds than this add fits, not information: each fold's test rows get too few to score.</summary>
    public const int MaxFolds = 20;

    public static string DefaultData => Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv");

    public static int Run(TextWriter output, TrainRequest request, TrainSettings settings, bool live)
    {
        // Every output path first: a bad one must not cost the finished model.
        var inputs = new[] { ("--data", (string?)request.Data), ("--test", request.Test) };
        string? modelPath = request.ModelPath is null ? null : OutputPaths.CheckFile(request.ModelPath, "--out");
        if (modelPath is not null) OutputPaths.CheckNotInput(modelPath, "--out", inputs);
        if (request.ReportFolder is not null) OutputPaths.CheckReportKeepsInputs(Path.GetFullPath(request.ReportFolder), ReportWriter.FileNames, inputs);
        string? reportFolder = request.ReportFolder is null ? null : OutputPaths.CheckFolder(request.ReportFolder, "--report");
        if (!(request.TestFraction > 0 && request.TestFraction < 1)) throw new CliException($"--test-fraction must lie in (0, 1); got {request.TestFraction}.");
        if (request.Folds is int k)
        {
            if (k < 2 || k > MaxFolds) throw new CliException($"--cv takes 2 to {MaxFolds} folds; got {k}.");
            if (request.Test is not null) throw new CliException("--cv and --test exclude each other: cross-validation scores every row of --data in turn.");
        }

        var ml = new MLContext(seed: settings.Seed);
        CsvHeader header = CsvHeader.Read(request.Data);
        TableProfile profile = TableProfile.Read(header, request.Label, request.Ignored, request.Text);
        LabelStats labels = profile.Label!;
        ClassLabels classes = ClassLabels.From(labels);
        var featureColumns = FeaturePipeline.InputColumns(profile.Features).ToArray();
        IDataView raw = ModelInputs.Load(ml, header, featureColumns.Append((request.Label, DataKind.String)));
        IDataView labelled = LabelMapping.Apply(ml, raw, request.Label, labels, classes);
        int[] classIndex = LabelMapping.ClassIndex(labelled, classes.IsBinary, request.Data, profile.Rows - labels.Missing);
        int[] allCounts = LabelMapping.Counts(classIndex, null, classes.Names.Length);

        if (request.Folds is int folds)
        {
            CrossValidate(output, ml, request, settings, live, profile, header, labelled, raw, classes, classIndex, allCounts, folds, modelPath, reportFolder);
            return 0;
        }

        IDataView train, test;
        int[] trainCounts, testIndex;
        string split;
        string? testSkipped = null;
        if (request.Test is not null)
        {
            (train, trainCounts) = (labelled, allCounts);
            LabelledFile testFile = LabelledFile.Read(ml, request.Test, featureColumns, request.Label, classes);
            (test, testIndex, testSkipped) = (testFile.Rows, testFile.ClassIndex, testFile.Skipped);
            split = $"test file {Path.GetFileName(request.Test)}";
        }
        else
        {
            CheckClassSizes(classes, allCounts, 2, "to split off a test row and train on another");
            (BitArray trainRows, BitArray testRows) = StratifiedSplit.Of(classIndex, classes.Names.Length, request.TestFraction, settings.Seed);
            train = new RowSubset(labelled, trainRows);
            test = new RowSubset(labelled, testRows);
            (trainCounts, testIndex) = (LabelMapping.Counts(classIndex, trainRows, classes.Names.Length), LabelMapping.Select(classIndex, testRows));
            split = $"stratified split, test fraction {request.TestFraction}, seed {settings.Seed}";
        }
        classIndex = Array.Empty<int>(); // the counts and the split hold what is needed from here
        CheckClassSizes(classes, trainCounts, 2, "in the training rows");
        int trainRowCount = trainCounts.Sum();

        // Fitted before the summary, which says how many test rows hold a category the training rows never had.
        ITransformer featurizer = FeaturePipeline.Build(ml, profile.Features, header.Names).Fit(train);
        UnseenCategories unseen = KnownCategories.FromModel(featurizer, train.Schema).Find(test);
        string[] summary = Summary(request, settings, profile, header, classes,
            $"train {trainRowCount} rows, test {testIndex.Length} rows ({split})",
            (testSkipped is null ? "" : $"; skipped in {Path.GetFileName(request.Test)}: {testSkipped}")
                + (unseen.Summary(unseen.Count) is string categories ? $"; in the test rows, {categories}" : ""),
            "class counts (train): " + string.Join(", ", classes.Names.Select((c, k) => $"{c}:{trainCounts[k]}")));
        foreach (string line in summary) output.WriteLine(line);
        output.WriteLine();

        (List<TrainerResult> results, IDataView trainFeatures, ITransformer focalModel) =
            FitAndScore(output, ml, request, settings, live, featurizer, train, test, trainRowCount, testIndex, classes, "");

        // The model before the report: the report is the cheaper thing to lose.
        if (modelPath is not null) SaveModel(ml, modelPath, request, featurizer, focalModel, trainFeatures, raw.Schema, classes);

        output.WriteLine();
        output.WriteLine($"Test set, {testIndex.Length} rows:");
        output.Write(ReportWriter.ComparisonTable(results));
        output.WriteLine();
        output.WriteLine($"{results[0].Name}, per class:");
        output.Write(results[0].Report.ToText());
        if (modelPath is not null) output.WriteLine($"model: {modelPath}");
        if (reportFolder is not null) WriteReport(output, reportFolder, results, classes, summary, $"Test set, {testIndex.Length} rows", null);
        return 0;
    }

    /// <summary>The lines that say what was read and what will train: the table, the split and the network.</summary>
    /// <param name="split">How the rows were divided; the training file's skipped rows follow it, then <paramref name="testNotes"/>.</param>
    private static string[] Summary(TrainRequest request, TrainSettings settings, TableProfile profile, CsvHeader header, ClassLabels classes, string split, string testNotes,
        string counts)
    {
        LabelStats labels = profile.Label!;
        int numeric = profile.Features.Count(f => f.Kind == FeatureKind.Numeric), categorical = profile.Features.Count(f => f.Kind == FeatureKind.Categorical);
        // Numeric gaps are imputed. One-hot encoding maps an empty text cell to all zeros and any other marker to its own slot.
        int numericMissing = profile.Features.Count(f => f.Kind == FeatureKind.Numeric && f.HasMissing);
        int categoricalMissing = profile.Features.Count(f => f.Kind == FeatureKind.Categorical && f.HasMissing);
        string? trainSkipped = LabelledFile.DescribeSkipped(labels.Missing, profile.BlankRows > 0 ? $"{profile.BlankRows} blank line(s)" : null);
        return new[]
        {
            $"{Path.GetFileName(request.Data)}: {profile.Rows} rows{(header.Dialect.Describe() is { Length: > 0 } dialect ? $" ({dialect})" : "")}; label '{request.Label}' with {classes.Names.Length} classes ({(classes.IsBinary ? $"binary, positive '{classes.Names[1]}'" : "multiclass")}); "
                + $"features: {numeric} numeric{(numericMissing > 0 ? $" ({numericMissing} with missing values, imputed)" : "")}, "
                + $"{categorical} categorical (one-hot{(categoricalMissing > 0 ? $"; {categoricalMissing} with missing cells: empty ones encode as all zeros, markers such as ? or NA as a category of their own" : "")})"
                + (request.Text.Count > 0 ? $", {request.Text.Count} text (n-grams)" : "")
                + (request.Ignored.Count > 0 ? $"; ignored: {ColumnList.Format(request.Ignored)}" : "")
                + (profile.EmptyColumns.Length > 0 ? $"; empty, not used: {ColumnList.Format(profile.EmptyColumns)}" : ""),
            split + (trainSkipped is null ? "" : $"; skipped in {Path.GetFileName(request.Data)}: {trainSkipped}") + testNotes,
            counts,
            $"network: {(settings.Hidden.Length == 0 ? "no hidden layer (a linear model)" : "hidden " + string.Join("x", settings.Hidden))}, γ {settings.Gamma}, {(settings.Alpha is double a ? $"α {a}" : $"class weighting {settings.ClassWeighting}")}, "
                + $"{(settings.Epochs is int e ? $"{e} epochs" : "epochs from the row count")}, {(settings.BatchSize is int b ? $"batch {b}" : "batch from the row count")}, learning rate {settings.LearningRate}; "
                + $"calibrated, {settings.DescribeDecision()}" + (settings.Stack == StackWith.None ? "" : $"; stacked with {settings.Stack} on the held-out folds"),
        };
    }

    /// <summary>
    /// Trains focal (and the other contenders with --compare) on the training rows' features and scores the test rows.
    /// Returns the results, the training features and focal's model.
    /// </summary>
    private static (List<TrainerResult> Results, IDataView TrainFeatures, ITransformer Focal) FitAndScore(TextWriter output, MLContext ml, TrainRequest request, TrainSettings settings,
        bool live, ITransformer featurizer, IDataView train, IDataView test, int trainRowCount, int[] testIndex, ClassLabels classes, string foldTag)
    {
        IDataView trainFeatures = TrainingFeatures(ml, featurizer, train, trainRowCount), testFeatures = featurizer.Transform(test);
        // The profile and the split leave garbage; training should not stack its peak on it.
        MemoryRelease.BetweenPhases();
        bool stream = Streams(trainFeatures, trainRowCount);

        var focalProgress = new EpochProgress(output, "focal" + foldTag, live);
        var crossEntropyProgress = new EpochProgress(output, "cross-entropy" + foldTag, live);
        var contenders = new List<(Contender Contender, EpochProgress? Progress)> { (Contender.Focal(ml, settings, classes.IsBinary, stream, focalProgress.Report), focalProgress) };
        if (request.Compare)
        {
            contenders.Add((Contender.CrossEntropy(ml, settings, classes.IsBinary, stream, crossEntropyProgress.Report), crossEntropyProgress));
            contenders.Add((Contender.FastTree(ml, classes.IsBinary), null));
            contenders.Add((Contender.LightGbm(ml, classes.IsBinary), null));
        }
        var results = new List<TrainerResult>();
        ITransformer? focalModel = null;
        foreach ((Contender contender, EpochProgress? progress) in contenders)
        {
            var clock = Stopwatch.StartNew();
            ITransformer model = contender.Create().Fit(trainFeatures);
            double seconds = clock.Elapsed.TotalSeconds;
            MemoryRelease.BetweenPhases();
            focalModel ??= model;
            (float[] probabilities, int[] predicted) = ScoredRows.Read(model.Transform(testFeatures), classes, testIndex.Length);
            MemoryRelease.BetweenPhases();
            var report = ClassificationReport.Create(probabilities, testIndex, predicted, default, classes.Names);
            results.Add(new TrainerResult(contender.Name, report, probabilities, testIndex, predicted, seconds, progress?.History ?? Array.Empty<EpochReport>()));
        }
        return (results, trainFeatures, focalModel!);
    }

    /// <summary>The training rows' features, cached when there are few enough for every contender to read them from memory.</summary>
    private static IDataView TrainingFeatures(MLContext ml, ITransformer featurizer, IDataView rows, long count)
    {
        IDataView features = featurizer.Transform(rows);
        return count <= CacheRows ? ml.Data.Cache(features) : features;
    }

    /// <summary>Whether the networks stream their rows from the file instead of copying them into memory.</summary>
    private static bool Streams(IDataView features, long rows) =>
        rows * ((VectorDataViewType)features.Schema[FeaturePipeline.FeaturesColumn].Type).Size > StreamAboveValues;

    private static void SaveModel(MLContext ml, string modelPath, TrainRequest request, ITransformer featurizer, ITransformer focal, IDataView trainFeatures,
        DataViewSchema rawSchema, ClassLabels classes)
    {
        ITransformer model = WholePipeline(ml, featurizer, focal, trainFeatures, classes);
        ModelFile.Save(ml, model, rawSchema, new ModelInfo(classes.IsBinary ? "binary" : "multiclass", request.Label, classes.Names), modelPath);
    }

    private static void WriteReport(TextWriter output, string reportFolder, IReadOnlyList<TrainerResult> results, ClassLabels classes, IReadOnlyList<string> summary,
        string heading, string? crossValidation)
    {
        IReadOnlyList<string> files = ReportWriter.Write(reportFolder, results, classes.Names, summary, heading, crossValidation);
        output.WriteLine($"report: {Path.Combine(reportFolder, "report.html")} (and {string.Join(", ", files.Where(f => f != "report.html"))})");
    }

    /// <summary>Features → focal model → PredictedLabel as the class the file names (text), for apps and `focalml predict`.</summary>
    private static ITransformer WholePipeline(MLContext ml, ITransformer featurizer, ITransformer focal, IDataView trainFeatures, ClassLabels classes)
    {
        // The binary class names are mapped from a copy of the Boolean PredictedLabel, not onto it in place: ML.NET's
        // ONNX converter writes an in-place value mapping's output under its input's name, and ONNX Runtime then
        // refuses the graph as cyclic.
        IEstimator<ITransformer> names = classes.IsBinary
            ? ml.Transforms.CopyColumns("PredictedLabel.bool", "PredictedLabel")
                .Append(ml.Transforms.Conversion.MapValue("PredictedLabel", new Dictionary<bool, string> { [false] = classes.Names[0], [true] = classes.Names[1] }, "PredictedLabel.bool"))
            : ml.Transforms.Conversion.MapKeyToValue("PredictedLabel");
        ITransformer namer = names.Fit(focal.Transform(trainFeatures));
        return new TransformerChain<ITransformer>(featurizer, focal, namer);
    }

    private static void CheckClassSizes(ClassLabels classes, int[] counts, int minimum, string why)
    {
        int smallest = Array.IndexOf(counts, counts.Min());
        if (counts[smallest] < minimum)
            throw new CliException($"Too few rows: class '{classes.Names[smallest]}' has {counts[smallest]} row(s); focalml needs at least {minimum} of each class {why}.");
    }
}
