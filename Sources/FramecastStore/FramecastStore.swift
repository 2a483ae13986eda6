// FramecastStore: the durable side of ingestion (see DESIGN.md, "Storage and scale-out").
//
//   MetricLog            the protocol: an ordered log of encoded batches plus checkpoints
//   SQLiteMetricLog      the embedded implementation (GRDB, WAL, synchronous=FULL, group commit)
//   RecoveryReport       what opening a log found and discarded
//   LogReplayer          newest checkpoint + the decoded batches after it, in order
//
// The batch encoding itself (LogBatchCodec, CRC32C) is pure Swift in FramecastCore/Store.
