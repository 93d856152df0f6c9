using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>One trainer's test-set outcome: its per-class report and the data behind its ROC curves.</summary>
internal sealed record TrainerResult(string Name, ClassificationReport Report, float[] Probabilities, int[] Labels, double Seconds)
{
    public double Accuracy => Report.Classes.Sum(c => c.Recall * c.Support) / Report.Classes.Sum(c => c.Support);

    /// <summary>The recall of the class with the fewest test rows.</summary>
    public ClassReportRow RarestClass => Report.Classes.OrderBy(c => c.Support).First();
}
