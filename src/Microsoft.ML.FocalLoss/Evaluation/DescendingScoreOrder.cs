using System;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// Sorts row indices by score, highest first. Single-precision scores take an O(n) LSD radix sort on the score's
/// order-preserving 32-bit image, carried in the high half of a 64-bit word whose low half is the row index.
/// Double-precision scores sort their 64-bit images beside the row indices.
/// </summary>
internal static class DescendingScoreOrder
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    /// <summary>
    /// The sorted words: <c>word &gt;&gt; 32</c> is a key that is equal exactly when scores are equal, and
    /// <c>(int)word</c> is the row. NaN scores must be removed by the caller.
    /// </summary>
    public static ulong[] Sort(ReadOnlySpan<float> scores)
    {
        var words = new ulong[scores.Length];
        for (int i = 0; i < scores.Length; i++)
            words[i] = ((ulong)DescendingKey(scores[i]) << 32) | (uint)i;
        var buffer = new ulong[words.Length];
        var counts = new int[Buckets];
        for (int shift = 32; shift < 64; shift += DigitBits)
        {
            Array.Clear(counts);
            foreach (ulong w in words) counts[(int)(w >> shift) & (Buckets - 1)]++;
            int total = 0;
            for (int b = 0; b < Buckets; b++) (counts[b], total) = (total, total + counts[b]);
            foreach (ulong w in words) buffer[counts[(int)(w >> shift) & (Buckets - 1)]++] = w;
            (words, buffer) = (buffer, words);
        }
        return words;
    }

    /// <summary>
    /// The rows in descending score order, with keys that are equal exactly when scores are equal. Every distinct
    /// double keeps its own key: nearly tied doubles are not merged as a cast to float would merge them.
    /// </summary>
    public static (ulong[] Keys, int[] Rows) Sort(ReadOnlySpan<double> scores)
    {
        var keys = new ulong[scores.Length];
        var rows = new int[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            keys[i] = DescendingKey(scores[i]);
            rows[i] = i;
        }
        Array.Sort(keys, rows);
        return (keys, rows);
    }

    /// <summary>A key whose unsigned order is the descending order of the scores; -0 and +0 share a key.</summary>
    private static ulong DescendingKey(double score)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(score == 0 ? 0d : score);
        ulong ascending = (bits & 0x8000_0000_0000_0000) != 0 ? ~bits : bits | 0x8000_0000_0000_0000;
        return ~ascending;
    }

    /// <summary>A key whose unsigned order is the descending order of the scores; -0 and +0 share a key.</summary>
    private static uint DescendingKey(float score)
    {
        uint bits = BitConverter.SingleToUInt32Bits(score == 0 ? 0f : score);
        uint ascending = (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
        return ~ascending;
    }
}
