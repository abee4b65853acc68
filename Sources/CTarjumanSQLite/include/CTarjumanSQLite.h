// A thin C layer over the process-wide settings of the system SQLite (libsqlite3-dev).
//
// `sqlite3_config` is variadic, which Swift cannot call; this header exposes what the
// translation memory sets, with plain C types only. Every name starts with `tj_sqlite_`.

#ifndef CTARJUMAN_SQLITE_H
#define CTARJUMAN_SQLITE_H

#ifdef __cplusplus
extern "C" {
#endif

/// Switches SQLite to its multi-thread mode (`SQLITE_CONFIG_MULTITHREAD`: no mutex on
/// each connection and statement, each connection used by one thread at a time) and
/// turns off its memory statistics (`SQLITE_CONFIG_MEMSTATUS`, which takes a global mutex
/// on every allocation).
///
/// It must run before SQLite is first used in the process. Returns `SQLITE_OK` (0), or
/// `SQLITE_MISUSE` (21) when SQLite was already initialized, in which case nothing
/// changed.
int tj_sqlite_use_multithread_mode(void);

#ifdef __cplusplus
}
#endif

#endif
