using Microsoft.VisualStudio.TestTools.UnitTesting;

// TorchSharp's thread settings and the native library are process-wide; tests run one at a time.
[assembly: DoNotParallelize]
