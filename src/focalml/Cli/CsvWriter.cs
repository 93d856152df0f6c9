using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>RFC 4180 output: a field with a comma, quote or line break is quoted, and its quotes doubled.</summary>
internal static class CsvWriter
{
    public static string Field(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0 && value.Trim().Length == value.Length ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    public static void WriteLine(TextWriter writer, IEnumerable<string> fields)
    {
        writer.Write(string.Join(",", fields.Select(Field)));
        writer.Write("\r\n");
    }
}
