using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>Checks an output path before any long work, so a bad path never costs a finished model.</summary>
internal static class OutputPaths
{
    /// <summary>A file to be written: not a folder, in a folder that exists and takes new files.</summary>
    public static string CheckFile(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new CliException($"{option} {path} is a folder; give a file name.");
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new CliException($"{option} {path}: the folder {folder} does not exist.");
        CheckWritable(folder, option, path);
        return full;
    }

    /// <summary>
    /// Refuses an output file that is one of the command's inputs (by full path, through symbolic links): writing it
    /// would replace the data or model the command reads.
    /// </summary>
    public static void CheckNotInput(string output, string option, params (string Option, string? Path)[] inputs)
    {
        if (InputAt(output, inputs) is string input)
            throw new CliException($"{option} {output} is the {input} file; writing there would replace it. Give another name.");
    }

    /// <summary>Refuses a report folder that holds an input under a name the report writes.</summary>
    public static void CheckReportKeepsInputs(string folder, IEnumerable<string> reportFiles, params (string Option, string? Path)[] inputs)
    {
        foreach (string file in reportFiles)
        {
            if (InputAt(Path.Combine(folder, file), inputs) is string input)
                throw new CliException($"--report {folder} would write {file} over the {input} file; give another folder.");
        }
    }

    /// <summary>The option of the input that <paramref name="output"/> would replace, or null.</summary>
    private static string? InputAt(string output, (string Option, string? Path)[] inputs) =>
        inputs.FirstOrDefault(i => i.Path is not null && SameFile(output, i.Path)).Option;

    private static bool SameFile(string a, string b)
    {
        static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
            try
            {
                return File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
            }
            catch (IOException)
            {
                return full; // a broken link: compare the names
            }
        }
        // Windows and macOS file systems ignore case by default; Linux's do not.
        StringComparison comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return string.Equals(Resolve(a), Resolve(b), comparison);
    }

    /// <summary>A folder to write into: created if need be, and checked to take new files.</summary>
    public static string CheckFolder(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new CliException($"{option} {path} is a file; give a folder.");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path}: the folder cannot be created ({e.Message}).", e);
        }
        CheckWritable(full, option, path);
        return full;
    }

    /// <summary>Writes through a temporary file in the same folder, then renames it over the target in one step.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void CheckWritable(string folder, string option, string path)
    {
        string probe = Path.Combine(folder, $".focalml-write-check-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, Array.Empty<byte>());
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path}: cannot write in {folder} ({e.Message}).", e);
        }
    }
}
