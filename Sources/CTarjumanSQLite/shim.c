#include "CTarjumanSQLite.h"

#include <sqlite3.h>

int tj_sqlite_use_multithread_mode(void) {
  int status = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  if (status != SQLITE_OK) return status;
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
