using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ImbalancedSuite;

/// <summary>
/// Per-split results as CSV (task, seed, contender, metrics). A run skips what the file already holds, so built-ins
/// are trained once while network variants come and go. Every save writes a temporary file and renames it.
/// </summary>
internal sealed class ResultsFile
{
    private const string Header = "task,seed,contender,macro_f1,min_recall,macro_auroc,log_loss,ece,fit_seconds";
    private readonly string? _path;
    private readonly Dictionary<(string Task, int Seed, string Contender), SplitMetrics> _results = new();

    public ResultsFile(string? path)
    {
        _path = path;
        if (path is null || !File.Exists(path)) return;
        foreach (string line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            _results[(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2])] = new SplitMetrics(D(3), D(4), D(5), D(6), D(7), D(8));
        }
    }

    public bool TryGet(string task, int seed, string contender, out SplitMetrics metrics) => _results.TryGetValue((task, seed, contender), out metrics!);

    public void Add(string task, int seed, string contender, SplitMetrics metrics)
    {
        _results[(task, seed, contender)] = metrics;
        if (_path is null) return;
        string temporary = _path + ".tmp";
        File.WriteAllLines(temporary, _results.OrderBy(r => r.Key.Task, StringComparer.Ordinal).ThenBy(r => r.Key.Seed).ThenBy(r => r.Key.Contender, StringComparer.Ordinal)
            .Select(r => string.Join(",", r.Key.Task, r.Key.Seed.ToString(CultureInfo.InvariantCulture), r.Key.Contender,
                string.Join(",", Enumerable.Range(0, SplitMetrics.Names.Length).Select(m => r.Value[m].ToString("R", CultureInfo.InvariantCulture)))))
            .Prepend(Header));
        File.Move(temporary, _path, overwrite: true);
    }

    /// <summary>The metrics of a contender on a task, one per seed in <paramref name="seeds"/> that has a result.</summary>
    public SplitMetrics[] Of(string task, string contender, IEnumerable<int> seeds) =>
        seeds.Where(s => _results.ContainsKey((task, s, contender))).Select(s => _results[(task, s, contender)]).ToArray();
}
