using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// A TorchSharp Scalar made on the fly is unreachable once its handle has been read, so a garbage collection during
/// the native call can finalize it and free the native scalar the call still reads. TorchSharp makes one itself in
/// its one-argument add and two-argument addcdiv overloads (an implicit alpha of 1) and in every implicit conversion.
/// A fit makes tens of thousands of such calls; one suite run failed with "Expected false to be true" from
/// c10::Scalar::toFloat inside add_. The library therefore passes held Scalars (KeptScalars, or <c>using</c>) to
/// every call, and these tests read its metadata, and the tests', to keep it that way.
/// </summary>
[TestClass]
public sealed class TorchSharpCallTests
{
    [TestMethod]
    public void TheLibraryCallsNoTorchSharpOverloadThatMakesAScalarItDoesNotHold()
    {
        List<(string Name, int Parameters)> calls = TorchSharpCalls(typeof(Microsoft.ML.FocalLoss.Training.FocalLossTrainer).Assembly);
        Assert.IsTrue(calls.Count > 30, $"the metadata reader found only {calls.Count} TorchSharp member references");
        Assert.IsTrue(calls.Contains(("torch+Tensor.add_", 2)), "the library adds tensors with an explicit alpha, so the reader must see that call");
        string[] unsafeCalls = Unsafe(calls);
        Assert.IsEmpty(unsafeCalls, "calls that make a TorchSharp Scalar nobody holds:\n" + string.Join("\n", unsafeCalls));
    }

    /// <summary>The tests' own reference formulas run torch in the same process as CI's fits, so they hold their Scalars too.</summary>
    [TestMethod]
    public void TheTestsCallNoTorchSharpOverloadThatMakesAScalarTheyDoNotHold()
    {
        List<(string Name, int Parameters)> calls = TorchSharpCalls(typeof(TorchSharpCallTests).Assembly);
        Assert.IsTrue(calls.Count > 30, $"the metadata reader found only {calls.Count} TorchSharp member references");
        string[] unsafeCalls = Unsafe(calls);
        Assert.IsEmpty(unsafeCalls, "calls that make a TorchSharp Scalar nobody holds:\n" + string.Join("\n", unsafeCalls));
    }

    private static string[] Unsafe(List<(string Name, int Parameters)> calls) => calls.Where(c =>
            c.Name == "Scalar.op_Implicit"
            || (c.Name is "torch+Tensor.add" or "torch+Tensor.add_" && c.Parameters == 1)
            || (c.Name is "torch+Tensor.addcdiv" or "torch+Tensor.addcdiv_" && c.Parameters == 2)
            || (c.Name.StartsWith("torch+Tensor.op_", StringComparison.Ordinal) && c.Name != "torch+Tensor.op_Implicit"))
        .Select(c => $"{c.Name} ({c.Parameters} parameters)").Distinct().ToArray();

    /// <summary>Every method of a TorchSharp type that <paramref name="assembly"/> references, with its parameter count.</summary>
    private static List<(string Name, int Parameters)> TorchSharpCalls(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var calls = new List<(string, int)>();
        foreach (MemberReferenceHandle handle in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || TorchSharpType(md, (TypeReferenceHandle)member.Parent) is not string type) continue;
            BlobReader signature = md.GetBlobReader(member.Signature);
            SignatureHeader header = signature.ReadSignatureHeader();
            if (header.Kind != SignatureKind.Method) continue;
            if (header.IsGeneric) signature.ReadCompressedInteger();
            calls.Add(($"{type}.{md.GetString(member.Name)}", signature.ReadCompressedInteger()));
        }
        return calls;
    }

    /// <summary>The name of a type in the TorchSharp assembly without its namespace (nested types as outer+inner), else null.</summary>
    private static string? TorchSharpType(MetadataReader md, TypeReferenceHandle handle)
    {
        TypeReference reference = md.GetTypeReference(handle);
        string name = md.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            return TorchSharpType(md, (TypeReferenceHandle)reference.ResolutionScope) is string outer ? $"{outer}+{name}" : null;
        if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference) return null;
        string assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name);
        return assembly == "TorchSharp" ? name : null;
    }
}
