using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.ML.FocalLoss.Tests.Training;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>
/// `focalml` as an ML.NET pipeline over a CSV's own columns: types inferred, categories one-hot, missing values
/// imputed, IDs left out, the whole pipeline in the zip; and the data-loss and wrong-result cases, each through
/// the real command.
/// </summary>
[TestClass]
public sealed class CliPipelineTests
{
    /// <summary>
    /// 400 rows: an ID, a colour (3 categories) and a size with gaps; the rare class "alarm" (1 in 5) is red or big.
    /// </summary>
    private static string MixedTable(string path, int rows = 400, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,colour,size,label\n");
        string[] colours = { "red", "green", "blue" };
        for (int i = 0; i < rows; i++)
        {
            string colour = colours[random.Next(3)];
            double size = random.NextDouble() * 10;
            bool alarm = colour == "red" ? random.NextDouble() < 0.55 : size > 9.2;
            string sizeCell = random.NextDouble() < 0.1 ? (i % 2 == 0 ? "" : "NA") : size.ToString("F3", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"row{i:D5},{colour},{sizeCell},{(alarm ? "alarm" : "quiet")}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The mixed table in <paramref name="temp"/>, and a model `train` saved from it (the ID left out).</summary>
    private static (string Data, string Model) TrainedMixedModel(TempFolder temp)
    {
        string data = MixedTable(Path.Combine(temp.Path, "mixed.csv"));
        string model = Path.Combine(temp.Path, "m.zip");
        Succeeds("train", "--data", data, "--label", "label", "--ignore-cols", "id", "--epochs", "20", "--out", model);
        return (data, model);
    }

    [TestMethod]
    public void TextCategoriesMissingValuesAndIgnoredIdsBecomeOnePipelineThatAppsLoad()
    {
        using var temp = new TempFolder("focalml-pipeline");
        string data = MixedTable(Path.Combine(temp.Path, "mixed.csv"));
        string model = Path.Combine(temp.Path, "model.zip");

        // The ID is text with a distinct value per row: refused by name, with the way out.
        Fails("--ignore-cols id", "train", "--data", data, "--label", "label");

        var (code, output, error) = Run("train", "--dataset", data, "--label-col", "label", "--ignore-cols", "id", "--epochs", "40", "-o", model);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "features: 1 numeric (1 with missing values, imputed), 1 categorical (one-hot); ignored: id");
        StringAssert.Contains(output, "binary, positive 'alarm'");

        // Any ML.NET app: load the zip, a PredictionEngine over the CSV's columns, the class as the file names it.
        var ml = new MLContext();
        ITransformer loaded = ml.Model.Load(model, out DataViewSchema schema);
        CollectionAssert.AreEqual(new[] { "colour", "size", "label" }, schema.Select(c => c.Name).ToArray(), "the ID is not an input");
        var engine = ml.Model.CreatePredictionEngine<MixedRow, MixedPrediction>(loaded);
        Assert.AreEqual("alarm", engine.Predict(new MixedRow { Colour = "green", Size = 9.9f }).PredictedLabel);
        Assert.AreEqual("quiet", engine.Predict(new MixedRow { Colour = "green", Size = 1f }).PredictedLabel);
        MixedPrediction missing = engine.Predict(new MixedRow { Colour = "purple", Size = float.NaN });
        Assert.IsTrue(missing.Probability is > 0 and < 1, "an unseen colour and a missing size are encoded and imputed, not NaN");

        // evaluate reads the same zip and the file's own columns, in any order.
        string shuffled = Path.Combine(temp.Path, "reordered.csv");
        File.WriteAllLines(shuffled, File.ReadAllLines(MixedTable(Path.Combine(temp.Path, "other.csv"), seed: 2))
            .Select(l => l.Split(',')).Select(f => string.Join(",", f[3], f[2], f[1], f[0])));
        (code, output, error) = Run("evaluate", "--model", model, "--data", shuffled);
        Assert.AreEqual(0, code, error);
        // Red rows are a coin flip (55 % alarm) by construction, so about 0.85 is the best accuracy there is.
        double accuracy = double.Parse(output.Split("accuracy ")[1][..5], CultureInfo.InvariantCulture);
        double auroc = double.Parse(output.Split("macro AUROC ")[1][..5], CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0.75, accuracy, output);
        Assert.IsGreaterThan(0.8, auroc, output);
    }

    [TestMethod]
    public void TabSemicolonAndPipeFilesAreReadByTheirOwnSeparator()
    {
        // One table in four separators; a quoted category holds every candidate, which must not split it.
        using var temp = new TempFolder("focalml-separators");
        string comma = File.ReadAllText(MixedTable(Path.Combine(temp.Path, "comma.csv"))).Replace("red", "\"red, dark; deep|\t\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp.Path, "comma.csv"), comma);
        string model = Path.Combine(temp.Path, "m.zip");
        var (code, output, error) = Run("train", "--data", Path.Combine(temp.Path, "comma.csv"), "--label", "label", "--ignore-cols", "id", "--epochs", "3", "--out", model);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "comma.csv: 400 rows; label", "a comma file says nothing of its separator");
        foreach (var (separator, name) in new[] { ('\t', "tab"), (';', "semicolon"), ('|', "pipe") })
        {
            // Outside quotes, every comma becomes the separator.
            var text = new StringBuilder();
            bool quoted = false;
            foreach (char c in comma)
            {
                if (c == '"') quoted = !quoted;
                text.Append(c == ',' && !quoted ? separator : c);
            }
            string path = Path.Combine(temp.Path, $"{name}.txt");
            File.WriteAllText(path, text.ToString());
            (code, output, error) = Run("train", "--data", path, "--label", "label", "--ignore-cols", "id", "--epochs", "3");
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, $"{name}.txt: 400 rows ({name}-separated); label 'label' with 2 classes", name);
            StringAssert.Contains(output, "features: 1 numeric (1 with missing values, imputed), 1 categorical (one-hot)", name);
            // A model trained on the comma file scores the same rows from this one, column by column.
            string predictions = Path.Combine(temp.Path, $"{name}-predictions.csv");
            Succeeds("predict", "--model", model, "--data", path, "--out", predictions);
            Succeeds("predict", "--model", model, "--data", Path.Combine(temp.Path, "comma.csv"), "--out", Path.Combine(temp.Path, "comma-predictions.csv"));
            CollectionAssert.AreEqual(File.ReadAllLines(Path.Combine(temp.Path, "comma-predictions.csv")), File.ReadAllLines(predictions), name);
        }

        // A spreadsheet's semicolon file: decimal commas too. Outside quotes, commas separate; inside a number, they mark decimals.
        var european = new StringBuilder();
        foreach (string line in comma.Split('\n'))
        {
            string[] cells = line.Split(',');
            if (cells.Length == 4) european.Append(string.Join(';', cells[0], cells[1], cells[2].Replace('.', ','), cells[3])).Append('\n');
            // The quoted colour holds a comma: its five pieces are id, "red, dark; deep|\t" in two, size, label.
            else if (line.Length > 0) european.Append(string.Join(';', cells[0], cells[1] + "," + cells[2], cells[3].Replace('.', ','), cells[4])).Append('\n');
        }
        string europeanPath = Path.Combine(temp.Path, "european.csv");
        File.WriteAllText(europeanPath, european.ToString());
        (code, output, error) = Run("train", "--data", europeanPath, "--label", "label", "--ignore-cols", "id", "--epochs", "3");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "european.csv: 400 rows (semicolon-separated, decimal comma); label 'label' with 2 classes");
        StringAssert.Contains(output, "features: 1 numeric (1 with missing values, imputed), 1 categorical (one-hot)", "the sizes are numbers");
        string europeanPredictions = Path.Combine(temp.Path, "european-predictions.csv");
        Succeeds("predict", "--model", model, "--data", europeanPath, "--out", europeanPredictions);
        CollectionAssert.AreEqual(File.ReadAllLines(Path.Combine(temp.Path, "comma-predictions.csv")), File.ReadAllLines(europeanPredictions), "the same numbers, read the same");
    }

