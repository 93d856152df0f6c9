using System;
using Microsoft.ML.FocalLoss.Model;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Fits <see cref="ProbabilityCalibration"/> on held-out logits by minimising the weighted negative log-likelihood of
/// softmax(a·z + b) over a = 1/T and the per-class bias b, plus two weak pulls of one row's worth each:
/// (λ/2)‖b − b₀‖² towards the prior correction b₀ = −log α, which undoes the class weighting of training and keeps b
/// finite for classes the held-out rows barely show, and (λ/2)(a − 1)² towards no rescaling, which keeps a finite
/// when the network separates the held-out rows perfectly (the likelihood alone then grows without bound as T → 0,
/// and every mistake on new rows would get a probability near 0). The objective is convex in (a, b), so Newton's
/// method with a backtracking line search finds its minimum. A binary model's logit z is fitted as the two-class
/// logits [0, z].
/// </summary>
internal static class CalibrationFit
{
    /// <summary>The pull towards the prior correction, in units of one row's log-likelihood.</summary>
    public const double PriorStrength = 1.0;

    /// <summary>The pull of a = 1/T towards 1, in units of one row's log-likelihood.</summary>
    public const double ScaleStrength = 1.0;

    private const int MaxIterations = 100;

    /// <param name="scores">Held-out logits, labels and weights.</param>
    /// <param name="alpha">The per-class α training used: C values, or [1 − α, α] for a binary model.</param>
    public static ProbabilityCalibration Fit(HeldOutScores scores, double[] alpha)
    {
        bool binary = scores.Outputs == 1;
        int classes = binary ? 2 : scores.Outputs;
        double[] z = Logits(scores, binary);
        double[] prior = PriorCorrection(alpha);
        var theta = new double[classes + 1];
        theta[0] = 1;
        Array.Copy(prior, 0, theta, 1, classes);

        var gradient = new double[classes + 1];
        var hessian = new double[(classes + 1) * (classes + 1)];
        double objective = Evaluate(z, scores.Labels, scores.Weights, classes, prior, theta, gradient, hessian);
        var step = new double[classes + 1];
        var trial = new double[classes + 1];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (!Solve(hessian, gradient, step, classes + 1)) break;
            double slope = 0;
            for (int k = 0; k <= classes; k++) slope += gradient[k] * step[k];
            if (slope > -1e-12 * (1 + Math.Abs(objective))) break; // converged: the Newton decrement is negligible
            double t = 1, next = double.NaN;
            for (int halving = 0; halving < 60; halving++, t /= 2)
            {
                for (int k = 0; k <= classes; k++) trial[k] = theta[k] + t * step[k];
                if (trial[0] <= 0) continue; // the temperature must stay positive
                next = Evaluate(z, scores.Labels, scores.Weights, classes, prior, trial, null, null);
                if (next <= objective + 1e-4 * t * slope) break;
            }
            if (!(next <= objective)) break;
            Array.Copy(trial, theta, theta.Length);
            objective = Evaluate(z, scores.Labels, scores.Weights, classes, prior, theta, gradient, hessian);
        }

        if (binary) return new ProbabilityCalibration((float)(1 / theta[0]), new[] { (float)(theta[2] - theta[1]) });
        var bias = new float[classes];
        for (int c = 0; c < classes; c++) bias[c] = (float)theta[c + 1];
        return new ProbabilityCalibration((float)(1 / theta[0]), bias);
    }

    /// <summary>−log α, centred; a class with α = 0 (no training rows) gets 0.</summary>
    public static double[] PriorCorrection(double[] alpha)
    {
        var prior = new double[alpha.Length];
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < alpha.Length; c++)
        {
            if (!(alpha[c] > 0)) continue;
            prior[c] = -Math.Log(alpha[c]);
            sum += prior[c];
            defined++;
        }
        for (int c = 0; c < alpha.Length; c++)
            if (alpha[c] > 0) prior[c] -= sum / defined;
        return prior;
    }

    /// <summary>The logits as a dense double matrix, binary logits widened to [0, z].</summary>
    private static double[] Logits(HeldOutScores scores, bool binary)
    {
        int classes = binary ? 2 : scores.Outputs;
        var z = new double[scores.Count * classes];
        for (int i = 0; i < scores.Count; i++)
        {
            if (binary) z[2 * i + 1] = scores.Logits[i];
            else for (int c = 0; c < classes; c++) z[i * classes + c] = scores.Logits[i * classes + c];
        }
        return z;
    }

    /// <summary>The objective at θ = (a, b); fills the gradient and Hessian when they are given.</summary>
    private static double Evaluate(double[] z, int[] labels, float[] weights, int classes, double[] prior, double[] theta, double[]? gradient, double[]? hessian)
    {
        int n = labels.Length, size = classes + 1;
        double a = theta[0], total = 0;
        if (gradient is not null)
        {
            Array.Clear(gradient);
            Array.Clear(hessian!);
        }
        Span<double> p = classes <= 128 ? stackalloc double[classes] : new double[classes];
        for (int i = 0; i < n; i++)
        {
            double w = weights[i];
            if (w == 0) continue;
            ReadOnlySpan<double> row = z.AsSpan(i * classes, classes);
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, a * row[c] + theta[c + 1]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += p[c] = Math.Exp(a * row[c] + theta[c + 1] - max);
            int y = labels[i];
            total += w * (max + Math.Log(sum) - (a * row[y] + theta[y + 1]));
            if (gradient is null) continue;

            double mean = 0, meanSquare = 0;
            for (int c = 0; c < classes; c++)
            {
                p[c] /= sum;
                mean += p[c] * row[c];
                meanSquare += p[c] * row[c] * row[c];
            }
            gradient[0] += w * (mean - row[y]);
            hessian![0] += w * (meanSquare - mean * mean);
            for (int c = 0; c < classes; c++)
            {
                gradient[c + 1] += w * (p[c] - (c == y ? 1 : 0));
                double cross = w * p[c] * (row[c] - mean);
                hessian[c + 1] += cross;
                hessian[(c + 1) * size] += cross;
                for (int d = 0; d < classes; d++)
                    hessian[(c + 1) * size + d + 1] += w * ((c == d ? p[c] : 0) - p[c] * p[d]);
            }
        }
        double stretch = a - 1;
        total += 0.5 * ScaleStrength * stretch * stretch;
        if (gradient is not null)
        {
            gradient[0] += ScaleStrength * stretch;
            hessian![0] += ScaleStrength;
        }
        for (int c = 0; c < classes; c++)
        {
            double offset = theta[c + 1] - prior[c];
            total += 0.5 * PriorStrength * offset * offset;
            if (gradient is null) continue;
            gradient[c + 1] += PriorStrength * offset;
            hessian![(c + 1) * size + c + 1] += PriorStrength;
        }
        return total;
    }

    /// <summary>Solves H·step = −g by Cholesky (H is positive definite thanks to the two pulls); false if it is not.</summary>
    private static bool Solve(double[] h, double[] g, double[] step, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = h[i * n + j];
                for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (!(sum > 1e-300)) return false;
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else l[i * n + j] = sum / l[j * n + j];
            }
        }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = -g[i];
            for (int k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
            y[i] = sum / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * step[k];
            step[i] = sum / l[i * n + i];
        }
        return true;
    }
}
