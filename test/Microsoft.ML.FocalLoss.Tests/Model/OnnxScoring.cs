using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.FocalLoss.Tests.Model;

/// <summary>Converts an ML.NET model with <c>ConvertToOnnx</c> and scores a data view with ONNX Runtime.</summary>
internal static class OnnxScoring
{
    public static byte[] Convert(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    /// <summary>Feeds every input of the graph from the column of the same name; returns each output, flattened.</summary>
    public static Dictionary<string, Array> Run(byte[] onnx, IDataView data)
    {
        using var session = new InferenceSession(onnx);
        var inputs = new List<NamedOnnxValue>();
        foreach ((string name, NodeMetadata metadata) in session.InputMetadata)
        {
            DataViewSchema.Column column = data.Schema[name];
            int width = column.Type is VectorDataViewType vector ? vector.Size : 1;
            Array values = metadata.ElementType switch
            {
                Type t when t == typeof(float) && width > 1 => data.GetColumn<float[]>(name).SelectMany(v => v).ToArray(),
                Type t when t == typeof(float) => data.GetColumn<float>(name).ToArray(),
                Type t when t == typeof(bool) => data.GetColumn<bool>(name).ToArray(),
                Type t when t == typeof(string) => data.GetColumn<string>(name).ToArray(),
                Type t when t == typeof(uint) => data.GetColumn<uint>(name).ToArray(),
                _ => throw new NotSupportedException($"input {name} of {metadata.ElementType}"),
            };
            int[] dims = { values.Length / width, width };
            inputs.Add(values switch
            {
                float[] f => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(f, dims)),
                bool[] b => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(b, dims)),
                string[] s => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(s, dims)),
                uint[] u => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<uint>(u, dims)),
                _ => throw new NotSupportedException(name),
            });
        }
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs);
        return results.ToDictionary(r => r.Name, r => r.Value switch
        {
            Tensor<float> t => (Array)t.ToArray(),
            Tensor<bool> t => t.ToArray(),
            Tensor<uint> t => t.ToArray(),
            Tensor<long> t => t.ToArray(),
            Tensor<string> t => t.ToArray(),
            _ => throw new NotSupportedException($"output {r.Name}"),
        });
    }
}
