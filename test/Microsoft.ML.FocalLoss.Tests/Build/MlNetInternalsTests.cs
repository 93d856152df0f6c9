using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Build;

/// <summary>
/// The library compiles against public-ized ML.NET assemblies (build/MlNetInternals), so a member ML.NET renames or
/// removes would only show as a MissingMethodException in a user's run. These tests read every ML.NET type and
/// member the built library references from its metadata, resolve each in the ML.NET assemblies this process runs on,
/// and keep the non-public ones in one reviewed list, build/MlNetInternals/UsedInternals.txt.
/// </summary>
[TestClass]
public sealed class MlNetInternalsTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [TestMethod]
    public void EveryMlNetMemberTheLibraryReferencesExistsInTheMlNetItRunsOn()
    {
        List<Reference> references = References();
        Assert.IsTrue(references.Count(r => r.Resolved is not null) > 100, "the metadata reader found too few ML.NET references to be reading the library");
        var missing = references.Where(r => r.Resolved is null).Select(r => r.Name).ToArray();
        Assert.IsEmpty(missing, $"ML.NET {MlNetVersion} lacks members the library uses:\n{string.Join("\n", missing)}");
    }

    [TestMethod]
    public void TheInternalMembersTheLibraryUsesAreTheReviewedList()
    {
        string[] used = References().Where(r => r.Resolved is not null && !r.IsPublic).Select(r => r.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.IsNotEmpty(used, "the library reads ML.NET internals (model save/load), so the list cannot be empty");
        string listFile = Path.Combine(BuildInfo.RepoRoot, "build", "MlNetInternals", "UsedInternals.txt");
        string[] listed = File.ReadAllLines(listFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string[] added = used.Except(listed).ToArray(), gone = listed.Except(used).ToArray();
        Assert.IsTrue(added.Length == 0 && gone.Length == 0,
            $"The library's use of ML.NET internals changed; review it and update {listFile}.\nNew:\n{string.Join("\n", added)}\nNo longer used:\n{string.Join("\n", gone)}");
    }

    private static string MlNetVersion => typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    private sealed record Reference(string Name, MemberInfo? Resolved, bool IsPublic);

    /// <summary>Every type and member reference of the library into an assembly named Microsoft.ML*, resolved by reflection.</summary>
    private static List<Reference> References()
    {
        string library = typeof(Microsoft.ML.FocalLoss.Training.FocalLossTrainer).Assembly.Location;
        using var stream = File.OpenRead(library);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var found = new List<Reference>();
        foreach (TypeReferenceHandle handle in md.TypeReferences)
        {
            if (ResolveType(md, handle) is not { } reference) continue;
            (string name, Type? type) = reference;
            found.Add(new Reference(name, type, type is null || type.IsVisible));
        }
        foreach (MemberReferenceHandle handle in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(handle);
            if (ParentType(md, member.Parent) is not { } parent) continue;
            (string typeName, Type? type) = parent;
            string memberName = md.GetString(member.Name);
            BlobReader signature = md.GetBlobReader(member.Signature);
            SignatureHeader header = signature.ReadSignatureHeader();
            MemberInfo? resolved = null;
            string name;
            if (header.Kind == SignatureKind.Field)
            {
                name = $"{typeName}.{memberName}";
                resolved = type is null ? null : Hierarchy(type).Select(t => (MemberInfo?)t.GetField(memberName, Everything)).FirstOrDefault(f => f is not null);
            }
            else
            {
                int generic = header.IsGeneric ? signature.ReadCompressedInteger() : 0;
                int parameters = signature.ReadCompressedInteger();
                name = $"{typeName}.{memberName}({parameters} parameters{(generic > 0 ? $", {generic} type parameters" : "")})";
                resolved = type is null ? null : Hierarchy(type)
                    .SelectMany(t => memberName == ".ctor" ? t.GetConstructors(Everything).Cast<MethodBase>() : t.GetMethods(Everything).Where(m => m.Name == memberName))
                    .FirstOrDefault(m => m.GetParameters().Length == parameters && (m.IsGenericMethodDefinition ? m.GetGenericArguments().Length : 0) == generic);
            }
            bool isPublic = resolved switch
            {
                MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && type!.IsVisible,
                FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && type!.IsVisible,
                _ => true,
            };
            found.Add(new Reference(name, resolved, isPublic));
        }
        return found;
    }

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (Type? t = type.IsGenericType ? type.GetGenericTypeDefinition() : type; t is not null; t = t.BaseType)
            yield return t.IsGenericType ? t.GetGenericTypeDefinition() : t;
    }

    /// <summary>The type a member reference's parent names, if it lives in ML.NET: a type reference or a generic instantiation of one.</summary>
    private static (string, Type?)? ParentType(MetadataReader md, EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeReference) return ResolveType(md, (TypeReferenceHandle)parent);
        if (parent.Kind != HandleKind.TypeSpecification) return null;
        BlobReader blob = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadSignatureTypeCode();  // class or value type
        EntityHandle generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeReference ? ResolveType(md, (TypeReferenceHandle)generic) : null;
    }

    /// <summary>The reflection name of a type reference into an ML.NET assembly, and the type it resolves to (null if absent).</summary>
    private static (string, Type?)? ResolveType(MetadataReader md, TypeReferenceHandle handle)
    {
        TypeReference reference = md.GetTypeReference(handle);
        string name = md.GetString(reference.Name);
        string space = md.GetString(reference.Namespace);
        EntityHandle scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            if (ResolveType(md, (TypeReferenceHandle)scope) is not { } enclosing) return null;
            (string outerName, Type? outer) = enclosing;
            return ($"{outerName}+{name}", outer?.GetNestedType(name, BindingFlags.Public | BindingFlags.NonPublic));
        }
        if (scope.Kind != HandleKind.AssemblyReference) return null;
        string assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
        if (!assembly.StartsWith("Microsoft.ML", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.ML.FocalLoss", StringComparison.Ordinal)) return null;
        string full = space.Length == 0 ? name : $"{space}.{name}";
        Type? type;
        try { type = Assembly.Load(new AssemblyName(assembly)).GetType(full, throwOnError: false); }
        catch (FileNotFoundException) { type = null; }
        return ($"[{assembly}] {full}", type);
    }
}
