using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>A CSV loaded with the column types a model reads, each column found by name in that file's header.</summary>
internal static class ModelInputs
{
    public static IDataView Load(MLContext ml, CsvHeader header, IEnumerable<(string Name, DataKind Kind)> columns)
    {
        var list = columns.ToList();
        header.Require(list.Select(c => c.Name), "the model needs");
        return CsvFormat.Loader(ml, header.Dialect, list.Select(c => (c.Name, c.Kind, header.IndexOf(c.Name, "input")))).Load(header.Path);
    }

    /// <summary>The columns a saved model's input schema names, with their TextLoader types, the label left out.</summary>
    public static (string Name, DataKind Kind)[] FromSchema(DataViewSchema schema, string label) => schema
        .Where(c => c.Name != label && !c.IsHidden)
        .Select(c => (c.Name, c.Type == NumberDataViewType.Single ? DataKind.Single : DataKind.String))
        .ToArray();
}
