using System;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Picks the training device as Microsoft.ML.TorchSharp does, from <c>MLContext.GpuDeviceId</c> and
/// <c>MLContext.FallbackToCpu</c>, with the trainer's <see cref="FocalLossTrainerOptionsBase.Device"/> and
/// <see cref="FocalLossTrainerOptionsBase.FallBackToCpu"/> as overrides.
/// </summary>
internal static class TrainingDevice
{
    private const string GpuDeviceIdSetting = "MLContext.GpuDeviceId";

    public static Device Resolve(IHost host, IChannel ch, FocalLossTrainerOptionsBase options)
    {
        // MLContext, and every host registered from it, carries the two settings.
        var context = host as IHostEnvironmentInternal;
        bool fallBack = options.FallBackToCpu ?? context?.FallbackToCpu ?? false;
        string fallBackSetting = options.FallBackToCpu.HasValue ? nameof(options.FallBackToCpu) : "MLContext.FallbackToCpu";

        string requested, setting;
        if (options.Device is not null)
        {
            requested = options.Device.Trim().ToLowerInvariant();
            setting = nameof(options.Device);
        }
        else if (context?.GpuDeviceId is int id)
        {
            if (id < 0) throw host.ExceptUserArg(nameof(options.Device), $"{GpuDeviceIdSetting} is {id}; a GPU index is 0 or more.");
            requested = $"cuda:{id}";
            setting = GpuDeviceIdSetting;
        }
        else
        {
            return CPU;
        }

        if (requested == "cpu") return CPU;
        if (!requested.StartsWith("cuda", StringComparison.Ordinal))
            throw host.ExceptUserArg(nameof(options.Device), $"'{options.Device}' is not a device: use \"cpu\" or \"cuda\" (or \"cuda:N\").");
        if (cuda.is_available())
        {
            var device = new Device(requested);
            if (device.index < cuda.device_count()) return device;
            throw host.ExceptUserArg(nameof(options.Device), $"{setting} asks for GPU {device.index}, but this machine has {cuda.device_count()} (numbered from 0).");
        }
        if (!fallBack)
            throw host.ExceptUserArg(nameof(options.Device), $"{setting} asks for CUDA ({requested}), which is not available, and {fallBackSetting} is false. "
                + "Reference TorchSharp-cuda-linux or TorchSharp-cuda-windows (instead of TorchSharp-cpu) on a machine with an NVIDIA GPU, or allow the fallback.");
        ch.Warning($"{setting} asks for CUDA ({requested}), which is not available; training on the CPU because {fallBackSetting} is true.");
        return CPU;
    }
}
