// What a trained model costs the app that serves it: the size of its zip, batch scoring (Transform, rows/s) and
// single-row scoring (a PredictionEngine, microseconds a row), for the focal defaults, the defaults stacked with
// FastTree and with LightGbm (StackingPartner), and FastTree and LightGbm alone. A stacked model keeps the partner's
// five fold models beside the five networks, so this is the serving side of the owner's decision on a default
// partner. Every model is fitted once, saved and loaded back as an app loads it; the scoring is timed --repeat times
// in this process, alternating between the models, and printed as the range of each model's time over the defaults'.
// Run: dotnet run -c Release --project benchmarks/ModelCost [-- --repeat 3 --single 2000]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;

int repeats = BenchmarkArgs.Int(args, "--repeat", 3), singleRows = BenchmarkArgs.Int(args, "--single", 2_000);
Console.WriteLine($"{repeats} repeats, {singleRows} single-row predictions a repeat; {Environment.ProcessorCount} cores");
Console.WriteLine($"{"table",-9} {"model",-16} {"zip KB",8} {"zip / defaults",15} {"batch rows/s",13} {"batch time / defaults",22} {"single µs",10} {"single time / defaults",23}");
string folder = Directory.CreateTempSubdirectory("model-cost").FullName;
try
{
    foreach (Table table in Tables())
        Measure(table);
}
finally
{
    Directory.Delete(folder, true);
}

void Measure(Table table)
{
    var ml = new MLContext(seed: 1);
    IDataView data = ml.Data.Cache(table.Load(ml));
    float[][] features = data.GetColumn<float[]>("Features").ToArray();
    long rows = features.Length;
    var models = new List<(string Name, string Path, long Bytes)>();
    foreach (var (name, trainer) in table.Trainers(ml))
    {
        ITransformer fitted = trainer.Fit(data);
        string path = Path.Combine(folder, $"{table.Name}-{models.Count}.zip");
        ml.Model.Save(fitted, data.Schema, path);
        models.Add((name, path, new FileInfo(path).Length));
    }
    // Loaded back from the zips, as an app loads them.
    ITransformer[] loaded = models.Select(m => ml.Model.Load(m.Path, out _)).ToArray();
    var batch = models.Select(_ => new double[repeats]).ToArray();
    var single = models.Select(_ => new double[repeats]).ToArray();
    for (int r = 0; r < repeats; r++)
        for (int m = 0; m < models.Count; m++)
        {
            batch[m][r] = BatchSeconds(loaded[m].Transform(data), table.ScoreColumn) / rows;
            single[m][r] = table.SingleSeconds(ml, loaded[m], features, singleRows) / singleRows;
        }
    for (int m = 0; m < models.Count; m++)
        Console.WriteLine($"{table.Name,-9} {models[m].Name,-16} {models[m].Bytes / 1024.0,8:N0} {(double)models[m].Bytes / models[0].Bytes,14:F1}x "
            + $"{1 / batch[m].Min(),13:N0} {Ratio(batch[m], batch[0]),22} {single[m].Min() * 1e6,10:F1} {Ratio(single[m], single[0]),23}");
}

