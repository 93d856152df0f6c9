using System;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The learning rate at a step under a <see cref="LearningRateSchedule"/>.</summary>
internal static class LearningRates
{
    private const double WarmUpShare = 0.3;

    public static double At(LearningRateSchedule schedule, double peak, long step, long totalSteps)
    {
        double progress = totalSteps <= 1 ? 0 : (double)step / (totalSteps - 1);
        switch (schedule)
        {
            case LearningRateSchedule.Cosine:
                return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
            case LearningRateSchedule.OneCycle:
                if (progress < WarmUpShare) return peak * Math.Max(0.04, progress / WarmUpShare);
                return peak * 0.5 * (1 + Math.Cos(Math.PI * (progress - WarmUpShare) / (1 - WarmUpShare)));
            default:
                return peak;
        }
    }
}
