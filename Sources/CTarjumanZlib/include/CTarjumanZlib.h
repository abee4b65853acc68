// A thin C layer over zlib's gzip file functions (zlib1g-dev).
//
// The header uses only plain C types: a gzip stream is an opaque `void *`, so that the
// Swift module importing it never depends on zlib's headers. Every name starts with
// `tj_gz_`; each function calls one zlib function, named in its comment.

#ifndef CTARJUMAN_ZLIB_H
#define CTARJUMAN_ZLIB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Opens a gzip stream on a file descriptor (`gzdopen`); `mode` is "rb" or "wb6".
/// Reading a descriptor that does not hold gzip data reads its bytes as they are.
/// Returns NULL on failure. Closing the stream closes the descriptor.
void *tj_gz_dopen(int descriptor, const char *mode);

/// Reads up to `count` uncompressed bytes (`gzread`); 0 at the end, -1 on an error.
int64_t tj_gz_read(void *stream, void *buffer, uint32_t count);

/// Compresses and writes `count` bytes (`gzwrite`); returns the bytes taken, 0 on an error.
int64_t tj_gz_write(void *stream, const void *buffer, uint32_t count);

/// The offset in the compressed input reached so far (`gzoffset`).
int64_t tj_gz_offset(void *stream);

/// Flushes and closes the stream and its descriptor (`gzclose`); 0 on success.
int tj_gz_close(void *stream);

/// The last error's message (`gzerror`), or an empty string.
const char *tj_gz_error(void *stream);

#ifdef __cplusplus
}
#endif

#endif
