using System;
using System.IO;

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
