using TorchSharp;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// Scalars that hot paths pass to TorchSharp, held in fields. A TorchSharp <see cref="Scalar"/> made by implicit
/// conversion is unreachable once its handle has been read, so a garbage collection during the native call can run
/// its finalizer, which frees the native scalar while the call still reads it ("Unknown scalar type", or worse).
/// Constants live here for the whole process; per-call values are made with <c>using</c>, which keeps them alive.
/// TorchSharp makes such a Scalar itself in its one-argument <c>add</c>/<c>add_</c> and two-argument <c>addcdiv</c>
/// overloads (an alpha of 1), so the library always passes alpha: <c>x.add_(y, KeptScalars.One)</c>.
/// TorchSharpCallTests reads the built library's metadata for calls that would make one.
/// </summary>
internal static class KeptScalars
{
    public static readonly Scalar Zero = 0.0.ToScalar();

    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar MinusOne = (-1.0).ToScalar();

    /// <summary>A floor for sums that divide: far below any real weight, above 0.</summary>
    public static readonly Scalar Epsilon = 1e-12.ToScalar();

    /// <summary>The smallest normal float, and double.</summary>
    public static readonly Scalar TinyFloat = 1.1754943508222875e-38.ToScalar();

    public static readonly Scalar TinyDouble = 2.2250738585072014e-308.ToScalar();
}
