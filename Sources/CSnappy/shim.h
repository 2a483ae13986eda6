// Snappy's C API (Debian libsnappy-dev): remote_write bodies are snappy block-compressed.
#include <snappy-c.h>
