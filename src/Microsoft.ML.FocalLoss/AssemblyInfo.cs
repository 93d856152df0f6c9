using System.Runtime.CompilerServices;

// The tests compare the managed scoring path with TorchSharp's forward pass on the same weights.
[assembly: InternalsVisibleTo("Microsoft.ML.FocalLoss.Tests")]

// The benchmark measures a fit with the denormal flush on and off (DenormalFlush.Enabled).
[assembly: InternalsVisibleTo("DenormalSpeed")]

// The benchmark times default fits against fits whose held-out pass runs as one call (ValidationBlockRows).
[assembly: InternalsVisibleTo("FitTime")]

// The benchmark times the trainer's managed binary loss (MemberLoss) and AdamW step (FlatOptimizer) against tensor ops.
[assembly: InternalsVisibleTo("FocalLossSpeed")]

// The command line splits and filters rows with the library's stratification and row masks (Evaluation/).
[assembly: InternalsVisibleTo("focalml")]

// The quality suite splits its tables with the same stratification.
[assembly: InternalsVisibleTo("ImbalancedSuite")]