    [TestMethod]
    public void FreeTextIsFeaturizedWhenAskedAndRefusedByNameOtherwise()
    {
        using var temp = new TempFolder("focalml-text");
        var random = new Random(8);
        string[] calm = { "all quiet tonight", "routine check done", "nothing to report", "normal readings", "door closed as usual" };
        string[] alarm = { "smoke near the boiler", "smell of smoke in hall", "heat and smoke detected" };
        var text = new StringBuilder("note,level,label\n");
        for (int i = 0; i < 300; i++)
        {
            bool isAlarm = random.NextDouble() < 0.15;
            string note = (isAlarm ? alarm : calm)[random.Next(isAlarm ? alarm.Length : calm.Length)] + $" #{i}";
            text.Append(CultureInfo.InvariantCulture, $"\"{note}\",{random.NextDouble():F3},{(isAlarm ? "alarm" : "calm")}\n");
        }
        string data = Path.Combine(temp.Path, "notes.csv");
        File.WriteAllText(data, text.ToString());
        Fails("featurize its words with --text-cols note", "train", "--data", data, "--label", "label");
        string model = Path.Combine(temp.Path, "m.zip");
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--text-cols", "note", "--epochs", "30", "--out", model);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "1 numeric, 0 categorical (one-hot), 1 text (n-grams)");
        var engine = new MLContext().Model.CreatePredictionEngine<NoteRow, NotePrediction>(new MLContext().Model.Load(model, out _));
        Assert.AreEqual("alarm", engine.Predict(new NoteRow { Note = "smoke in the kitchen", Level = 0.5f }).PredictedLabel);
        Assert.AreEqual("calm", engine.Predict(new NoteRow { Note = "routine readings", Level = 0.5f }).PredictedLabel);
    }

