// Usage: MlNetInternals <output folder> <assembly.dll>...
// Writes each assembly to the output folder with all types, methods and fields public. The copies are for the
// compiler only: at run time the real ML.NET assemblies load, and [IgnoresAccessChecksTo] lets our code reach
// their internals. The assembly identity (name, version, public key) is kept so references bind to the real ones.
using System;
using System.IO;
using System.Linq;
using Mono.Cecil;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MlNetInternals <output folder> <assembly.dll>...");
    return 2;
}

string output = args[0];
Directory.CreateDirectory(output);
var resolver = new DefaultAssemblyResolver();
foreach (string? folder in args.Skip(1).Select(Path.GetDirectoryName).Distinct())
    resolver.AddSearchDirectory(folder!);

foreach (string input in args.Skip(1))
{
    using var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });
    foreach (TypeDefinition type in assembly.MainModule.GetTypes())
        Publicize(type);
    string target = Path.Combine(output, Path.GetFileName(input));
    assembly.Write(target);
    Console.WriteLine($"MlNetInternals: {input} -> {target}");
}
return 0;

static void Publicize(TypeDefinition type)
{
    type.Attributes = type.IsNested
        ? (type.Attributes & ~TypeAttributes.VisibilityMask) | TypeAttributes.NestedPublic
        : (type.Attributes & ~TypeAttributes.VisibilityMask) | TypeAttributes.Public;
    foreach (MethodDefinition method in type.Methods)
        method.Attributes = (method.Attributes & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Public;
    foreach (FieldDefinition field in type.Fields)
    {
        // Compiler-generated backing fields would clash with their properties' names in C#.
        if (field.Name.Contains('<')) continue;
        field.Attributes = (field.Attributes & ~FieldAttributes.FieldAccessMask) | FieldAttributes.Public;
    }
}
