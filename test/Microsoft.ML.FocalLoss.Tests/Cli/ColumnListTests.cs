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
        string data = Path.Combine(temp.Path, "comma-name.csv");
        var text = new System.Text.StringBuilder("\"ref, id\",x,label\n");
        for (int i = 0; i < 120; i++) text.Append($"r{i:D4},{i % 10},{(i % 10 < 3 ? "a" : "b")}\n");
        File.WriteAllText(data, text.ToString());

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
        string data = Path.Combine(temp.Path, "empty-column.csv");
        var text = new System.Text.StringBuilder("x,\"notes, free\",blank,label\n");
        for (int i = 0; i < 120; i++) text.Append($"{i % 10},,,{(i % 10 < 3 ? "a" : "b")}\n");
        File.WriteAllText(data, text.ToString());
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--epochs", "2");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "; empty, not used: \"notes, free\", blank");
    }
}
