using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss;

/// <summary>
/// <c>CrossValidate</c> on stratified folds, on ML.NET's classification catalogs: the same results as ML.NET's
/// (each fold's model, metrics from the catalog's own evaluator, scored hold-out rows), but every fold holds each
/// class in its share, as <see cref="StratifiedSplitCatalog.StratifiedCrossValidationSplit"/> makes them.
/// </summary>
public static class StratifiedCrossValidationCatalog
{
    /// <summary>
    /// Trains <paramref name="estimator"/> on each stratified fold's training rows, scores its test rows, and
    /// evaluates them with <c>MulticlassClassification.Evaluate</c>.
    /// </summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">The rows, before the pipeline.</param>
    /// <param name="estimator">The pipeline, ending in a trainer.</param>
    /// <param name="numberOfFolds">At least 2.</param>
    /// <param name="labelColumnName">The key label the evaluator reads in the scored rows.</param>
    /// <param name="stratificationColumnName">The column of <paramref name="data"/> the folds are stratified by:
    /// the raw label the pipeline turns into <paramref name="labelColumnName"/>. Unset, <paramref name="labelColumnName"/>.</param>
    /// <param name="seed">The random seed; unset, it is drawn from the <see cref="MLContext"/>.</param>
    public static IReadOnlyList<TrainCatalogBase.CrossValidationResult<MulticlassClassificationMetrics>> StratifiedCrossValidate(
        this MulticlassClassificationCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? stratificationColumnName = null, int? seed = null)
    {
        return Run(StratifiedSplitCatalog.Host(catalog, nameof(StratifiedCrossValidate)), data, estimator, numberOfFolds, labelColumnName, stratificationColumnName, seed,
            scored => catalog.Evaluate(scored, labelColumnName));
    }

    /// <summary>
    /// Trains <paramref name="estimator"/> on each stratified fold's training rows, scores its test rows, and
    /// evaluates them with <c>BinaryClassification.Evaluate</c>, which reads the Probability column as well as
    /// Score and PredictedLabel (the focal loss trainer, FastTree, LightGbm and calibrated linear trainers have it).
    /// </summary>
    /// <param name="catalog">The binary catalog.</param>
    /// <param name="data">The rows, before the pipeline.</param>
    /// <param name="estimator">The pipeline, ending in a trainer.</param>
    /// <param name="numberOfFolds">At least 2.</param>
    /// <param name="labelColumnName">The Boolean label the evaluator reads in the scored rows.</param>
    /// <param name="stratificationColumnName">The column of <paramref name="data"/> the folds are stratified by.
    /// Unset, <paramref name="labelColumnName"/>.</param>
    /// <param name="seed">The random seed; unset, it is drawn from the <see cref="MLContext"/>.</param>
    public static IReadOnlyList<TrainCatalogBase.CrossValidationResult<CalibratedBinaryClassificationMetrics>> StratifiedCrossValidate(
        this BinaryClassificationCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? stratificationColumnName = null, int? seed = null)
    {
        return Run(StratifiedSplitCatalog.Host(catalog, nameof(StratifiedCrossValidate)), data, estimator, numberOfFolds, labelColumnName, stratificationColumnName, seed,
            scored => catalog.Evaluate(scored, labelColumnName));
    }

    /// <summary>
    /// As <see cref="StratifiedCrossValidate(BinaryClassificationCatalog, IDataView, IEstimator{ITransformer}, int, string, string?, int?)"/>,
    /// for trainers without a Probability column (averaged perceptron, linear SVM, SDCA non-calibrated): the folds
    /// are evaluated with <c>BinaryClassification.EvaluateNonCalibrated</c>, as ML.NET's <c>CrossValidateNonCalibrated</c> does.
    /// </summary>
    /// <param name="catalog">The binary catalog.</param>
    /// <param name="data">The rows, before the pipeline.</param>
    /// <param name="estimator">The pipeline, ending in a trainer.</param>
    /// <param name="numberOfFolds">At least 2.</param>
    /// <param name="labelColumnName">The Boolean label the evaluator reads in the scored rows.</param>
    /// <param name="stratificationColumnName">The column of <paramref name="data"/> the folds are stratified by.
    /// Unset, <paramref name="labelColumnName"/>.</param>
    /// <param name="seed">The random seed; unset, it is drawn from the <see cref="MLContext"/>.</param>
    public static IReadOnlyList<TrainCatalogBase.CrossValidationResult<BinaryClassificationMetrics>> StratifiedCrossValidateNonCalibrated(
        this BinaryClassificationCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds = 5,
        string labelColumnName = DefaultColumnNames.Label, string? stratificationColumnName = null, int? seed = null)
    {
        return Run(StratifiedSplitCatalog.Host(catalog, nameof(StratifiedCrossValidateNonCalibrated)), data, estimator, numberOfFolds, labelColumnName, stratificationColumnName, seed,
            scored => catalog.EvaluateNonCalibrated(scored, labelColumnName));
    }

    /// <summary>
    /// Fits the estimator on each stratified fold's training rows and evaluates its scored test rows. The folds are
    /// stratified by <paramref name="stratificationColumnName"/>, or the label when it is null; an error about that
    /// column names whichever parameter the caller used.
    /// </summary>
    private static IReadOnlyList<TrainCatalogBase.CrossValidationResult<TMetrics>> Run<TMetrics>(IHost host, IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds, string labelColumnName, string? stratificationColumnName, int? seed, Func<IDataView, TMetrics> evaluate) where TMetrics : class
    {
        host.CheckValue(estimator, nameof(estimator));
        string column = stratificationColumnName ?? labelColumnName;
        string parameter = stratificationColumnName is null ? nameof(labelColumnName) : nameof(stratificationColumnName);
        return StratifiedSplitCatalog.Folds(host, data, numberOfFolds, column, seed, parameter).Select((fold, f) =>
        {
            ITransformer model = estimator.Fit(fold.TrainSet);
            IDataView scored = model.Transform(fold.TestSet);
            return new TrainCatalogBase.CrossValidationResult<TMetrics>(model, evaluate(scored), scored, f);
        }).ToArray();
    }
}
