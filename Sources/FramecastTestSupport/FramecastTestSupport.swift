// FramecastTestSupport: what the tests and the crash-test child (framecast-crash-child) share,
// kept out of the product targets (as Hummingbird keeps HummingbirdTesting, NIO NIOTestUtils).
//
//   CrashTestChild       the process the SIGKILL crash tests run: log-level (`run`/`verify`) and
//                        engine-level (`engineRun`/`engineVerify`) generators and checks
//   StandardOutput       unbuffered whole-line writes, so nothing is lost when the child is killed