    [TestMethod]
    public void DuplicateColumnNamesAreRefusedNotReadAsTheFirstOrLeakedIntoTheFeatures()
    {
        using var temp = new TempFolder("focalml-dup");
        string sameFeature = Path.Combine(temp.Path, "f.csv"), sameLabel = Path.Combine(temp.Path, "label.csv");
        File.WriteAllText(sameFeature, "f,f,label\n1,2,a\n3,4,b\n");
        File.WriteAllText(sameLabel, "f,label,label\n1,a,a\n3,b,b\n");
        Fails("'f' appear more than once", "train", "--data", sameFeature, "--label", "label");
        Fails("'label' appear more than once", "train", "--data", sameLabel, "--label", "label");
    }

    [TestMethod]
    public void ModelsAreWrittenWholeOrNotAtAllWhileOthersReadThem()
    {
        using var temp = new TempFolder("focalml-atomic");
        string model = Path.Combine(temp.Path, "model.zip");
        Succeeds("train", "--epochs", "2", "--hidden", "8", "--out", model);
        byte[] first = File.ReadAllBytes(model);

        // A reader that opens the model again and again while a second train replaces it: every read is a whole zip.
        int reads = 0, broken = 0;
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using ZipArchive zip = ZipFile.OpenRead(model);
                    foreach (ZipArchiveEntry entry in zip.Entries) entry.Open().CopyTo(Stream.Null);
                    Interlocked.Increment(ref reads);
                }
                catch (InvalidDataException) { Interlocked.Increment(ref broken); }
                catch (IOException) { Interlocked.Increment(ref broken); }
            }
        });
        reader.Start();
        Succeeds("train", "--epochs", "2", "--hidden", "8", "--seed", "2", "--out", model);
        stop.Cancel();
        reader.Join();
        Assert.AreEqual(0, broken, $"{broken} of {reads + broken} reads saw a broken file");
        Assert.IsGreaterThan(10, reads, "the reader ran alongside");
        CollectionAssert.AreNotEqual(first, File.ReadAllBytes(model), "the second model replaced the first");
        CollectionAssert.AreEquivalent(new[] { "model.zip" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToArray(), "no temporary file is left");
    }

    [TestMethod]
    public void OutputPathsAreCheckedBeforeTraining()
    {
        using var temp = new TempFolder("focalml-paths");
        string file = Path.Combine(temp.Path, "taken");
        File.WriteAllText(file, "not a folder");
        string output = Fails("--report", "train", "--epochs", "50", "--report", file, "--out", Path.Combine(temp.Path, "m.zip"));
        Assert.IsFalse(output.Contains("epoch", StringComparison.Ordinal), "nothing was trained");
        output = Fails("is a folder", "train", "--epochs", "50", "--out", temp.Path);
        Assert.IsFalse(output.Contains("epoch", StringComparison.Ordinal), "nothing was trained");
        Fails("does not exist", "train", "--out", Path.Combine(temp.Path, "no", "such", "m.zip"));
    }

    [TestMethod]
    public void NoOutputReplacesAnInputFile()
    {
        using var temp = new TempFolder("focalml-inputs");
        string data = MixedTable(Path.Combine(temp.Path, "data.csv"));
        string test = MixedTable(Path.Combine(temp.Path, "metrics.csv"), rows: 100, seed: 2);
        string model = Path.Combine(temp.Path, "m.zip");
        Succeeds("train", "--data", data, "--label", "label", "--ignore-cols", "id", "--epochs", "2", "--out", model);
        byte[] dataBytes = File.ReadAllBytes(data), testBytes = File.ReadAllBytes(test), modelBytes = File.ReadAllBytes(model);
        string link = Path.Combine(temp.Path, "link.csv");
        File.CreateSymbolicLink(link, data);

        string output = Fails("--out " + data + " is the --data file", "train", "--data", data, "--label", "label", "--ignore-cols", "id", "--epochs", "50", "--out", data);
        Assert.IsFalse(output.Contains("epoch", StringComparison.Ordinal), "checked before training");
        Fails("is the --test file", "train", "--data", data, "--test", test, "--label", "label", "--ignore-cols", "id", "--out", test);
        Fails($"--report {temp.Path} would write metrics.csv over the --test file", "train", "--data", data, "--test", test, "--label", "label", "--ignore-cols", "id", "--report", temp.Path);
        Fails("is the --data file", "predict", "--model", model, "--data", data, "--out", data);
        Fails("is the --data file", "predict", "--model", model, "--data", data, "--out", link);
        Fails("is the --model file", "predict", "--model", model, "--data", data, "--out", model);

        CollectionAssert.AreEqual(dataBytes, File.ReadAllBytes(data), "the training data is whole");
        CollectionAssert.AreEqual(testBytes, File.ReadAllBytes(test), "the test data is whole");
        CollectionAssert.AreEqual(modelBytes, File.ReadAllBytes(model), "the model is whole");
    }

    [TestMethod]
    public void PredictionsAreRfc4180OneNumberedLinePerInputRowWithUnscorableRowsFlagged()
    {
        using var temp = new TempFolder("focalml-predict");
        // Class names with a comma and a quote, which a reader must get back whole.
        var random = new Random(3);
        var rows = Enumerable.Range(0, 120).Select(i =>
        {
            double x = random.NextDouble();
            return (x, label: x > 0.7 ? "\"say \"\"hi\"\"\"" : "\"a,b\"");
        }).ToArray();
        string data = Path.Combine(temp.Path, "train.csv");
        File.WriteAllText(data, "x,noise,label\n" + string.Concat(rows.Select((r, i) => FormattableString.Invariant($"{r.x:F4},{i % 7},{r.label}\n"))));
        string model = Path.Combine(temp.Path, "m.zip");
        Succeeds("train", "--data", data, "--label", "label", "--epochs", "30", "--out", model);

        // Row 2 misses a value (imputed, scored); row 3 has text in a numeric column; row 4 is spaces; row 5 is short.
        string newRows = Path.Combine(temp.Path, "new.csv");
        File.WriteAllText(newRows, "noise,x\n1,0.9\n2,\n3,abc\n   \n4\n5,0.1\n");
        string predictions = Path.Combine(temp.Path, "p.csv");
        var (code, output, error) = Run("predict", "--model", model, "--data", newRows, "--out", predictions);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "6 rows written");
        StringAssert.Contains(output, "3 could not be scored");

        // Read back with ML.NET's own RFC 4180 reader, not ours.
        var ml = new MLContext();
        IDataView read = ml.Data.LoadFromTextFile(predictions, new[]
        {
            new TextLoader.Column("Row", DataKind.Int32, 0),
            new TextLoader.Column("PredictedLabel", DataKind.String, 1),
            new TextLoader.Column("P0", DataKind.String, 2),
            new TextLoader.Column("P1", DataKind.String, 3),
            new TextLoader.Column("Note", DataKind.String, 4),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);
        int[] numbers = read.GetColumn<int>("Row").ToArray();
        string[] labels = read.GetColumn<string>("PredictedLabel").ToArray();
        string[] notes = read.GetColumn<string>("Note").ToArray();
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, numbers, "one line per input row, in order");
        Assert.AreEqual("say \"hi\"", labels[0], "a quoted class name round-trips");
        Assert.AreEqual("a,b", labels[5], "a class name with a comma round-trips");
        Assert.IsTrue(labels[1] is "a,b" or "say \"hi\"", "a missing value is imputed and scored");
        CollectionAssert.AreEqual(new[] { "", "", "", "", "" }, new[] { labels[2], labels[3], labels[4], notes[0], notes[5] });
        StringAssert.Contains(notes[2], "bad value 'abc' in numeric column 'x'");
        Assert.AreEqual("blank line", notes[3]);
        StringAssert.Contains(notes[4], "1 fields, the header has 2");
        string[] p0 = read.GetColumn<string>("P0").ToArray();
        Assert.AreEqual("", p0[2], "no probability for a row that was not scored");
        Assert.IsTrue(float.Parse(p0[0], CultureInfo.InvariantCulture) is >= 0 and <= 1);
    }

    [TestMethod]
    public void EvaluationUsesOneRowPopulationAndSaysWhatItSkipped()
    {
        using var temp = new TempFolder("focalml-evaluate");
        (string data, string model) = TrainedMixedModel(temp);
        string[] lines = File.ReadAllLines(MixedTable(Path.Combine(temp.Path, "test.csv"), rows: 60, seed: 5));
        lines[3] = "row99999,red,huge,alarm";      // text in a numeric column
        lines[4] = "row99998,red,1.5,NA";          // no label
        string test = Path.Combine(temp.Path, "test-bad.csv");
        File.WriteAllLines(test, lines);
        var (code, output, error) = Run("evaluate", "--model", model, "--data", test);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "58 rows scored (skipped: 1 row(s) without a label, 1 row(s) with text in a numeric column (first: row 3, bad value 'huge' in numeric column 'size'))");
        // The per-class supports add up to the rows scored: accuracy, recall and AUROC share them.
        int support = output.Split('\n').Where(l => l.TrimStart().StartsWith("alarm", StringComparison.Ordinal) || l.TrimStart().StartsWith("quiet", StringComparison.Ordinal))
            .Sum(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture));
        Assert.AreEqual(58, support);
    }

    [TestMethod]
    public void ACategoryTrainingNeverHadIsScoredAsAnEmptyCellAndSaidSo()
    {
        using var temp = new TempFolder("focalml-unseen");
        (string data, string model) = TrainedMixedModel(temp);

        // Rows 1 and 2: a colour training never had; row 3 the same size with the colour empty; row 4 a known colour;
        // row 5 a known colour with spaces inside quotes, which the loader keeps, so the encoder does not know it.
        string newRows = Path.Combine(temp.Path, "new.csv");
        File.WriteAllText(newRows, "id,colour,size,label\nr1,purple,9.6,alarm\nr2, teal ,2.0,quiet\nr3,,9.6,alarm\nr4,red,9.6,alarm\nr5,\" red\",9.6,alarm\n");
        string predictions = Path.Combine(temp.Path, "p.csv");
        var (code, output, error) = Run("predict", "--model", model, "--data", newRows, "--out", predictions);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "5 rows written");
        StringAssert.Contains(output, "3 row(s) with a category not seen in training, scored as if that cell were empty (first: 'purple' in 'colour')");
        Assert.IsFalse(output.Contains("could not be scored", StringComparison.Ordinal), output);

        string[][] lines = File.ReadAllLines(predictions).Skip(1).Select(l => l.Split(',')).ToArray();
        StringAssert.Contains(lines[0][^1], "'purple' in 'colour': a category not seen in training; scored as an empty cell");
        StringAssert.Contains(lines[1][^1], "'teal ' in 'colour'"); // the loader keeps a cell's trailing space
        Assert.AreEqual("", lines[2][^1], "an empty cell is a missing value, not a new category");
        Assert.AreEqual("", lines[3][^1]);
        StringAssert.Contains(lines[4][^1], "' red' in 'colour'");
        // What the note says is what happened: the new colour scores exactly as the empty cell beside the same size.
        CollectionAssert.AreEqual(lines[2][1..^1], lines[0][1..^1]);
        CollectionAssert.AreNotEqual(lines[3][1..^1], lines[0][1..^1], "a known colour is used");

        // evaluate, and train with this file as its test file, count the same rows.
        (code, output, error) = Run("evaluate", "--model", model, "--data", newRows);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "5 rows scored, accuracy");
        StringAssert.Contains(output, "3 row(s) with a category not seen in training");
        (code, output, error) = Run("train", "--data", data, "--label", "label", "--ignore-cols", "id", "--epochs", "5", "--test", newRows);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "test 5 rows (test file new.csv); in the test rows, 3 row(s) with a category not seen in training");

        // The training file itself has no such row.
        (code, output, error) = Run("predict", "--model", model, "--data", data, "--out", predictions);
        Assert.AreEqual(0, code, error);
        Assert.IsFalse(output.Contains("not seen in training", StringComparison.Ordinal), output);
    }

    [TestMethod]
    public void QuotedLabelsWithSpacesAreTheirClassNotDroppedRows()
    {
        using var temp = new TempFolder("focalml-quoted-labels");
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < 40; i++) text.Append(CultureInfo.InvariantCulture, $"{i / 40.0:F3},neg\n{1 + i / 40.0:F3},pos\n");
        // Spaces inside quotes, which the loader keeps and the class count drops: before, these 8 rows vanished unsaid.
        for (int i = 0; i < 5; i++) text.Append(CultureInfo.InvariantCulture, $"{1.5 + i / 10.0:F3},\" pos\"\n");
        for (int i = 0; i < 3; i++) text.Append(CultureInfo.InvariantCulture, $"{0.5 + i / 10.0:F3},\"neg \"\n");
        string data = Path.Combine(temp.Path, "quoted.csv"), model = Path.Combine(temp.Path, "m.zip");
        File.WriteAllText(data, text.ToString());
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--epochs", "5", "--out", model);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "88 rows; label 'label' with 2 classes");
        StringAssert.Contains(output, "train 61 rows, test 27 rows");
        StringAssert.Contains(output, "class counts (train): pos:31, neg:30");
        (code, output, error) = Run("evaluate", "--model", model, "--data", data);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "88 rows scored, accuracy");
    }

    [TestMethod]
    public void NaLabelsAreSkippedAndCountedAndNumericLabelsAreValues()
    {
        using var temp = new TempFolder("focalml-labels");
        var random = new Random(4);
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < 150; i++)
        {
            double x = random.NextDouble();
            // "1" and "1.0" are one class; NA is no label.
            string y = i % 25 == 0 ? "NA" : x > 0.75 ? (i % 2 == 0 ? "1" : "1.0") : "0";
            text.Append(CultureInfo.InvariantCulture, $"{x:F4},{y}\n");
        }
        string data = Path.Combine(temp.Path, "numeric-label.csv");
        File.WriteAllText(data, text.ToString());
        var (code, output, error) = Run("train", "--data", data, "--label", "y", "--epochs", "5");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "with 2 classes (binary, positive '1')");
        StringAssert.Contains(output, "skipped in numeric-label.csv: 6 row(s) without a label");
    }

    [TestMethod]
    public void BadInputGivesOneLineNotAStackTrace()
    {
        using var temp = new TempFolder("focalml-oneline");
        string model = Path.Combine(temp.Path, "m.zip");
        Succeeds("train", "--epochs", "2", "--hidden", "8", "--out", model);

        byte[] bytes = File.ReadAllBytes(model);
        string changed = Path.Combine(temp.Path, "changed.zip");
        // One byte inside the focal model's weights: the zip is still a zip, the model is not.
        using (ZipArchive zip = ZipFile.OpenRead(model))
        {
            ZipArchiveEntry entry = zip.Entries.Where(e => e.FullName.Contains("Model", StringComparison.Ordinal)).OrderByDescending(e => e.Length).First();
            using var buffer = new MemoryStream();
            entry.Open().CopyTo(buffer);
            byte[] content = buffer.ToArray();
            // The model header's first byte: ML.NET reads the signature there and refuses the file.
            content[0] ^= 0xFF;
            File.Copy(model, changed);
            using ZipArchive update = ZipFile.Open(changed, ZipArchiveMode.Update);
            update.GetEntry(entry.FullName)!.Delete();
            using Stream stream = update.CreateEntry(entry.FullName).Open();
            stream.Write(content);
        }
        string glass = Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv");
        var (code, _, error) = Run("evaluate", "--model", changed, "--data", glass);
        Assert.AreEqual(1, code);
        Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
        StringAssert.Contains(error, "cannot be loaded");
        StringAssert.StartsWith(error, "focalml: error: ");

        string emptyInfo = Path.Combine(temp.Path, "empty-info.zip");
        File.Copy(model, emptyInfo);
        using (ZipArchive update = ZipFile.Open(emptyInfo, ZipArchiveMode.Update))
        {
            update.GetEntry("focalml.json")!.Delete();
            using var writer = new StreamWriter(update.CreateEntry("focalml.json").Open());
            writer.Write("{}");
        }
        Fails("lacks the task, label or classes", "evaluate", "--model", emptyInfo, "--data", glass);
        Fails("--hidden takes comma-separated layer widths", "train", "--hidden", "99999999999");
        Fails("is a folder", "predict", "--model", model, "--data", glass, "--out", temp.Path);
        Assert.IsTrue(bytes.Length > 0);
    }

    [TestMethod]
    public void AModelFromAnEarlierFocalmlIsRefusedWithTheWayForward()
    {
        // What focalml 0.1 wrote: the network over one Features vector, and the class names beside it in focalml.json.
        using var temp = new TempFolder("focalml-old");
        var ml = new MLContext(seed: 1);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        ITransformer network = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 2, NumberOfFolds = 1 }).Fit(glass);
        string old = Path.Combine(temp.Path, "old.zip");
        ml.Model.Save(network, ml.Data.LoadFromEnumerable(new[] { new FeaturesOnly() }).Schema, old);
        using (ZipArchive zip = ZipFile.Open(old, ZipArchiveMode.Update))
        using (var writer = new StreamWriter(zip.CreateEntry("focalml.json").Open()))
            writer.Write("{\"Task\":\"multiclass\",\"Label\":\"Type\",\"Features\":[\"RI\",\"Na\"],\"Classes\":[\"1\",\"2\",\"3\",\"5\",\"6\",\"7\"]}");
        Fails("a model from an earlier focalml", "predict", "--model", old, "--data", Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv"), "--out", Path.Combine(temp.Path, "p.csv"));
    }

    private sealed class FeaturesOnly
    {
        [VectorType(9)]
        public float[] Features { get; set; } = new float[9];
    }

    [TestMethod]
    public void MessagesNameTheRealProblem()
    {
        using var temp = new TempFolder("focalml-messages");
        string Write(string name, string text)
        {
            string path = Path.Combine(temp.Path, name);
            File.WriteAllText(path, text);
            return path;
        }
        Fails("column 3 of 3 has no name (a trailing comma on the header line?)", "train", "--data", Write("trailing.csv", "a,label,\n1,x,\n2,y,\n"), "--label", "label");
        Fails("Too few rows: class", "train", "--data", Write("two.csv", "a,label\n1,x\n2,y\n"), "--label", "label");
        // γ is checked before the file is read: the file does not even exist.
        Fails("--gamma must be a finite number ≥ 0", "train", "--data", Path.Combine(temp.Path, "absent.csv"), "--label", "label", "--gamma", "-1");

        // Decimal commas in a comma-separated file (quoted): the numbers are named as such, not made categories.
        var european = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 60; i++) european.Append(CultureInfo.InvariantCulture, $"\"{i % 7},{i % 10}\",{i},{(i % 3 == 0 ? "x" : "y")}\n");
        Fails("column 'a' holds numbers with a decimal comma ('0,0' in row 1)", "train", "--data", Write("european.csv", european.ToString()), "--label", "label");

        // A measured number chosen as the label is named as such, not as 60 classes of one row.
        var measured = new StringBuilder("a,size\n");
        for (int i = 0; i < 60; i++) measured.Append(CultureInfo.InvariantCulture, $"{i % 3},{i * 0.37 + 1}\n");
        Fails("the label column 'size' holds 60 distinct numbers, most of them in one row only", "train", "--data", Write("measured.csv", measured.ToString()), "--label", "size");

        // A number column with one bad cell in 60 is neither 59 categories nor an ID: the cell is named.
        var typo = new StringBuilder("age,label\n");
        for (int i = 0; i < 60; i++) typo.Append(CultureInfo.InvariantCulture, $"{(i == 17 ? "4o" : (20 + i % 40).ToString(CultureInfo.InvariantCulture))},{(i % 3 == 0 ? "x" : "y")}\n");
        Fails("column 'age' holds numbers except in 1 of its 60 filled cells ('4o' in row 18)", "train", "--data", Write("typo.csv", typo.ToString()), "--label", "label");
        var infinite = new StringBuilder("a,label\n");
        for (int i = 0; i < 300; i++) infinite.Append(CultureInfo.InvariantCulture, $"{(i % 50 == 7 ? "inf" : (i * 0.37).ToString(CultureInfo.InvariantCulture))},{(i % 3 == 0 ? "x" : "y")}\n");
        Fails("column 'a' holds numbers except in 6 of its 300 filled cells ('inf' in row 8)", "train", "--data", Write("inf.csv", infinite.ToString()), "--label", "label");

        // Missing cells of a category column are not "imputed": the summary says what they become.
        var gaps = new StringBuilder("size,colour,label\n");
        for (int i = 0; i < 60; i++) gaps.Append(CultureInfo.InvariantCulture, $"{i},{(i % 10 == 0 ? "?" : i % 10 == 1 ? "" : i % 2 == 0 ? "red" : "blue")},{(i % 3 == 0 ? "x" : "y")}\n");
        var (gapCode, gapOutput, gapError) = Run("train", "--data", Write("gaps.csv", gaps.ToString()), "--label", "label", "--epochs", "2");
        Assert.AreEqual(0, gapCode, gapError);
        StringAssert.Contains(gapOutput, "features: 1 numeric, 1 categorical (one-hot; 1 with missing cells: empty ones encode as all zeros, markers such as ? or NA as a category of their own)");

        // A line of spaces is a blank line, counted, not a ragged row.
        var text = new StringBuilder("a,label\n");
        for (int i = 0; i < 60; i++) text.Append(CultureInfo.InvariantCulture, $"{i},{(i % 3 == 0 ? "x" : "y")}\n").Append(i == 30 ? "    \n" : "");
        var (code, output, error) = Run("train", "--data", Write("spaces.csv", text.ToString()), "--label", "label", "--epochs", "3", "--test", Write("test.csv", "a,label\n1,x\n2,y\n4,y\n"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "1 blank line(s)");
        StringAssert.Contains(output, "(test file test.csv)", "a test file is not called a stratified split");
    }

    [TestMethod]
    public void LongClassNamesKeepTheComparisonTableAligned()
    {
        using var temp = new TempFolder("focalml-long");
        string longName = "a class with a very long descriptive name";
        var text = new StringBuilder("x,label\n");
        var random = new Random(6);
        for (int i = 0; i < 80; i++)
        {
            double x = random.NextDouble();
            text.Append(CultureInfo.InvariantCulture, $"{x:F4},{(x > 0.8 ? longName : "short")}\n");
        }
        string data = Path.Combine(temp.Path, "long.csv");
        File.WriteAllText(data, text.ToString());
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--epochs", "3");
        Assert.AreEqual(0, code, error);
        string[] table = output.Split('\n').SkipWhile(l => !l.StartsWith("trainer ", StringComparison.Ordinal)).Take(2).ToArray();
        Assert.AreEqual(table[0].TrimEnd().Length, table[1].TrimEnd().Length, $"heading and row line up:\n{table[0]}\n{table[1]}");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void TheConsumptionExampleRunsOnAModelThatTrainJustWrote()
    {
        using var temp = new TempFolder("focalml-consume");
        string model = Path.Combine(temp.Path, "glass.zip");
        Succeeds("train", "--epochs", "30", "--out", model);
        (int code, string output) = ProcessRunner.Run("dotnet", $"\"{BuildInfo.ConsumeModelExample}\" \"{model}\"", temp.Path, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "model input columns: RI (Single)");
        string predicted = output.Split("predicted type: ")[1].Split('\n')[0].Trim();
        CollectionAssert.Contains(new[] { "1", "2", "3", "5", "6", "7" }, predicted, "the class as Glass.csv names it");
        StringAssert.Contains(output, "probabilities sum to 1.000");
        Assert.AreEqual(6, output.Split('\n').Count(l => l.TrimStart().StartsWith("P(type ", StringComparison.Ordinal)), "one probability per class, named");
    }

    private sealed class NoteRow
    {
        [ColumnName("note")]
        public string Note { get; set; } = "";

        [ColumnName("level")]
        public float Level { get; set; }

        [ColumnName("label")]
        public string Label { get; set; } = "";
    }

    private sealed class NotePrediction
    {
        public string PredictedLabel { get; set; } = "";
    }

    private sealed class MixedRow
    {
        [ColumnName("colour")]
        public string Colour { get; set; } = "";

        [ColumnName("size")]
        public float Size { get; set; }

        [ColumnName("label")]
        public string Label { get; set; } = "";
    }

    private sealed class MixedPrediction
    {
        public string PredictedLabel { get; set; } = "";

        public float Probability { get; set; }
    }
}
