using System;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A problem with the user's input: printed as one line, exit code 1, no stack trace unless --verbose.</summary>
internal sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);
