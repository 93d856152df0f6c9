// Compiled twice: by MSBuild's RoslynCodeTaskFactory at build time (netstandard, C# 7.3, so no newer syntax here)
// and into the test project, which checks the patch byte by byte.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Microsoft.ML.FocalLoss.Build
{
    /// <summary>
    /// MSBuild task: makes libLibTorchSharp.so load on a libstdc++ older than GCC 13's (Debian 12, Ubuntu 22.04).
    /// TorchSharp's build needs GLIBCXX_3.4.32 only for <c>_ZSt21ios_base_library_initv</c>, a link-time anchor that
    /// GCC 13's &lt;iostream&gt; emits and never calls, so a weak need and a weak symbol are safe.
    /// </summary>
    public sealed class WeakenGlibcxxRequirement : Task
    {
        /// <summary>The copies of libLibTorchSharp.so in the build or publish output.</summary>
        [Required]
        public ITaskItem[] Files { get; set; }

        /// <summary><c>auto</c>: patch only when the system libstdc++ lacks the version; <c>always</c>: patch anyway.</summary>
        public string Mode { get; set; }

        /// <summary>The libstdc++ to probe; empty means the usual system library folders.</summary>
        public string SystemLibStdCxx { get; set; }

        internal const string VersionName = "GLIBCXX_3.4.32";
        internal static readonly string[] AnchorSymbols = { "_ZSt21ios_base_library_initv" };
        static readonly string[] LibraryFolders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };

        /// <summary>Runs the step; an unexpected file layout is a warning, not a failed build.</summary>
        public override bool Execute()
        {
            if (Files == null || Files.Length == 0) return true;
            if (!string.Equals(Mode, "always", StringComparison.OrdinalIgnoreCase))
            {
                string libstdcxx = LocateSystemLibStdCxx(SystemLibStdCxx);
                if (libstdcxx != null && ElfVersionNeeds.DefinesVersion(libstdcxx, VersionName))
                {
                    Log.LogMessage(MessageImportance.Low, "FocalML: {0} provides {1}; libLibTorchSharp.so left as shipped.", libstdcxx, VersionName);
                    return true;
                }
            }
            foreach (ITaskItem file in Files)
            {
                string path = file.GetMetadata("FullPath");
                string detail;
                WeakenOutcome outcome = ElfVersionNeeds.Weaken(path, VersionName, AnchorSymbols, out detail);
                if (outcome == WeakenOutcome.Refused || outcome == WeakenOutcome.NotElf64)
                    Log.LogWarning("FocalML: {0} was not patched ({1}). TorchSharp may fail to load on a libstdc++ without {2}.", path, detail, VersionName);
                else
                    Log.LogMessage(outcome == WeakenOutcome.Patched ? MessageImportance.Normal : MessageImportance.Low,
                        "FocalML: {0}: {1} ({2}).", path, outcome, detail);
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary>The libstdc++.so.6 the loader would most likely pick: LD_LIBRARY_PATH first, then the system folders.</summary>
        internal static string LocateSystemLibStdCxx(string explicitPath)
        {
            if (!string.IsNullOrEmpty(explicitPath)) return File.Exists(explicitPath) ? explicitPath : null;
            var folders = new List<string>();
            string ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldPath)) folders.AddRange(ldPath.Split(':'));
            folders.AddRange(LibraryFolders);
            foreach (string folder in folders)
            {
                if (folder.Length == 0) continue;
                string candidate = Path.Combine(folder, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    /// <summary>What <see cref="ElfVersionNeeds.Weaken"/> did to a file.</summary>
    public enum WeakenOutcome
    {
        /// <summary>The version need and its symbols were made weak; the file was replaced.</summary>
        Patched,
        /// <summary>The file was already patched; it was not touched.</summary>
        AlreadyWeak,
        /// <summary>The file does not need that symbol version; it was not touched.</summary>
        VersionNotNeeded,
        /// <summary>Symbols other than the allowed ones use the version, so weakening it would hide a real dependency.</summary>
        Refused,
        /// <summary>The file is not a little-endian ELF64 shared object.</summary>
        NotElf64,
    }

    /// <summary>
    /// Reads and edits the symbol-version tables of an ELF64 little-endian shared object
    /// (the layout of every Linux x64 and arm64 build of libLibTorchSharp.so).
    /// </summary>
    public static class ElfVersionNeeds
    {
        const uint ShtDynsym = 11;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const ushort VerFlgWeak = 0x2;
        const byte StbWeak = 2;
        const int SymSize = 24;

        /// <summary>
        /// Marks the need for <paramref name="versionName"/> weak, and binds the symbols that use it weakly, so the
        /// dynamic loader accepts a libstdc++ without that version. Refuses when a symbol outside
        /// <paramref name="allowedSymbols"/> uses the version. The file is replaced, never edited in place, so a hard
        /// link into the NuGet cache keeps the original bytes.
        /// </summary>
        public static WeakenOutcome Weaken(string path, string versionName, ICollection<string> allowedSymbols, out string detail)
        {
            byte[] image = File.ReadAllBytes(path);
            Elf elf;
            if (!Elf.TryParse(image, out elf)) { detail = "not an ELF64 little-endian file"; return WeakenOutcome.NotElf64; }

            int flagsOffset;
            ushort versionIndex;
            if (!elf.FindVersionNeed(versionName, out flagsOffset, out versionIndex)) { detail = versionName + " is not required"; return WeakenOutcome.VersionNotNeeded; }

            var symbolOffsets = new List<int>();
            var foreign = new List<string>();
            foreach (var sym in elf.SymbolsWithVersion(versionIndex))
            {
                if (allowedSymbols.Contains(sym.Name) && sym.IsUndefined) symbolOffsets.Add(sym.InfoOffset);
                else foreign.Add(sym.Name);
            }
            if (foreign.Count > 0)
            {
                detail = versionName + " is also used by " + string.Join(", ", foreign) + "; weakening it would hide a real dependency";
                return WeakenOutcome.Refused;
            }

            bool changed = false;
            ushort flags = BitConverter.ToUInt16(image, flagsOffset);
            if ((flags & VerFlgWeak) == 0) { WriteUInt16(image, flagsOffset, (ushort)(flags | VerFlgWeak)); changed = true; }
            foreach (int infoOffset in symbolOffsets)
            {
                byte info = image[infoOffset];
                if (info >> 4 != StbWeak) { image[infoOffset] = (byte)((StbWeak << 4) | (info & 0xf)); changed = true; }
            }
            detail = symbolOffsets.Count + " symbol(s) use " + versionName;
            if (!changed) return WeakenOutcome.AlreadyWeak;

            ReplaceFile(path, image);
            return WeakenOutcome.Patched;
        }

        /// <summary>True when the file needs <paramref name="versionName"/> and that need is flagged weak.</summary>
        public static bool IsVersionNeedWeak(string path, string versionName)
        {
            Elf elf;
            int flagsOffset;
            ushort versionIndex;
            if (!Elf.TryParse(File.ReadAllBytes(path), out elf)) throw new InvalidDataException(path + " is not an ELF64 little-endian file.");
            if (!elf.FindVersionNeed(versionName, out flagsOffset, out versionIndex)) throw new InvalidDataException(path + " does not need " + versionName + ".");
            return (BitConverter.ToUInt16(elf.Image, flagsOffset) & VerFlgWeak) != 0;
        }

        /// <summary>True when a library (e.g. the system libstdc++.so.6) defines the symbol version <paramref name="versionName"/>.</summary>
        public static bool DefinesVersion(string path, string versionName)
        {
            Elf elf;
            if (!Elf.TryParse(File.ReadAllBytes(path), out elf)) return false;
            return elf.DefinedVersions().Contains(versionName);
        }

        static void ReplaceFile(string path, byte[] image)
        {
            // Write beside, then rename over: the target may be a hard link to the NuGet cache, whose bytes must stay.
            DateTime stamp = File.GetLastWriteTimeUtc(path);
            string temp = path + ".focalml-" + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, image);
            // Keeping the timestamp lets MSBuild's incremental copy see the file as current and not copy the original back.
            File.SetLastWriteTimeUtc(temp, stamp);
            File.Delete(path);
            File.Move(temp, path);
        }

        static void WriteUInt16(byte[] image, int offset, ushort value)
        {
            image[offset] = (byte)value;
            image[offset + 1] = (byte)(value >> 8);
        }

        struct Symbol
        {
            public string Name;
            public int InfoOffset;
            public bool IsUndefined;
        }

        sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
        }

        sealed class Elf
        {
            public byte[] Image;
            List<Section> sections;

            public static bool TryParse(byte[] image, out Elf elf)
            {
                elf = null;
                if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F') return false;
                if (image[4] != 2 || image[5] != 1) return false; // ELFCLASS64, ELFDATA2LSB
                long shoff = BitConverter.ToInt64(image, 0x28);
                int shentsize = BitConverter.ToUInt16(image, 0x3A);
                int shnum = BitConverter.ToUInt16(image, 0x3C);
                if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > image.Length) return false;
                var sections = new List<Section>(shnum);
                for (int i = 0; i < shnum; i++)
                {
                    int h = checked((int)(shoff + (long)i * shentsize));
                    var s = new Section
                    {
                        Type = BitConverter.ToUInt32(image, h + 4),
                        Offset = BitConverter.ToInt64(image, h + 0x18),
                        Size = BitConverter.ToInt64(image, h + 0x20),
                        Link = BitConverter.ToUInt32(image, h + 0x28),
                        Info = BitConverter.ToUInt32(image, h + 0x2C),
                    };
                    if (s.Type != 8 /* SHT_NOBITS */ && s.Offset + s.Size > image.Length) return false;
                    sections.Add(s);
                }
                elf = new Elf { Image = image, sections = sections };
                return true;
            }

            Section OfType(uint type)
            {
                foreach (var s in sections) if (s.Type == type) return s;
                return null;
            }

            string StringAt(Section strtab, uint offset)
            {
                int start = checked((int)(strtab.Offset + offset));
                int end = start;
                while (end < Image.Length && Image[end] != 0) end++;
                return Encoding.ASCII.GetString(Image, start, end - start);
            }

            public bool FindVersionNeed(string versionName, out int flagsOffset, out ushort versionIndex)
            {
                flagsOffset = 0;
                versionIndex = 0;
                Section verneed = OfType(ShtGnuVerneed);
                if (verneed == null) return false;
                Section strtab = sections[(int)verneed.Link];
                int entry = (int)verneed.Offset;
                for (uint i = 0; i < verneed.Info; i++)
                {
                    int count = BitConverter.ToUInt16(Image, entry + 2);
                    int aux = entry + (int)BitConverter.ToUInt32(Image, entry + 8);
                    for (int j = 0; j < count; j++)
                    {
                        if (StringAt(strtab, BitConverter.ToUInt32(Image, aux + 8)) == versionName)
                        {
                            flagsOffset = aux + 4;
                            versionIndex = BitConverter.ToUInt16(Image, aux + 6);
                            return true;
                        }
                        aux += (int)BitConverter.ToUInt32(Image, aux + 12);
                    }
                    entry += (int)BitConverter.ToUInt32(Image, entry + 12);
                }
                return false;
            }

            public IEnumerable<Symbol> SymbolsWithVersion(ushort versionIndex)
            {
                Section dynsym = OfType(ShtDynsym);
                Section versym = OfType(ShtGnuVersym);
                if (dynsym == null || versym == null) yield break;
                Section strtab = sections[(int)dynsym.Link];
                long count = dynsym.Size / SymSize;
                for (long i = 0; i < count; i++)
                {
                    // Bit 15 of a versym entry is the "hidden" flag, not part of the index.
                    if ((BitConverter.ToUInt16(Image, (int)(versym.Offset + 2 * i)) & 0x7fff) != versionIndex) continue;
                    int sym = (int)(dynsym.Offset + i * SymSize);
                    yield return new Symbol
                    {
                        Name = StringAt(strtab, BitConverter.ToUInt32(Image, sym)),
                        InfoOffset = sym + 4,
                        IsUndefined = BitConverter.ToUInt16(Image, sym + 6) == 0,
                    };
                }
            }

            public HashSet<string> DefinedVersions()
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                Section verdef = OfType(ShtGnuVerdef);
                if (verdef == null) return names;
                Section strtab = sections[(int)verdef.Link];
                int entry = (int)verdef.Offset;
                for (uint i = 0; i < verdef.Info; i++)
                {
                    int aux = entry + (int)BitConverter.ToUInt32(Image, entry + 12);
                    names.Add(StringAt(strtab, BitConverter.ToUInt32(Image, aux)));
                    entry += (int)BitConverter.ToUInt32(Image, entry + 16);
                }
                return names;
            }
        }
    }
}