// Seconds to cursor every row's score and predicted label: the best of three passes, so a pass that paid for a page
// fault or a JIT compile does not count.
static double BatchSeconds(IDataView scored, string scoreColumn)
{
    double best = double.MaxValue;
    for (int pass = 0; pass < 3; pass++)
    {
        var clock = Stopwatch.StartNew();
        DataViewSchema.Column score = scored.Schema[scoreColumn], label = scored.Schema["PredictedLabel"];
        using DataViewRowCursor cursor = scored.GetRowCursor(new[] { score, label });
        Delegate getScore = score.Type is VectorDataViewType ? cursor.GetGetter<VBuffer<float>>(score) : cursor.GetGetter<float>(score);
        VBuffer<float> vector = default;
        float value = 0;
        while (cursor.MoveNext())
        {
            if (getScore is ValueGetter<VBuffer<float>> v) v(ref vector);
            else ((ValueGetter<float>)getScore)(ref value);
        }
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
    return best;
}

// The range of this model's time over the defaults' across repeats, and its median.
static string Ratio(double[] mine, double[] defaults)
{
    double[] ratios = mine.Zip(defaults, (a, b) => a / b).OrderBy(x => x).ToArray();
    return ratios.Length == 1 ? $"{ratios[0]:F1}x" : $"{ratios[0]:F1}x-{ratios[^1]:F1}x (med {ratios[ratios.Length / 2]:F1}x)";
}

// letter: LetterRecognition's first 14,000 rows (about the suite's 70% training split), 26 classes; letter-z: the same
// rows, Z against the rest; glass: the shipped Glass data, 214 rows, 6 classes (a table where trees lead).
static IEnumerable<Table> Tables()
{
    yield return new Table("letter", false, ml => Letter(ml, multiclass: true), "Score");
    yield return new Table("letter-z", true, ml => Letter(ml, multiclass: false), "Probability");
    yield return new Table("glass", false, Glass, "Score");
}

static IDataView Letter(MLContext ml, bool multiclass) => multiclass ? ShippedLetters.Letters(ml, 14_000) : ShippedLetters.LetterZ(ml, 14_000);

static IDataView Glass(MLContext ml)
{
    var loader = ml.Data.CreateTextLoader(new[]
    {
        new TextLoader.Column("Features", DataKind.Single, 0, 8),
        new TextLoader.Column("Type", DataKind.String, 9),
    }, separatorChar: ',', hasHeader: true, allowQuoting: true);
    IDataView rows = loader.Load(Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv"));
    return ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(rows).Transform(rows);
}

internal sealed record Table(string Name, bool Binary, Func<MLContext, IDataView> Load, string ScoreColumn)
{
    /// <summary>The defaults first: every ratio is over them.</summary>
    public IEnumerable<(string Name, IEstimator<ITransformer> Trainer)> Trainers(MLContext ml)
    {
        if (Binary)
        {
            yield return ("focal defaults", ml.BinaryClassification.Trainers.FocalLoss());
            yield return ("focal+FastTree", ml.BinaryClassification.Trainers.FocalLoss(new Microsoft.ML.FocalLoss.Training.BinaryFocalLossTrainer.Options { StackingPartner = ml.BinaryClassification.Trainers.FastTree() }));
            yield return ("focal+LightGbm", ml.BinaryClassification.Trainers.FocalLoss(new Microsoft.ML.FocalLoss.Training.BinaryFocalLossTrainer.Options { StackingPartner = ml.BinaryClassification.Trainers.LightGbm() }));
            yield return ("FastTree", ml.BinaryClassification.Trainers.FastTree());
            yield return ("LightGbm", ml.BinaryClassification.Trainers.LightGbm());
        }
        else
        {
            var fastTree = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree());
            yield return ("focal defaults", ml.MulticlassClassification.Trainers.FocalLoss());
            yield return ("focal+FastTree", ml.MulticlassClassification.Trainers.FocalLoss(new Microsoft.ML.FocalLoss.Training.FocalLossTrainer.Options { StackingPartner = fastTree }));
            yield return ("focal+LightGbm", ml.MulticlassClassification.Trainers.FocalLoss(new Microsoft.ML.FocalLoss.Training.FocalLossTrainer.Options { StackingPartner = ml.MulticlassClassification.Trainers.LightGbm() }));
            yield return ("FastTree", ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()));
            yield return ("LightGbm", ml.MulticlassClassification.Trainers.LightGbm());
        }
    }

    /// <summary>Seconds for <paramref name="count"/> single-row predictions through a PredictionEngine, cycling over the rows.</summary>
    public double SingleSeconds(MLContext ml, ITransformer model, float[][] features, int count)
    {
        var input = new FeatureRow();
        var clock = new Stopwatch();
        // The features' known size, as the model's schema has it.
        var inputSchema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(FeatureRow));
        inputSchema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        if (Binary)
        {
            using var engine = ml.Model.CreatePredictionEngine<FeatureRow, BinaryPrediction>(model, inputSchemaDefinition: inputSchema);
            var output = new BinaryPrediction();
            engine.Predict(input.With(features[0]), ref output); // the first call builds the getters
            clock.Start();
            for (int i = 0; i < count; i++) engine.Predict(input.With(features[i % features.Length]), ref output);
        }
        else
        {
            using var engine = ml.Model.CreatePredictionEngine<FeatureRow, MulticlassPrediction>(model, inputSchemaDefinition: inputSchema);
            var output = new MulticlassPrediction();
            engine.Predict(input.With(features[0]), ref output);
            clock.Start();
            for (int i = 0; i < count; i++) engine.Predict(input.With(features[i % features.Length]), ref output);
        }
        return clock.Elapsed.TotalSeconds;
    }
}

internal sealed class FeatureRow
{
    public float[] Features = Array.Empty<float>();

    public FeatureRow With(float[] features)
    {
        Features = features;
        return this;
    }
}

internal sealed class BinaryPrediction
{
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}

internal sealed class MulticlassPrediction
{
    public float[] Score { get; set; } = Array.Empty<float>();
    public uint PredictedLabel { get; set; }
}
