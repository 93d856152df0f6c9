// Usage: ModelLoadCheck <model.zip> <data.csv> <first feature column> <feature count> <score column> <output.txt> [<text column name> <index>]
// Loads the model with mlContext.Model.Load, scores the CSV's features and writes every score as round-trip text.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length is not (6 or 8))
{
    Console.Error.WriteLine("usage: ModelLoadCheck <model.zip> <data.csv> <first feature column> <feature count> <score column> <output.txt>");
    return 2;
}
var ml = new MLContext(seed: 0);
ITransformer model = ml.Model.Load(args[0], out _);
int first = int.Parse(args[2], CultureInfo.InvariantCulture), count = int.Parse(args[3], CultureInfo.InvariantCulture);
var columns = new[] { new TextLoader.Column("Features", DataKind.Single, first, first + count - 1) }.ToList();
// A pipeline that starts with MapValueToKey needs its text label column at scoring time too.
if (args.Length == 8) columns.Add(new TextLoader.Column(args[6], DataKind.String, int.Parse(args[7], CultureInfo.InvariantCulture)));
IDataView data = ml.Data.LoadFromTextFile(args[1], columns.ToArray(),
    separatorChar: ',', hasHeader: true, allowQuoting: true);
IDataView scored = model.Transform(data);
DataViewType type = scored.Schema[args[4]].Type;
var lines = type is VectorDataViewType
    ? scored.GetColumn<float[]>(args[4]).Select(v => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))))
    : scored.GetColumn<float>(args[4]).Select(x => x.ToString("R", CultureInfo.InvariantCulture));
File.WriteAllLines(args[5], lines);
return 0;
