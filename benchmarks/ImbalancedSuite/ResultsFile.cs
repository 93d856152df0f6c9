using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ImbalancedSuite;

/// <summary>
/// Per-split results as CSV (task, seed, contender, metrics). A run skips what the file already holds, so built-ins
/// are trained once while network variants come and go. Every save writes a temporary file and renames it. Other
/// results files can be read alongside (<see cref="Merge"/>), for a report that pools seed sets run apart; their rows
/// are never written back.
/// </summary>
internal sealed class ResultsFile
{
    private const string Header = "task,seed,contender,macro_f1,min_recall,macro_auroc,log_loss,ece,fit_seconds";
    private readonly string? _path;
    private readonly Dictionary<(string Task, int Seed, string Contender), SplitMetrics> _results = new();
    private readonly Dictionary<(string Task, int Seed, string Contender), SplitMetrics> _merged = new();

    public ResultsFile(string? path)
    {
        _path = path;
        if (path is not null && File.Exists(path)) Read(path, _results);
    }

    /// <summary>
    /// Reads another results file's rows for reports; a row this file holds too is an error, not a silent choice.
    /// With <paramref name="focalAs"/>, only that file's focal rows are read, under that name: a scratch build's
    /// defaults, run in a process of their own, beside this file's.
    /// </summary>
    public void Merge(string path, string? focalAs = null)
    {
        var rows = new Dictionary<(string Task, int Seed, string Contender), SplitMetrics>();
        Read(path, rows);
        foreach (var row in rows)
        {
            if (focalAs is not null && row.Key.Contender != Contender.Focal) continue;
            (string Task, int Seed, string Contender) key = focalAs is null ? row.Key : (row.Key.Task, row.Key.Seed, focalAs);
            if (_results.ContainsKey(key) || !_merged.TryAdd(key, row.Value))
                throw new InvalidOperationException($"{path}: {key.Task}, seed {key.Seed}, {key.Contender} is in another results file too.");
        }
    }

    public bool TryGet(string task, int seed, string contender, out SplitMetrics metrics) =>
        _results.TryGetValue((task, seed, contender), out metrics!) || _merged.TryGetValue((task, seed, contender), out metrics!);

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
        seeds.Select(s => TryGet(task, s, contender, out SplitMetrics m) ? m : null).OfType<SplitMetrics>().ToArray();

    private static void Read(string path, Dictionary<(string Task, int Seed, string Contender), SplitMetrics> into)
    {
        foreach (string line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            into[(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2])] = new SplitMetrics(D(3), D(4), D(5), D(6), D(7), D(8));
        }
    }
}
