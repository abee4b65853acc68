#include "CTarjumanZlib.h"

#include <zlib.h>

void *tj_gz_dopen(int descriptor, const char *mode) {
  gzFile file = gzdopen(descriptor, mode);
  if (file != NULL) {
    gzbuffer(file, 1 << 18);
  }
  return file;
}

int64_t tj_gz_read(void *stream, void *buffer, uint32_t count) {
  return gzread((gzFile)stream, buffer, count);
}

int64_t tj_gz_write(void *stream, const void *buffer, uint32_t count) {
  return gzwrite((gzFile)stream, buffer, count);
}

int64_t tj_gz_offset(void *stream) { return gzoffset((gzFile)stream); }

int tj_gz_close(void *stream) { return gzclose((gzFile)stream); }

const char *tj_gz_error(void *stream) {
  int code = 0;
  const char *message = gzerror((gzFile)stream, &code);
  return message != NULL ? message : "";
}
