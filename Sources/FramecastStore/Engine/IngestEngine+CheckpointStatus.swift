extension IngestEngine {
    /// Whether a background checkpoint is running, and the newest checkpoint's sequence number:
    /// what the crash test (FramecastTestSupport) polls to aim its kills into checkpoints. Package
    /// access: no product code needs it.
    package var checkpointStatus: (running: Bool, seq: UInt64) { (checkpointTask != nil, lastCheckpointSeq) }
}
