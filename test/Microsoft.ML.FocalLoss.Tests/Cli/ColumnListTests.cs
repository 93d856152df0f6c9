using System.IO;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>--ignore-cols and --text-cols: comma-separated names, and a name with a comma quoted as in a CSV.</summary>
[TestClass]
public sealed class ColumnListTests
{
    [TestMethod]
    [DataRow("id", new[] { "id" })]
    [DataRow(" id , notes,,id ", new[] { "id", "notes" })]
    [DataRow("\"Refr, index\",id", new[] { "Refr, index", "id" })]
    [DataRow(" \"Refr, index\" , id", new[] { "Refr, index", "id" })]
    [DataRow("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [DataRow("\" padded \"", new[] { " padded " })]
    [DataRow("", new string[0])]
    public void NamesAreReadAsOneCsvRecord(string list, string[] expected) =>
        CollectionAssert.AreEqual(expected, ColumnList.Parse(list, "--ignore-cols"));

    [TestMethod]
    [DataRow("\"Refr, index", "never closed")]
    [DataRow("\"Refr, index\"x", "text after a closing quote")]
    [DataRow("Re\"fr\"", "a quote inside an unquoted name")]
    public void MalformedListsAreRefusedByTheOption(string list, string message)
    {
        var error = Assert.ThrowsExactly<CliException>(() => ColumnList.Parse(list, "--text-cols"));
        StringAssert.StartsWith(error.Message, "--text-cols: ");
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void FormattedNamesParseBackToThemselves()
    {
        string[] names = { "id", "Refr, index", "say \"hi\"", " padded ", "a b" };
        CollectionAssert.AreEqual(names, ColumnList.Parse(ColumnList.Format(names), "--ignore-cols"));
        Assert.AreEqual("'\"Refr, index\"'", ColumnList.Argument("Refr, index"));
        Assert.AreEqual("'Customer ID'", ColumnList.Argument("Customer ID"));
        Assert.AreEqual("id", ColumnList.Argument("id"));
    }

    [TestMethod]
    public void AColumnWhoseNameHoldsACommaIsLeftOutWhenQuoted()
    {
        using var temp = new TempFolder("focalml-column-list");
        string data = Table(temp, "\"ref, id\",x,label", i => $"r{i:D4},{i % 10},");

        // Split at its comma, the name is not the file's: refused, with the quoting that works.
        Fails("A name with a comma goes in double quotes: --ignore-cols '\"ref, id\"'", "train", "--data", data, "--label", "label", "--ignore-cols", "ref, id");
        // Not left out, the ID column is refused with the argument that leaves it out, quoted.
        Fails("leave it out with --ignore-cols '\"ref, id\"'", "train", "--data", data, "--label", "label");
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--ignore-cols", "\"ref, id\"", "--epochs", "2");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "features: 1 numeric, 0 categorical (one-hot); ignored: \"ref, id\"");
    }

    [TestMethod]
    public void AnEmptyColumnIsNamedAsTheOptionsTakeIt()
    {
        // The summary names columns the way --ignore-cols reads them, so an empty column whose name holds a comma is
        // quoted, as "ignored:" quotes it: joined plainly, "a, b" would read as two columns.
        using var temp = new TempFolder("focalml-column-list");
        string data = Table(temp, "x,\"notes, free\",blank,label", i => $"{i % 10},,,");
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--epochs", "2");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "; empty, not used: \"notes, free\", blank");
    }

    /// <summary>A CSV of 120 rows under <paramref name="header"/>: each row's leading cells, then a label a (3 in 10) or b.</summary>
    private static string Table(TempFolder temp, string header, System.Func<int, string> leading)
    {
        string path = Path.Combine(temp.Path, "table.csv");
        var text = new System.Text.StringBuilder(header + "\n");
        for (int i = 0; i < 120; i++) text.Append(leading(i)).Append(i % 10 < 3 ? "a" : "b").Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
