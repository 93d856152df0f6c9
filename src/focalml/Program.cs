// focalml: train, compare, evaluate and apply focal loss models on imbalanced CSV data.
using System;
using Microsoft.ML.FocalLoss.Cli;

// Threads that ML.NET or TorchSharp start format numbers as the command's own thread does (FocalMlCommand.Run).
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;

// A progress bar redrawn in place only on a terminal; plain lines when the output goes to a file or a pipe.
return FocalMlCommand.Run(args, Console.Out, Console.Error, live: !Console.IsOutputRedirected);
