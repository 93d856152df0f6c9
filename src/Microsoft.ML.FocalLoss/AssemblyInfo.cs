using System.Runtime.CompilerServices;

// The tests compare the managed scoring path with TorchSharp's forward pass on the same weights.
[assembly: InternalsVisibleTo("Microsoft.ML.FocalLoss.Tests")]

// The benchmark measures a fit with the denormal flush on and off (DenormalFlush.Enabled).
[assembly: InternalsVisibleTo("DenormalSpeed")]

// The benchmark times the trainer's closed-form binary loss and gradient (FocalRowGradients) against the composed loss.
[assembly: InternalsVisibleTo("FocalLossSpeed")]
