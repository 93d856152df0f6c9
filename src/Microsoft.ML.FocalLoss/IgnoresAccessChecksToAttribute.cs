using System;

// ML.NET keeps model saving and loading (ModelSaveContext, ModelLoadContext, LoadableClassAttribute) internal.
// The runtime honours this attribute and lets this assembly use those internals; build/MlNetInternals.targets
// gives the compiler public-ized copies of the same assemblies.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]
// One-versus-all keeps its binary sub-models internal; the ONNX export of a stacking partner reads them.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.StandardTrainers")]

namespace System.Runtime.CompilerServices
{
    /// <summary>Declared here because the runtime recognises it by name but the BCL does not ship it.</summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        /// <summary>Lets this assembly use the internals of <paramref name="assemblyName"/>.</summary>
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        /// <summary>The simple name of the assembly whose internals are used.</summary>
        public string AssemblyName { get; }
    }
}
