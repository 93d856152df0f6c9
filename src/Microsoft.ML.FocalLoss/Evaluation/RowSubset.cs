using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// The rows of a data view whose position is set in a mask, streamed from the source in order: a split or a row
/// filter that does not hold the rows in memory.
/// </summary>
internal sealed class RowSubset(IDataView source, BitArray keep) : IDataView
{
    // Counted once: trainers size their buffers from it instead of growing them row by row.
    private readonly Lazy<long> _count = new(() =>
    {
        long count = 0;
        for (int i = 0; i < keep.Length; i++) if (keep[i]) count++;
        return count;
    });

    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    /// <summary>The rows the mask keeps; the mask never covers more rows than the source has.</summary>
    public long? GetRowCount() => _count.Value;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), keep);

    // One cursor: positions are only meaningful in the source's own order.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor(DataViewRowCursor inner, BitArray keep) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                if (inner.Position < keep.Length && keep[(int)inner.Position])
                {
                    _position++;
                    return true;
                }
            }
            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
