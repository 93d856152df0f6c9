// focalml: train, compare, evaluate and apply focal loss models on imbalanced CSV data.
using System;
using Microsoft.ML.FocalLoss.Cli;

// A progress bar redrawn in place only on a terminal; plain lines when the output goes to a file or a pipe.
return FocalMlCommand.Run(args, Console.Out, Console.Error, live: !Console.IsOutputRedirected);
