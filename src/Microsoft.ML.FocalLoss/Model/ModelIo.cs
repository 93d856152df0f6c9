using System.IO;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>The checked reads and writes every part of the model's binary format uses.</summary>
internal static class ModelIo
{
    /// <summary>The largest count any part of a model may declare; a larger one means a corrupt file, not a big model.</summary>
    public const int MaxCount = 1 << 24;

    public static int Positive(int value, string what) =>
        value is > 0 and <= MaxCount ? value : throw new InvalidDataException($"The model's {what} ({value}) is invalid.");

    public static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (float v in values) writer.Write(v);
    }

    /// <summary>Reads <paramref name="count"/> floats, failing on a short stream before allocating more than it holds.</summary>
    public static float[] ReadFloats(BinaryReader reader, int count)
    {
        if (reader.BaseStream.CanSeek && reader.BaseStream.Length - reader.BaseStream.Position < (long)count * sizeof(float))
            throw new EndOfStreamException();
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
