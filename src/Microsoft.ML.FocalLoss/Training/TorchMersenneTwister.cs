using System;
using System.Numerics;
using TorchSharp;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The random stream of a libtorch CPU generator, drawn in managed code: MT19937 seeded as libtorch seeds it (the
/// seed's low 32 bits through the standard initialisation), and uniform floats as its <c>uniform_</c> kernel makes
/// them, one 32-bit draw per float, its low 24 bits times 2⁻²⁴, in memory order. <c>torch.rand</c> on a CPU
/// generator makes one draw per call of a generic kernel; this makes the same numbers a block of 624 at a time with
/// vector instructions, and a whole mask in a fifth of the time (benchmarks/FocalLossSpeed).
/// DropoutMasksAreTheNumbersLibtorchDraws holds the two to each other.
/// </summary>
internal sealed class TorchMersenneTwister
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, Upper = 0x80000000, Lower = 0x7fffffff;
    private readonly uint[] _state = new uint[N];
    private readonly uint[] _output = new uint[N];
    private int _next = N;

    /// <param name="seed">The seed a <c>torch.Generator</c> was made with.</param>
    public TorchMersenneTwister(ulong seed)
    {
        _state[0] = (uint)seed;
        for (int i = 1; i < N; i++) _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
    }

    /// <summary>The next 32-bit draw, as libtorch's <c>random()</c>.</summary>
    public uint Next()
    {
        if (_next == N) Refill();
        return _output[_next++];
    }

    /// <summary>A new float CPU tensor of <paramref name="shape"/> holding the next dropout mask (<see cref="FillDropoutMask"/>).</summary>
    public torch.Tensor DropoutMask(long[] shape, double dropout)
    {
        torch.Tensor mask = torch.empty(shape, torch.ScalarType.Float32);
        FillDropoutMask(HostView.WritableFloats(mask), dropout);
        return mask;
    }

    /// <summary>
    /// Writes the dropout mask for <paramref name="mask"/>.Length units: 1/(1 − p) where the uniform draw is at least
    /// <paramref name="dropout"/> (as <c>rand(...).ge_(p).div_(1 − p)</c> on float tensors), else 0.
    /// </summary>
    public void FillDropoutMask(Span<float> mask, double dropout)
    {
        // A draw's float is its low 24 bits k times 2⁻²⁴, exactly, so "u ≥ (float)p" is the integer test k ≥ ⌈p·2²⁴⌉
        // (p as a float, as libtorch compares), which vectorises without a conversion or a branch.
        uint least = (uint)Math.Ceiling((double)(float)dropout * (1 << 24));
        float keep = 1 / (float)(1 - dropout);
        var lowBits = new Vector<uint>(0xFFFFFF);
        var leastVector = new Vector<int>((int)least); // k < 2²⁴: a signed comparison is exact and one instruction
        var keepVector = new Vector<float>(keep);
        int width = Vector<uint>.Count;
        int i = 0;
        while (i < mask.Length)
        {
            if (_next == N) Refill();
            int count = Math.Min(N - _next, mask.Length - i);
            ReadOnlySpan<uint> draws = _output.AsSpan(_next, count);
            Span<float> block = mask.Slice(i, count);
            int k = 0;
            for (; k + width <= count; k += width)
            {
                Vector<int> kept = Vector.GreaterThanOrEqual((new Vector<uint>(draws[k..]) & lowBits).As<uint, int>(), leastVector);
                Vector.ConditionalSelect(kept.As<int, float>(), keepVector, Vector<float>.Zero).CopyTo(block[k..]);
            }
            for (; k < count; k++) block[k] = (draws[k] & 0xFFFFFF) >= least ? keep : 0f;
            _next += count;
            i += count;
        }
    }

    /// <summary>The next 624 draws: MT19937's twist of the whole state, then its tempering.</summary>
    private void Refill()
    {
        uint[] s = _state;
        int i = 0;
        int width = Vector<uint>.Count;
        // s[i] depends on s[i + 1] and s[i + M] as they were before this twist for i < N − M, and on s[i + M − N],
        // already twisted, after that: a block of up to N − M elements has no dependence inside it.
        for (; i + width <= N - M; i += width) Twist(s, i, i + M, width);
        for (; i < N - M; i++) s[i] = s[i + M] ^ Mix(s[i], s[i + 1]);
        for (; i + width <= N - 1; i += width) Twist(s, i, i + M - N, width);
        for (; i < N - 1; i++) s[i] = s[i + M - N] ^ Mix(s[i], s[i + 1]);
        s[N - 1] = s[M - 1] ^ Mix(s[N - 1], s[0]);

        // Tempering; N is a multiple of every vector width.
        var b = new Vector<uint>(0x9d2c5680);
        var c = new Vector<uint>(0xefc60000);
        for (int k = 0; k < N; k += width)
        {
            var y = new Vector<uint>(s, k);
            y ^= y >> 11;
            y ^= (y << 7) & b;
            y ^= (y << 15) & c;
            (y ^ (y >> 18)).CopyTo(_output, k);
        }
        _next = 0;
    }

    private static uint Mix(uint current, uint next)
    {
        uint y = (current & Upper) | (next & Lower);
        return (y >> 1) ^ ((y & 1) * MatrixA);
    }

    private static void Twist(uint[] s, int at, int far, int width)
    {
        var current = new Vector<uint>(s, at);
        var next = new Vector<uint>(s, at + 1);
        var y = (current & new Vector<uint>(Upper)) | (next & new Vector<uint>(Lower));
        var odd = (y & Vector<uint>.One) * MatrixA;
        (new Vector<uint>(s, far) ^ (y >> 1) ^ odd).CopyTo(s, at);
    }
}
